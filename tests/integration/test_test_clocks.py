"""Test clocks end to end, as a QA team drives them: the system runs as real processes with TIANPING_TEST_CLOCKS=1,
and everything goes through the gateway. Every automatic step of after-sale (merchant silence 48 h → approved,
the buyer's 7-day shipping lapse, 72 h deemed receipt, a refund or a fulfilment not made in time, a proposal or a
question the buyer leaves unanswered) and of mediation (merchant silence 3 days, the 5-day evidence period, a
proposal nobody answers, a decided amount unpaid → advance compensation) is shown one minute before its deadline
(nothing fires) and at it (it fires, once, and the advance says so). The route's own rules: platform_admin only,
strict bounds and types, every service on one offset, kept across a restart."""

from datetime import datetime

import pytest

from tests.integration.http import call

SYSTEM_ENV = {"TIANPING_TEST_CLOCKS": "1", "TIANPING_SWEEP_SECONDS": "0.5"}


def platform_now(system) -> datetime:
    status, clock, _ = call(system, "GET", "/v1/test-clock", role="sre")
    assert status == 200, clock
    return datetime.fromisoformat(clock["now"])


def advance(system, seconds: int) -> dict:
    status, moved, _ = call(system, "POST", "/v1/test-clock/advance", {"seconds": seconds})
    assert status == 200 and moved["consistent"], moved
    return moved


def fired_for(moved: dict, service: str, subject: str) -> list[tuple[str, str, str]]:
    return [(d["kind"], d["outcome"], d["rule_id"]) for d in moved["services"][service]["fired"]
            if d["subject"] == subject]


def up_to(system, due_at: str, service: str, subject: str) -> dict:
    """Advance to one minute before `due_at` (nothing of `subject` fires), then to it; the second advance's answer."""
    before = int((datetime.fromisoformat(due_at) - platform_now(system)).total_seconds()) - 60
    assert before > 0
    assert fired_for(advance(system, before), service, subject) == []
    return advance(system, 61)


def order(system, order_id: str, buyer: str, shop: str, amount: str = "99.00") -> None:
    delivered = platform_now(system).isoformat()
    body = {"order_id": order_id, "consumer_id": buyer, "merchant_id": shop,
            "items": [{"sku": "sku1", "category": "apparel", "amount": amount}], "total_amount": amount,
            "paid_at": delivered, "shipped_at": delivered, "delivered_at": delivered}
    status, out, _ = call(system, "POST", "/v1/orders", body, role="service")
    assert status == 201, out


def open_request(system, order_id: str, buyer: str, shop: str, kind: str = "no_reason_return", **extra) -> dict:
    order(system, order_id, buyer, shop)
    status, req, _ = call(system, "POST", "/v1/aftersale/requests", {"order_id": order_id, "kind": kind, **extra},
                          role="consumer", sub=buyer)
    assert status == 201 and req["status"] == "awaiting_merchant", req
    return req


def request(system, req: dict) -> dict:
    return call(system, "GET", f"/v1/aftersale/requests/{req['request_id']}", role="sre")[1]


def running(view: dict) -> dict:
    return next(d for d in view["deadlines"] if d["status"] == "pending")


def merchant(system, req, shop, action, **extra):
    status, out, _ = call(system, "POST", f"/v1/aftersale/requests/{req['request_id']}/responses",
                          {"action": action, **extra}, role="merchant", sub=shop)
    assert status == 200, out
    return out


def buyer(system, req, buyer_id, action, **extra):
    status, out, _ = call(system, "POST", f"/v1/aftersale/requests/{req['request_id']}/buyer-actions",
                          {"action": action, **extra}, role="consumer", sub=buyer_id)
    assert status == 200, out
    return out


# -- after-sale ---------------------------------------------------------------------------------------------------
def test_merchant_silent_48_hours_approved_then_buyer_silent_7_days_lapses(system):
    req = open_request(system, "tc-o1", "tc-b1", "tc-s1")
    moved = up_to(system, running(request(system, req))["due_at"], "aftersale", req["request_id"])
    assert fired_for(moved, "aftersale", req["request_id"]) == [("respond", "auto_approved", "R-AFT-05")]
    view = request(system, req)
    assert view["status"] == "awaiting_return" and running(view)["kind"] == "ship_return"
    moved = up_to(system, running(view)["due_at"], "aftersale", req["request_id"])
    assert fired_for(moved, "aftersale", req["request_id"]) == [("ship_return", "lapsed", "R-AFT-01")]
    view = request(system, req)
    assert view["status"] == "lapsed"
    assert [s["event"] for s in view["trail"]].count("auto_approved") == 1


def test_receipt_deemed_after_72_hours_then_a_refund_not_made_in_time_stalls(system):
    req = open_request(system, "tc-o2", "tc-b2", "tc-s2")
    merchant(system, req, "tc-s2", "accept")
    buyer(system, req, "tc-b2", "ship_return", tracking_number="SF123", carrier="SF")
    moved = up_to(system, running(request(system, req))["due_at"], "aftersale", req["request_id"])
    assert fired_for(moved, "aftersale", req["request_id"]) == [("confirm_receipt", "receipt_auto_confirmed",
                                                                 "R-AFT-07")]
    view = request(system, req)
    assert view["status"] == "refund_due"
    moved = up_to(system, running(view)["due_at"], "aftersale", req["request_id"])
    assert fired_for(moved, "aftersale", req["request_id"]) == [("refund", "refund_overdue", "R-AFT-06")]
    view = request(system, req)
    assert view["status"] == "refund_due" and view["trail"][-1]["event"] == "refund_overdue"
    status, escalated, _ = call(system, "POST", f"/v1/aftersale/requests/{req['request_id']}/escalation",
                                {"reason": "never refunded"}, role="consumer", sub="tc-b2")
    assert status == 200 and escalated["status"] == "escalated"  # a stalled request may go to mediation


def test_a_repair_not_fulfilled_in_time_is_a_breach(system):
    req = open_request(system, "tc-o3", "tc-b3", "tc-s3", kind="repair", reason="the zip broke")
    merchant(system, req, "tc-s3", "accept")
    buyer(system, req, "tc-b3", "ship_return", tracking_number="SF124", carrier="SF")
    merchant(system, req, "tc-s3", "confirm_receipt")
    view = request(system, req)
    assert view["status"] == "fulfilment_due"
    moved = up_to(system, running(view)["due_at"], "aftersale", req["request_id"])
    assert fired_for(moved, "aftersale", req["request_id"]) == [("fulfil", "fulfil_overdue", "R-AFT-07")]


@pytest.mark.parametrize("action, kind, extra", [
    ("propose_partial_refund", "answer_proposal", {"amount": "20.00", "reason": "a small scratch"}),
    ("request_info", "answer_info", {"reason": "a photo of the label, please"}),
])
def test_a_buyer_who_leaves_the_merchant_unanswered_for_7_days_lapses(system, action, kind, extra):
    req = open_request(system, f"tc-o4-{kind}", f"tc-b4-{kind}", "tc-s4")
    merchant(system, req, "tc-s4", action, **extra)
    moved = up_to(system, running(request(system, req))["due_at"], "aftersale", req["request_id"])
    assert fired_for(moved, "aftersale", req["request_id"]) == [(kind, "lapsed", "R-AFT-05")]
    assert request(system, req)["status"] == "lapsed"


# -- mediation ----------------------------------------------------------------------------------------------------
def open_case(system, order_id: str, buyer_id: str, shop: str) -> dict:
    order(system, order_id, buyer_id, shop, amount="300.00")
    status, case, _ = call(system, "POST", "/v1/disputes", {"order_id": order_id, "claim": "the jade is glass",
                                                           "amount_claimed": "300.00"}, role="consumer", sub=buyer_id)
    assert status == 201 and case["status"] == "awaiting_merchant", case
    return case


def case_view(system, case) -> dict:
    return call(system, "GET", f"/v1/disputes/{case['case_id']}", role="sre")[1]


def test_merchant_silent_3_days_loses_by_default_and_advance_compensation_opens(system):
    case = open_case(system, "tc-d1", "tc-db1", "tc-ds1")
    moved = up_to(system, running(case_view(system, case))["due_at"], "dispute", case["case_id"])
    assert fired_for(moved, "dispute", case["case_id"]) == [("merchant_response", "merchant_defaulted", "R-DSP-10")]
    view = case_view(system, case)
    assert view["outcome"] == "buyer_favoured" and "merchant_unreachable" in view["flags"]
    assert view["advance_compensation_available"] is True


def test_evidence_closes_after_5_days_a_silent_proposal_is_accepted_and_an_unpaid_decision_opens_compensation(system):
    case = open_case(system, "tc-d2", "tc-db2", "tc-ds2")
    path = f"/v1/disputes/{case['case_id']}"
    assert call(system, "POST", f"{path}/evidence", {"text": "it is jade"}, role="merchant", sub="tc-ds2")[0] == 200
    view = case_view(system, case)
    assert view["status"] == "evidence"
    moved = up_to(system, running(view)["due_at"], "dispute", case["case_id"])
    assert fired_for(moved, "dispute", case["case_id"]) == [("evidence", "evidence_closed", "R-DSP-10")]
    assert case_view(system, case)["status"] == "mediation"

    status, out, _ = call(system, "POST", f"{path}/proposal", {"outcome": "partial_refund", "amount": "120.00",
                                                               "reasoning": "part glass"}, role="mediator", sub="m1")
    assert status == 200, out
    moved = up_to(system, running(case_view(system, case))["due_at"], "dispute", case["case_id"])
    assert fired_for(moved, "dispute", case["case_id"]) == [("answer", "proposal_deemed_accepted", "R-DSP-10")]
    view = case_view(system, case)
    assert view["outcome"] == "partial_refund" and view["decided_amount"] == "120.00"
    assert view["advance_compensation_available"] is False

    moved = up_to(system, running(view)["due_at"], "dispute", case["case_id"])
    assert fired_for(moved, "dispute", case["case_id"]) == [("payment", "payment_missed", "R-DSP-06")]
    view = case_view(system, case)
    assert view["advance_compensation_available"] is True and "merchant_refused_payment" in view["flags"]
    status, paid, _ = call(system, "POST", f"{path}/advance-compensation", {"amount": "120.00",
                                                                            "reason": "unpaid decision"},
                           role="mediator", sub="m1")
    assert status in (200, 201), paid


# -- the route itself ---------------------------------------------------------------------------------------------
def test_only_a_platform_admin_moves_the_clock_and_only_by_whole_seconds_within_bounds(system):
    for role in ("sre", "mediator", "merchant", "consumer"):
        status, body, _ = call(system, "POST", "/v1/test-clock/advance", {"seconds": 60}, role=role)
        assert status == 403 and body["error"]["code"] == "forbidden"
    for seconds in ("5", 5.0, 5.5, True, 0, -1, 400 * 86400 + 1, None, [5]):
        status, body, _ = call(system, "POST", "/v1/test-clock/advance", {"seconds": seconds})
        assert status == 400 and "seconds" in body["error"]["fields"], (seconds, body)
    status, body, _ = call(system, "POST", "/v1/test-clock/advance", {"seconds": 5, "days": 1})
    assert status == 400 and "days" in body["error"]["fields"]
    before = call(system, "GET", "/v1/test-clock", role="sre")[1]["offset_seconds"]
    assert advance(system, 400 * 86400)["offset_seconds"] == before + 400 * 86400  # the maximum is allowed


def test_every_service_follows_one_offset_and_a_restarted_service_keeps_it(system):
    moved = advance(system, 3600)
    offset = moved["offset_seconds"]
    assert set(moved["services"]) == {"onboarding", "listing", "aftersale", "dispute", "reputation"}
    assert {s["offset_seconds"] for s in moved["services"].values()} == {offset}
    system.stop_component("reputation")
    status, body, _ = call(system, "POST", "/v1/test-clock/advance", {"seconds": 60})
    assert status == 503 and list(body["error"]["fields"]) == ["reputation"]  # never silent
    system.spawn(system.component("reputation"))
    system.wait_ready(["reputation"], timeout=60)
    status, clock, _ = call(system, "GET", "/v1/test-clock", role="sre")
    assert clock["offset_seconds"] == offset + 60 and clock["services"]["reputation"]["offset_seconds"] == offset
    assert clock["consistent"] is False  # it missed one advance, and says so
    status, synced, _ = call(system, "POST", "/v1/test-clock/sync", {})
    assert status == 200 and synced["consistent"] and synced["services"]["reputation"]["offset_seconds"] == offset + 60
    system.stop_component("dispute")  # a restart keeps the stored offset: no silent disagreement
    system.spawn(system.component("dispute"))
    system.wait_ready(["dispute"], timeout=60)
    clock = call(system, "GET", "/v1/test-clock", role="sre")[1]
    assert clock["consistent"] and clock["services"]["dispute"]["offset_seconds"] == offset + 60
