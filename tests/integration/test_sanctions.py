"""The sanction ladder end to end on the real broker and store, through the gateway, as a trust-and-safety team
sees it (issue 24): violations move a merchant up the rungs and each service's own replica enforces each rung on
its hot path — listing publish and community posts, going live, new orders, applications — allowed or refused with
the rule IDs; a suspension hides live listings and ends by itself on the test clock; an MCN's suspension stops its
host going live, and an overturned appeal lets it go live again."""

from datetime import datetime

from tests.integration.http import call, wait_until
from tests.integration.test_test_clocks import SYSTEM_ENV as CLOCKS
from tests.integration.test_test_clocks import advance, platform_now
from tests.listing.usecases import product
from tests.onboarding.cases import host, mcn, merchant
from tianping import SERVICE_NAMES

SYSTEM_ENV = CLOCKS
ROOM = {"licence_info": "营业执照 91440300MA5XXXXX", "dispute_channel": "平台客服-纠纷入口",
        "service_hotline": "400-800-1234"}
POST = {"kind": "community_post", "title": "周末去哪玩", "description": "分享一下爬山的照片", "price": None,
        "shipping_fee": None}
ON_AIR = {"broadcaster_id_number": "440301199001011234", "room_id": "room-h"}


def violate(system, subject, n, rule="PB-01", subject_type="merchant") -> list[dict]:
    out = []
    for _ in range(n):
        status, body, _ = call(system, "POST", "/v1/violations", {
            "subject_id": subject, "subject_type": subject_type, "rule_id": rule, "severity": "general",
            "evidence": ["ev://case"]})
        assert status == 201, body
        out.append(body)
    return out


def propagated(system, subject, level) -> dict:
    """Every service's replica holds the authority's sanction of `subject` and enforces `level` now."""
    def every_service():
        status, view, _ = call(system, "GET", f"/v1/subjects/{subject}/sanction-propagation", role="sre")
        return status == 200 and view["all_in_step"] and view["authority"]["level"] == level and \
            all(s["level"] == level for s in view["services"]) and view
    return wait_until(every_service, timeout=15)


def order(system, order_id, shop="lad-m"):
    paid = platform_now(system).isoformat()
    return call(system, "POST", "/v1/orders", {
        "order_id": order_id, "consumer_id": "b1", "merchant_id": shop,
        "items": [{"sku": "sku1", "category": "apparel", "amount": "99.00"}], "total_amount": "99.00",
        "paid_at": paid, "shipped_at": paid, "delivered_at": paid}, role="service")


def refused(answer, action) -> bool:
    status, body, _ = answer
    return status == 422 and body["error"]["code"] == "subject_sanctioned" and \
        body["error"]["fields"]["action"] == [action] and "R-REP-18" in body["error"]["fields"]["rule_ids"]


def listing(system, **extra):
    return call(system, "POST", "/v1/listings", {k: v for k, v in product("lad-m", **extra).items()
                                                 if k != "operator_id"}, role="merchant", sub="lad-m")


def matrix(system) -> dict:
    """Every restricted action of the merchant, through the gateway: (status, listing status or error code)."""
    def outcome(answer, key="status"):
        status, body, _ = answer
        return status, body["error"]["code"] if status >= 400 else body.get(key)
    return {"publish_listing": outcome(listing(system)), "run_community": outcome(listing(system, **POST)),
            "promote": outcome(listing(system, promotion={"description": "满199减20"})),
            "go_live": outcome(call(system, "PUT", "/v1/rooms/room-m", ROOM, role="merchant", sub="lad-m"), "room_id"),
            "take_orders": outcome(order(system, f"o-{platform_now(system).timestamp()}"), "order_id"),
            "apply": outcome(call(system, "POST", "/v1/applications", merchant(subject_id="lad-m"),
                                  role="platform_admin"))}


def test_the_ladder_in_every_service_expiry_mcn_cascade_and_appeal(system):
    for application in (merchant(subject_id="lad-m"), mcn(subject_id="lad-mcn", identity={"credit_code": "91110000MA0000001X"}),
                        host(subject_id="lad-h", mcn_id="lad-mcn")):
        status, body, _ = call(system, "POST", "/v1/applications", application)
        assert status == 201 and body["status"] == "approved", body
    first = wait_until(lambda: (lambda a: a[0] == 201 and a)(listing(system)), timeout=15)  # listing knows lad-m
    assert first[1]["status"] == "published"
    live = first[1]["listing_id"]
    assert order(system, "o-existing")[0] == 201

    violate(system, "lad-m", 2)  # 12 points: warning — recorded and shown, nothing blocked
    assert propagated(system, "lad-m", "warning")
    seen = matrix(system)
    assert seen["publish_listing"] == (201, "published") and seen["run_community"] == (201, "published")
    assert seen["go_live"][0] == 200 and seen["take_orders"][0] == 201 and seen["apply"] == (409, "conflict")

    violate(system, "lad-m", 2)  # 24: restricted — new listings and posts to a reviewer, promotions refused
    assert propagated(system, "lad-m", "restricted")
    seen = matrix(system)
    assert seen["publish_listing"] == (201, "in_review") and seen["run_community"] == (201, "in_review")
    assert seen["promote"] == (422, "subject_sanctioned") and seen["go_live"][0] == 200
    assert seen["take_orders"][0] == 201 and seen["apply"] == (409, "conflict")

    violate(system, "lad-m", 2)  # 36: suspended
    view = propagated(system, "lad-m", "suspended")
    assert all(not s["verdicts"]["take_orders"]["allowed"] for s in view["services"])
    assert {s["service"] for s in view["services"]} == set(SERVICE_NAMES)
    assert refused(listing(system), "publish_listing") and refused(listing(system, **POST), "run_community")
    assert refused(call(system, "PUT", "/v1/rooms/room-m", ROOM, role="merchant", sub="lad-m"), "go_live")
    assert refused(order(system, "o-during"), "take_orders")
    assert refused(call(system, "POST", "/v1/applications", merchant(subject_id="lad-m")), "apply")
    hidden = call(system, "GET", f"/v1/listings/{live}", role="consumer", sub="b1")
    assert hidden[0] == 403 and "R-REP-18" in hidden[1]["error"]["fields"]["rule_ids"]
    own = call(system, "GET", f"/v1/listings/{live}", role="merchant", sub="lad-m")[1]
    assert own["status"] == "published" and own["hidden"]["level"] == "suspended"  # hidden, not withdrawn
    assert own["trail"][-1]["event"] == "hidden"  # recorded in the listing's trail
    opened = call(system, "POST", "/v1/aftersale/requests", {"order_id": "o-existing", "kind": "no_reason_return"},
                  role="consumer", sub="b1")
    assert opened[0] == 201, opened[1]  # an existing buyer keeps every right

    until = datetime.fromisoformat(view["authority"]["until"])  # the suspension ends by itself
    advance(system, int((until - platform_now(system)).total_seconds()) - 60)
    assert refused(order(system, "o-just-before"), "take_orders")
    advance(system, 61)
    assert propagated(system, "lad-m", "restricted")
    shown = call(system, "GET", f"/v1/listings/{live}", role="consumer", sub="b1")
    assert shown[0] == 200 and shown[1]["trail"][-1]["event"] == "shown"
    assert order(system, "o-after")[0] == 201

    appealed = violate(system, "lad-mcn", 3, rule="PB-13", subject_type="mcn")  # 36: the MCN suspended
    assert propagated(system, "lad-mcn", "suspended")
    assert refused(call(system, "POST", "/v1/hosts/lad-h/broadcast-checks", ON_AIR, role="service"), "go_live")
    status, appeal, _ = call(system, "POST", "/v1/appeals", {
        "subject_id": "lad-mcn", "violation_id": appealed[-1]["violation"]["violation_id"], "grounds": "not ours"})
    assert status == 201, appeal
    decided = call(system, "POST", f"/v1/appeals/{appeal['appeal_id']}/decision",
                   {"outcome": "overturned", "reason": "the host acted alone"})
    assert decided[0] == 200, decided[1]
    view = propagated(system, "lad-mcn", "restricted")
    assert view["authority"]["cause"] == appeal["appeal_id"]
    assert view["authority"]["decision_id"] == f"sanction:{appeal['appeal_id']}"
    status, checked, _ = call(system, "POST", "/v1/hosts/lad-h/broadcast-checks", ON_AIR, role="service")
    assert status == 200 and checked["match"] is True


def test_the_liability_graph_flags_linked_subjects_and_the_lift_clears_them(system):
    """Two merchants registered with the same contact phone and address; one is blacklisted, then lifted."""
    shared = {"contact_phone": "+86 21 5555 0000", "address": "上海市 浦东新区 1号"}
    for subject_id, code in (("graph-a", "91310000GA0000001X"), ("graph-b", "91310000GB0000001X")):
        status, body, _ = call(system, "POST", "/v1/applications",
                               merchant(subject_id=subject_id, identity={"credit_code": code, **shared}))
        assert status == 201, body
    status, change, _ = call(system, "POST", "/v1/blacklist", {"subject_id": "graph-a", "subject_type": "merchant",
                                                              "reason": "forged licence", "rule_ids": ["PB-22"]})
    assert status == 201, change

    def flagged():
        status, view, _ = call(system, "GET", "/v1/subjects/graph-b/links", role="sre")
        return status == 200 and view["flags"] and view
    view = wait_until(flagged, timeout=15)
    assert view["links"] == [{"subject_id": "graph-a", "shared": ["address", "phone"]}]
    assert view["flags"][0]["cause"] == f"blacklist:{change['seq']}" and view["flags"][0]["status"] == "open"
    assert call(system, "GET", "/v1/subjects/graph-b", role="sre")[1]["status"] == "active"  # flagged, not sanctioned
    status, lifted, _ = call(system, "POST", "/v1/blacklist/graph-a/lift", {"reason": "licence was genuine"})
    assert status == 200, lifted
    wait_until(lambda: call(system, "GET", "/v1/subjects/graph-b/links", role="sre")[1]["flags"][0]["status"]
               == "cleared", timeout=15)
