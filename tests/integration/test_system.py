"""The whole system as real processes on the real broker and the embedded store (issues 3 and 4)."""

import json
import time

import pika
from nameko.standalone.rpc import ClusterRpcProxy

from tests.integration.http import call, wait_until
from tests.listing.usecases import product
from tianping import SERVICE_NAMES
from tianping.lib import envelope
from tianping.lib.errors import SubjectNotActive


def http(system, method, path, body=None, role="platform_admin", headers=None):
    return call(system, method, path, body, role=role, headers=headers)


def rpc(system):
    return ClusterRpcProxy({"AMQP_URI": system.settings.amqp_uri}, timeout=10)


def in_step(system, last=[]):  # noqa: B006 - keeps the last view for failure messages
    status, body, _ = http(system, "GET", "/v1/blacklist/propagation", role="sre")
    last[:] = [body]
    return status == 200 and body["in_step"] and body


def test_every_service_answers_ping_and_status_reports_seven_components(system):
    with rpc(system) as cluster:
        for name in SERVICE_NAMES:
            assert getattr(cluster, name).ping()["status"] == "ok"
    status, body, headers = http(system, "GET", "/readyz", role=None, headers={"X-Request-Id": "rid-123"})
    assert status == 200 and body["ready"] is True
    assert set(body["components"]) == {"broker"}  # only what the gateway itself needs (issue 29)
    status, body, _ = http(system, "GET", "/v1/status", role="sre")
    assert status == 200 and set(body["components"]) == {"broker", "store", *SERVICE_NAMES}
    assert headers["X-Request-Id"] == "rid-123"
    assert http(system, "GET", "/healthz", role=None)[0] == 200
    spec = http(system, "GET", "/openapi.json", role=None)[1]
    assert spec["openapi"].startswith("3.") and "/v1/blacklist/{subject_id}/propagation" in spec["paths"]


def test_gateway_errors_have_one_shape(system):
    status, body, _ = http(system, "POST", "/v1/violations", {"subject_type": "alien"})
    assert status == 400 and body["error"]["code"] == "validation_failed"
    assert {"subject_id", "subject_type", "rule_id", "severity"} <= set(body["error"]["fields"])
    assert body["error"]["request_id"]
    assert http(system, "POST", "/v1/blacklist", {}, role=None)[0] == 401
    assert http(system, "POST", "/v1/blacklist", {}, role="merchant")[0] == 403
    assert http(system, "GET", "/v1/blacklist/nobody", role="sre")[1]["error"]["code"] == "not_found"


def review_once_known(cluster, body):
    """Listing learns of new subjects from onboarding's events: submit once it knows them (R-ONB-02)."""
    def attempt():
        try:
            return cluster.listing.review(body)
        except SubjectNotActive:
            return None

    return wait_until(attempt)


def test_serious_violation_is_enforced_by_all_five_with_cascade(system):
    with rpc(system) as cluster:
        cluster.onboarding.register_subject({"subject_id": "mcn-x", "subject_type": "mcn",
                                             "identity": {"credit_code": "91MCNX"}})
        cluster.onboarding.register_subject({"subject_id": "host-x", "subject_type": "host"})
        cluster.onboarding.register_subject({"subject_id": "shop-9", "subject_type": "merchant"})
        cluster.onboarding.add_contract("mcn-x", {"host_id": "host-x"})
        listing = review_once_known(cluster, product("mcn-x", host_id="host-x"))
        hosted = review_once_known(cluster, product("shop-9", host_id="host-x"))
        cluster.aftersale.record_order({"order_id": "o1", "consumer_id": "b1", "merchant_id": "mcn-x",
                                        "items": [{"sku": "s1", "category": "jewelry", "amount": "10.00"}],
                                        "total_amount": "10.00", "paid_at": "2026-01-01T10:00:00+08:00"})
        request = cluster.aftersale.open_request({"order_id": "o1", "buyer_id": "b1", "kind": "refund_only"})
        case = cluster.dispute.open_dispute({"consumer_id": "b1", "order_id": "o1", "claim": "fake",
                                             "amount_claimed": "10.00"})
    status, body, _ = http(system, "POST", "/v1/violations", {
        "subject_id": "mcn-x", "subject_type": "mcn", "rule_id": "PB-22", "severity": "general",
        "evidence": ["doc://forged-licence"]})
    assert status == 201 and body["blacklist_seq"] and "R-REP-13" in body["violation"]["rule_ids"]

    def all_enforce():
        s, b, _ = http(system, "GET", "/v1/blacklist/mcn-x/propagation", role="sre")
        return s == 200 and b["all_in_step"] and all(x["enforcing"] for x in b["services"]) and b

    view = wait_until(all_enforce)
    assert {s["service"] for s in view["services"]} == set(SERVICE_NAMES)
    with rpc(system) as cluster:
        assert cluster.onboarding.get_subject("mcn-x")["status"] == "blacklisted"
        wait_until(lambda: cluster.onboarding.get_subject("host-x")["status"] == "suspended")
        assert cluster.listing.get_listing(listing["listing_id"])["status"] == "withdrawn"
        wait_until(lambda: cluster.listing.get_listing(hosted["listing_id"])["status"] == "withdrawn")
        assert cluster.aftersale.get_request(request["request_id"])["deadline_owner"] == "platform"
        assert cluster.dispute.get_case(case["case_id"])["advance_compensation_available"] is True
        assert cluster.reputation.get_reputation("mcn-x")["frozen"] is True
        reentry = cluster.onboarding.is_allowed("mcn-x", "apply")
        assert reentry["allowed"] is False and "R-ONB-05" in reentry["rule_ids"]
    status, body, _ = http(system, "POST", "/v1/blacklist/mcn-x/lift", {"reason": "appeal granted"})
    assert status == 200 and body["action"] == "lift"
    with rpc(system) as cluster:
        wait_until(lambda: cluster.onboarding.get_subject("host-x")["status"] == "active")
        assert cluster.listing.get_listing(listing["listing_id"])["status"] == "withdrawn"
    wait_until(lambda: in_step(system))


def test_duplicate_and_out_of_order_messages_leave_state_correct(system):
    with rpc(system) as cluster:
        change = cluster.reputation.blacklist_add({"subject_id": "dup-1", "subject_type": "host",
                                                   "reason": "dup test", "rule_ids": ["R-REP-13"]}, "t")
        wait_until(lambda: in_step(system))
        head = cluster.reputation.blacklist_head()["head"]
        changes = cluster.reputation.blacklist_changes(head - 1, 1)
        assert changes[0]["seq"] == change["seq"]
        before = cluster.onboarding.blacklist_entry("dup-1")["history"]
    # Replay the same change twice, plus a forged far-future one out of order, straight onto the exchange.
    connection = pika.BlockingConnection(pika.URLParameters(system.settings.amqp_uri))
    channel = connection.channel()
    future = dict(changes[0], seq=head + 50, subject_id="never-committed")
    for batch in ([changes[0]], [future, changes[0]], [changes[0]]):
        channel.basic_publish("reputation.events", "blacklist_changed",
                              json.dumps(envelope.wrap("blacklist_changed", "chaos", {"changes": batch})),
                              pika.BasicProperties(content_type="application/json", delivery_mode=2))
    connection.close()
    time.sleep(1.5)
    with rpc(system) as cluster:
        for name in SERVICE_NAMES:
            assert getattr(cluster, name).blacklist_entry("never-committed")["entry"] is None
            assert getattr(cluster, name).blacklist_status()["applied_seq"] == head
        assert cluster.onboarding.blacklist_entry("dup-1")["history"] == before
    assert in_step(system)


def test_a_service_down_leaves_the_gateway_ready_and_shows_in_the_status(system):
    """No cascading outage: one service down must not take every gateway out of the ingress (issue 29)."""
    system.stop_component("dispute")
    assert http(system, "GET", "/readyz", role=None)[0] == 200
    status, body, _ = http(system, "GET", "/v1/status", role="sre")
    assert status == 200 and body["ready"] is False and body["components"]["dispute"]["ready"] is False
    system.spawn(system.component("dispute"))
    system.wait_ready(["dispute"], timeout=30)
    wait_until(lambda: http(system, "GET", "/v1/status", role="sre")[1]["ready"])


def test_public_readiness_is_rate_limited_but_not_for_the_kubelet(system):
    answers = [http(system, "GET", "/readyz", role=None)[0] for _ in range(30)]
    assert 429 in answers and answers[0] == 200
    kubelet = [http(system, "GET", "/readyz", role=None, headers={"User-Agent": "kube-probe/1.30"})[0]
               for _ in range(30)]
    assert set(kubelet) == {200}
