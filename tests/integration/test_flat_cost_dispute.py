"""Dispute's hot routes cost the same at 20,000 records as at 1,000 (issue 30): a buyer opening a case on an order
(with what remains refundable read from aftersale's ledger, as dispute asks it over RPC), and reading a case,
against a history of other buyers' cases — copies of what the use case itself stores, seeded straight into the
collection. What the routes read only by `_id` (the day's figures, the blacklist replica, and on aftersale's side
the order and its ledger: point lookups, as the plans printed show) is left small, and so are the deadlines: the
kit's DeadlineBook, whose queries test_flat_cost_aftersale.py runs against 20,000 of them."""

from datetime import datetime, timedelta

from services.dispute import models
from tests.dispute.usecases import BUYER, ORDERS, Disputes, money_desk
from tianping.infra import db

from .flatcost import (  # noqa: F401 (client, mongodb_uri: the fixtures)
    SIZES,
    assert_flat,
    client,
    measure,
    mongodb_uri,
    seed_copies,
)

NOW = datetime.fromisoformat("2026-03-02T10:00:00+08:00")


def claim(order_id: str) -> dict:
    return {"order_id": order_id, "consumer_id": "b1", "claim": "the jade is glass", "amount_claimed": "10.00"}


def seed_dispute(desk, database, count: int) -> None:
    """A template case opened by the use case, then `count` copies for other buyers and orders,
    closed ones (no open-order key) but for one in ten."""
    template = desk.open(claim("o2"))
    [c] = database.cases.find({"_id": template["case_id"]})
    database.cases.delete_one({"_id": c["_id"]})
    seed_copies(database.cases, c, count, lambda i: {
        "_id": f"dsp-{i}", "order_id": f"o-{i}", "consumer_id": f"b-{i}", "merchant_id": f"m-{i % 500}",
        "request_key": f"rk-{i}", "opened_at": NOW - timedelta(hours=i),
        **({"open_order": f"o-{i}"} if i % 10 == 0 else {"open_order": None, "status": "resolved"})})


def dispute_costs(replica_for, service_db, client, count: int):  # noqa: F811 (the fixture)
    replica = replica_for("dispute")
    aftersale_db = service_db("aftersale")
    aftersale = money_desk(replica, aftersale_db)
    database = db.database({}, "dispute")
    db.ensure_indexes(models)
    desk = Disputes(replica, database, aftersale=aftersale)
    desk.ctx.request_key = "warm-up"
    seed_dispute(desk, database, count)  # (opening the template warmed the process's caches: audit head, policy)

    def open_case():
        desk.ctx.request_key = f"flat-{count}"
        opened.append(desk.open(claim("o1")))

    opened = []
    costs = {"POST /v1/disputes": measure(client, open_case)}
    case_id = opened[0]["case_id"]
    costs["GET /v1/disputes/{id}"] = measure(client, lambda: desk.get(case_id, BUYER))
    return costs


def test_dispute_routes_cost_the_same_at_20k_as_at_1k(replica_for, service_db, client, frozen_clock):  # noqa: F811
    assert {"o1", "o2"} <= set(ORDERS)
    frozen_clock.set(NOW)
    small, large = (dispute_costs(replica_for, service_db, client, n) for n in SIZES)
    for route in small:
        print(f"{route} at 1k: {small[route]}\n{route} at 20k: {large[route]}")
    for route in small:
        assert_flat(small[route], large[route])
