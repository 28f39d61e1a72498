"""TEMP trace (not committed)."""
import json
import uuid

from tests.aftersale.usecases import MERCHANT, Aftersale, order
from tests.dispute.usecases import Disputes, money_desk
from tianping.infra import db

from .flatcost import RECORDER, client, mongodb_uri  # noqa: F401


def trace(label, action):
    RECORDER.recording = rec = []
    try:
        action()
    finally:
        RECORDER.recording = None
    print(f"\n== {label}: {len(rec)}")
    for database, name, command in rec:
        c = {k: v for k, v in command.items() if k not in ("lsid", "$db", "$clusterTime", "documents")}
        print("  ", database, name, json.dumps(c, default=str)[:400])


def refund(order_id):
    return {"order_id": order_id, "buyer_id": "b1", "kind": "refund_only"}


def test_trace(replica_for, service_db, client):  # noqa: F811
    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"), request_key="warm-up")
    for order_id in ("warm-up", "o1", "o9"):
        desk.record_order(order(order_id), "order-system")
    desk.respond(desk.open(refund("warm-up"))["request_id"], {"action": "accept"}, MERCHANT)
    desk.ctx.request_key = uuid.uuid4().hex
    trace("record order", lambda: desk.record_order(order("o7"), "order-system"))
    desk.ctx.request_key = uuid.uuid4().hex
    out = {}
    trace("open request", lambda: out.update(desk.open(refund("o1"))))
    desk.ctx.request_key = uuid.uuid4().hex
    trace("accept", lambda: desk.respond(out["request_id"], {"action": "accept"}, MERCHANT))
    desk.ctx.request_key = uuid.uuid4().hex
    out2 = desk.open(refund("o9"))
    desk.ctx.request_key = uuid.uuid4().hex
    trace("reject", lambda: desk.respond(out2["request_id"], {"action": "reject", "reason": "no"}, MERCHANT))


def claim(order_id):
    return {"order_id": order_id, "consumer_id": "b1", "claim": "not as described", "amount_claimed": "10.00"}


def test_trace_dispute(replica_for, service_db, client):  # noqa: F811
    replica = replica_for("dispute")
    desk = Disputes(replica, db.database({}, "dispute"), aftersale=money_desk(replica, service_db("aftersale")))
    desk.open(claim("o1"))
    desk.ctx.request_key = uuid.uuid4().hex
    trace("open dispute", lambda: desk.open(claim("o2")))
