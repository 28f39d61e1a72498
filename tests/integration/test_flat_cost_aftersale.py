"""Aftersale's hot routes cost the same at 20,000 records as at 1,000 (issue 30): an order fed (its buyer's orders
with its merchant that day counted for R-REP-02, 1,000 or 20,000 of them), a buyer opening a refund request
on an order, and reading an order's money, against a history of other buyers' requests and their deadlines, and
other merchants' service terms — copies of what the use cases themselves store, seeded straight into the
collections. The order's merchant has a run of terms versions of its own, the same at both sizes. The orders, their
ledgers (`order_money`) and the blacklist replica are read by `_id` only on these routes (point lookups, as the
plans printed show) and are left small."""

from datetime import datetime, timedelta

from services.aftersale import models
from services.aftersale.usecases import order_money
from tests.aftersale.usecases import BUYER, Aftersale, order
from tianping.infra import db
from tianping.platform.deadlines import COLLECTION as DEADLINES

from .flatcost import (  # noqa: F401 (client, mongodb_uri: the fixtures)
    SIZES,
    assert_flat,
    client,
    measure,
    mongodb_uri,
    seed,
    seed_copies,
)

NOW = datetime.fromisoformat("2026-03-02T10:00:00+08:00")
TERMS = 20  # versions of the order's merchant's terms: its own history, the same at both sizes


def refund(order_id: str) -> dict:
    return {"order_id": order_id, "buyer_id": "b1", "kind": "refund_only", "skus": ["sku1"], "reason": "not as shown"}


def seed_aftersale(replica, database, count: int) -> None:
    """Templates stored by the use cases (an open request and its deadline), then `count` copies of each for other
    buyers, orders and merchants, and `count` versions of service terms."""
    desk = Aftersale(replica, database)
    desk.record_order(order("tmpl", consumer="b-tmpl", merchant="m-tmpl"), "order-system")
    desk.open(refund("tmpl") | {"buyer_id": "b-tmpl"})
    [r] = database.requests.find({"order_id": "tmpl"})
    [d] = database[DEADLINES].find({"subject": r["_id"]})
    seed_copies(database.requests, r, count, lambda i: {
        "_id": f"as-{i}", "order_id": f"o-{i}", "buyer_id": f"b-{i}", "merchant_id": f"m-{i % 500}",
        "request_key": f"rk-{i}", "opened_at": NOW - timedelta(hours=i)})
    seed_copies(database[DEADLINES], d, count, lambda i: {
        "_id": f"as-{i}:respond:0", "subject": f"as-{i}", "due_at": NOW + timedelta(minutes=i)})
    # the buyer's own orders with the order's merchant, all paid the day its new orders are (R-REP-02 counts them)
    [o] = database.orders.find({"_id": "tmpl"})
    seed_copies(database.orders, o, count, lambda i: {"_id": f"same-day-{i}", "consumer_id": "b1",
                                                      "merchant_id": "m1"})
    # other merchants' terms, one version each; the order's merchant has TERMS versions at both sizes
    seed(database.service_terms, count, lambda i: {
        "merchant_id": "m1" if i < TERMS else f"m-{i}", "version": i + 1, "response_hours": 48, "return_days": 7,
        "warranty_days": 365, "effective_from": NOW - timedelta(days=400 - i % 300)})


def aftersale_costs(replica_for, client, count: int):  # noqa: F811 (the fixture)
    replica = replica_for("aftersale")
    database = db.database({}, "aftersale")
    db.ensure_indexes(models)
    desk = Aftersale(replica, database)
    seed_aftersale(replica, database, count)
    for order_id in ("warm-up", "o1"):
        desk.record_order(order(order_id), "order-system")
    desk.ctx.request_key = "warm-up"
    desk.open(refund("warm-up"))  # the process's caches (audit head, policy) as in service

    def open_request():
        desk.ctx.request_key = f"flat-{count}"
        assert desk.open(refund("o1"))["status"] == "awaiting_merchant"

    def record_order():
        desk.ctx.request_key = f"flat-order-{count}"
        assert desk.record_order(order("o-fed"), "order-system")["order_id"] == "o-fed"

    return {"POST /v1/orders": measure(client, record_order),
            "POST /v1/aftersale/requests": measure(client, open_request),
            "GET /v1/orders/{id}/money": measure(client, lambda: _money(desk, "o1"))}


def _money(desk, order_id: str) -> None:
    assert order_money.view(desk.ctx, order_id, BUYER)["order_id"] == order_id


def test_aftersale_routes_cost_the_same_at_20k_as_at_1k(replica_for, client, frozen_clock):  # noqa: F811
    frozen_clock.set(NOW)
    small, large = (aftersale_costs(replica_for, client, n) for n in SIZES)
    for route in small:
        print(f"{route} at 1k: {small[route]}\n{route} at 20k: {large[route]}")
    for route in small:
        assert_flat(small[route], large[route])
