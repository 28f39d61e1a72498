"""Aftersale over the running system: a buyer's request through the gateway with owner rules and 4xx field errors,
the rejection reaching reputation's service-quality component over RabbitMQ, escalation, survey, statistics,
public service terms; and deadlines fired exactly once by two instances of the service, one of them SIGKILLed
while the deadlines were due."""

import os
import signal
import time
from datetime import UTC, datetime, timedelta

import pymongo

from tests.integration.http import call, wait_until

SYSTEM_ENV = {"TIANPING_SWEEP_SECONDS": "0.3", "TIANPING_DEADLINE_LEASE_SECONDS": "2"}


PAID = datetime.now(UTC) - timedelta(days=2)


def order(order_id: str, consumer: str, merchant: str, **extra) -> dict:
    paid = PAID
    return {"order_id": order_id, "consumer_id": consumer, "merchant_id": merchant,
            "items": [{"sku": "sku1", "category": "apparel", "amount": "99.00"}], "total_amount": "99.00",
            "paid_at": paid.isoformat(), "shipped_at": paid.isoformat(),
            "delivered_at": (paid + timedelta(days=1)).isoformat(), **extra}


def test_a_request_through_the_gateway_from_opening_to_survey(system):
    assert call(system, "POST", "/v1/orders", order("gw-o1", "buyer-1", "shop-1"), role="service")[0] == 201
    again = call(system, "POST", "/v1/orders", order("gw-o1", "buyer-1", "shop-1"), role="service")
    assert again[0] == 201, again[1]  # a second feed of the same order changes nothing
    status, bad, _ = call(system, "POST", "/v1/aftersale/requests", {"order_id": "gw-o1", "kind": "repair"},
                          role="consumer", sub="buyer-1")
    assert status == 400 and "reason" in bad["error"]["fields"]
    status, _, _ = call(system, "POST", "/v1/aftersale/requests", {"order_id": "gw-o1", "kind": "refund_only"},
                        role="consumer", sub="buyer-2")
    assert status == 403  # not the buyer's order
    status, req, _ = call(system, "POST", "/v1/aftersale/requests",
                          {"order_id": "gw-o1", "kind": "no_reason_return"}, role="consumer", sub="buyer-1")
    assert status == 201 and req["status"] == "awaiting_merchant" and req["deadlines"][0]["kind"] == "respond"
    path = f"/v1/aftersale/requests/{req['request_id']}"
    assert call(system, "GET", path, role="consumer", sub="buyer-2")[0] == 403
    assert call(system, "GET", path, role="merchant", sub="shop-2")[0] == 403
    assert call(system, "POST", f"{path}/responses", {"action": "accept"}, role="merchant", sub="shop-2")[0] == 403
    status, rejected, _ = call(system, "POST", f"{path}/responses", {"action": "reject", "reason": "worn"},
                               role="merchant", sub="shop-1")
    assert status == 200 and rejected["status"] == "rejected"
    status, escalated, _ = call(system, "POST", f"{path}/escalation", {"reason": "it was sealed"}, role="consumer",
                                sub="buyer-1")
    assert status == 200 and escalated["status"] == "escalated"
    status, surveyed, _ = call(system, "POST", f"{path}/survey", {"satisfaction": 1, "resolved": False},
                               role="consumer", sub="buyer-1")
    assert status == 200 and surveyed["survey"]["satisfaction"] == 1
    assert call(system, "POST", f"{path}/survey", {"satisfaction": 5, "resolved": True}, role="consumer",
                sub="buyer-1")[0] == 409
    stats = call(system, "GET", "/v1/merchants/shop-1/aftersale-stats?window=90d", role="merchant", sub="shop-1")[1]
    assert stats["requests"] == 1 and stats["acceptance_rate"] == 0.0 and stats["satisfaction_mean"] == 1.0
    assert call(system, "GET", "/v1/merchants/shop-1/aftersale-stats?window=7d", role="sre")[0] == 400
    assert call(system, "GET", "/v1/merchants/shop-1/aftersale-stats", role="merchant", sub="shop-2")[0] == 403

    # the rejection and the response time reached reputation's credit score over RabbitMQ
    def service_quality():
        status, rep, _ = call(system, "GET", "/v1/subjects/shop-1/reputation", role="sre")
        return status == 200 and rep["components"]["service_quality"] < 25 and rep

    wait_until(service_quality, timeout=15)


def test_service_terms_are_public_versioned_and_never_below_the_minimum(system):
    terms = {"response_hours": 24, "return_days": 15, "warranty_days": 365, "return_policy": "15 days",
             "warranty_policy": "one year", "service_hours": "09:00-21:00",
             "repair_contacts": [{"name": "repair desk", "phone": "400-800-1234"}]}
    status, worse, _ = call(system, "PUT", "/v1/merchants/shop-t/service-terms", {**terms, "return_days": 3},
                            role="merchant", sub="shop-t")
    assert status == 422 and worse["error"]["code"] == "refused_by_policy" and "return_days" in worse["error"]["fields"]
    assert call(system, "PUT", "/v1/merchants/shop-t/service-terms", terms, role="merchant", sub="other")[0] == 403
    status, published, _ = call(system, "PUT", "/v1/merchants/shop-t/service-terms", terms, role="merchant",
                                sub="shop-t")
    assert status == 200 and published["version"] == 1
    status, public, _ = call(system, "GET", "/v1/merchants/shop-t/service-terms", role=None)
    assert status == 200 and public["return_days"] == 15 and public["platform_default"] is False


def test_due_deadlines_fire_once_across_two_instances_and_a_sigkill(system):
    n = 30
    for i in range(n):
        assert call(system, "POST", "/v1/orders", order(f"dl-o{i}", "buyer-dl", "shop-dl"), role="service")[0] == 201
    ids = []
    for i in range(n):
        status, req, _ = call(system, "POST", "/v1/aftersale/requests", {"order_id": f"dl-o{i}", "kind": "refund_only"},
                              role="consumer", sub="buyer-dl")
        assert status == 201, req
        ids.append(req["request_id"])
    system.stop_component("aftersale", sig=signal.SIGKILL)
    database = pymongo.MongoClient(system.mongodb_uri, tz_aware=True)[system.settings.database_name("aftersale")]
    made_due = database["deadlines"].update_many({"subject": {"$in": ids}, "kind": "respond"},
                                                 {"$set": {"due_at": datetime.now(UTC) - timedelta(seconds=1)}})
    assert made_due.modified_count == n
    component = system.component("aftersale")
    first = system.spawn(component)
    system.processes["aftersale-2"] = system.spawn(component)  # a second instance sweeping the same deadlines
    system.processes["aftersale"] = first
    time.sleep(1.5)  # both starting up and sweeping
    os.killpg(first.pid, signal.SIGKILL)  # one instance dies, perhaps holding claims
    first.wait()
    system.processes.pop("aftersale")

    def all_moved():
        states = [call(system, "GET", f"/v1/aftersale/requests/{i}", role="sre") for i in ids]
        return all(s == 200 and body["status"] == "refund_due" for s, body, _ in states) and states

    states = wait_until(all_moved, timeout=45, interval=0.5)
    for _, request, _ in states:
        events = [s["event"] for s in request["trail"]]
        assert events.count("auto_approved") == 1 and events.count("deadline_breached") == 1, events
    assert database["breaches"].count_documents({"request_id": {"$in": ids}}) == n
    # A killed sweeper's effects can land before its marks (written in bulk after the batch); its claims come back
    # when their lease runs out and the survivor marks them, finding the work done.
    assert wait_until(lambda: database["deadlines"].count_documents(
        {"subject": {"$in": ids}, "kind": "respond", "status": "fired"}) == n, timeout=30, interval=0.5)
    system.processes["aftersale"] = system.processes.pop("aftersale-2")
