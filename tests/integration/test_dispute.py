"""Dispute over the running system: a case from a real order (the order comes from aftersale by RPC), parties and
mediators through the gateway, the merchant's identity from onboarding (logged there and here), the outcome reaching
reputation, public statistics without a token, an after-sale escalation becoming a case over RabbitMQ, and due
deadlines fired exactly once across a SIGKILL."""

import signal
from datetime import UTC, datetime, timedelta

import pymongo

from tests.integration.http import call, wait_until
from tests.integration.test_faults import restart_after_kill
from tests.onboarding.cases import merchant_documents

SYSTEM_ENV = {"TIANPING_SWEEP_SECONDS": "0.3", "TIANPING_DEADLINE_LEASE_SECONDS": "2"}
PAID = datetime.now(UTC) - timedelta(days=2)


def order(order_id: str, consumer: str = "buyer-d", merchant: str = "shop-d") -> dict:
    return {"order_id": order_id, "consumer_id": consumer, "merchant_id": merchant,
            "items": [{"sku": "sku1", "category": "jewelry", "amount": "300.00"}], "total_amount": "300.00",
            "paid_at": PAID.isoformat(), "shipped_at": PAID.isoformat(), "delivered_at": PAID.isoformat()}


def test_a_case_from_claim_to_compensation_through_the_gateway(system):
    status, _, _ = call(system, "POST", "/v1/applications", {
        "applicant_type": "merchant", "subject_id": "shop-d",
        "identity": {"real_name": "Dongguan Jade Ltd", "credit_code": "91441900JADE00001", "address": "8 Jade St",
                     "contact_phone": "13800138000"},
        "documents": merchant_documents()})
    assert status == 201
    assert call(system, "POST", "/v1/orders", order("d-o1"), role="service")[0] == 201
    body = {"order_id": "d-o1", "claim": "the jade is glass", "amount_claimed": "300.00"}
    assert call(system, "POST", "/v1/disputes", body, role="consumer", sub="buyer-x")[0] == 403
    assert call(system, "POST", "/v1/disputes", {**body, "order_id": "nope"}, role="consumer", sub="buyer-d")[0] == 404
    status, bad, _ = call(system, "POST", "/v1/disputes", {**body, "amount_claimed": "301.00"}, role="consumer",
                          sub="buyer-d")
    assert status == 400 and "amount_claimed" in bad["error"]["fields"]
    status, case, _ = call(system, "POST", "/v1/disputes", body, role="consumer", sub="buyer-d")
    assert status == 201 and case["status"] == "awaiting_merchant"
    assert call(system, "POST", "/v1/disputes", body, role="consumer", sub="buyer-d")[0] == 409
    path = f"/v1/disputes/{case['case_id']}"
    assert call(system, "GET", path, role="consumer", sub="buyer-x")[0] == 403
    assert call(system, "GET", path, role="merchant", sub="shop-x")[0] == 403
    assert call(system, "POST", f"{path}/evidence", {"text": "jade"}, role="merchant", sub="shop-d")[1]["status"] \
        == "evidence"
    assert call(system, "POST", f"{path}/resolution", {"outcome": "buyer_favoured", "reasoning": "r"},
                role="merchant", sub="shop-d")[0] == 403
    status, identity, _ = call(system, "GET", f"{path}/merchant-identity?purpose=complaint", role="consumer",
                               sub="buyer-d")
    assert status == 200 and identity["real_name"] == "Dongguan Jade Ltd" and identity["contact"] == "13800138000"
    status, resolved, _ = call(system, "POST", f"{path}/resolution", {"outcome": "buyer_favoured", "reasoning": "glass"},
                               role="mediator", sub="med-1")
    assert status == 200 and resolved["decided_amount"] == "300.00"
    stats = call(system, "GET", "/v1/disputes/stats", role=None)[1]
    assert stats["resolved"] >= 1 and stats["by_outcome"]["buyer_favoured"] >= 1

    def merchant_fault_counted():
        status, rep, _ = call(system, "GET", "/v1/subjects/shop-d/reputation", role="sre")
        return status == 200 and rep["components"]["dispute"] < 20 and rep["violations"] and rep

    wait_until(merchant_fault_counted, timeout=15)


def test_an_escalated_after_sale_request_becomes_a_case(system):
    assert call(system, "POST", "/v1/orders", order("d-o2"), role="service")[0] == 201
    status, req, _ = call(system, "POST", "/v1/aftersale/requests", {"order_id": "d-o2", "kind": "refund_only"},
                          role="consumer", sub="buyer-d")
    assert status == 201
    rid = req["request_id"]
    call(system, "POST", f"/v1/aftersale/requests/{rid}/responses", {"action": "reject", "reason": "no"},
         role="merchant", sub="shop-d")
    assert call(system, "POST", f"/v1/aftersale/requests/{rid}/escalation", {"reason": "unfair"}, role="consumer",
                sub="buyer-d")[0] == 200

    def case_opened():
        items = call(system, "GET", "/v1/disputes", role="consumer", sub="buyer-d")[1]["items"]
        return [c for c in items if c["order_id"] == "d-o2"]

    found = wait_until(case_opened, timeout=15)
    case = call(system, "GET", f"/v1/disputes/{found[0]['case_id']}", role="consumer", sub="buyer-d")[1]
    assert case["aftersale_request_id"] == rid and [s["event"] for s in case["aftersale_history"]][-1] == "escalated"


def test_due_mediation_deadlines_fire_once_across_a_sigkill(system):
    ids = []
    for i in range(15):
        assert call(system, "POST", "/v1/orders", order(f"dk-o{i}"), role="service")[0] == 201
        status, case, _ = call(system, "POST", "/v1/disputes", {"order_id": f"dk-o{i}", "claim": "broken",
                                                                 "amount_claimed": "10.00"}, role="consumer",
                               sub="buyer-d")
        assert status == 201
        ids.append(case["case_id"])
    system.stop_component("dispute", sig=signal.SIGKILL)
    database = pymongo.MongoClient(system.mongodb_uri, tz_aware=True)[system.settings.database_name("dispute")]
    assert database["deadlines"].update_many({"subject": {"$in": ids}, "kind": "merchant_response"},
                                             {"$set": {"due_at": datetime.now(UTC)}}).modified_count == 15
    system.spawn(system.component("dispute"))
    system.wait_ready(["dispute"], timeout=60)
    restart_after_kill(system, "dispute")  # killed again, perhaps mid-sweep

    def all_defaulted():
        cases = [call(system, "GET", f"/v1/disputes/{i}", role="sre")[1] for i in ids]
        return all(c.get("outcome") == "buyer_favoured" for c in cases) and cases

    for case in wait_until(all_defaulted, timeout=45, interval=0.5):
        assert [s["event"] for s in case["trail"]].count("resolved_buyer_favoured") == 1
        assert "merchant_unreachable" in case["flags"]
    # The marks of a killed sweeper's claims come when their lease runs out (the effects may land first).
    assert wait_until(lambda: database["deadlines"].count_documents(
        {"subject": {"$in": ids}, "kind": "merchant_response", "status": "fired"}) == 15, timeout=30, interval=0.5)
