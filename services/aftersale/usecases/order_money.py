"""The order's money as others use it: dispute records its decisions, the merchant's payments, the platform's
advance compensation and what it recovers (RPC record_money, through contracts.py); the buyer, its merchant and
the platform read the entries and what remains refundable (GET /v1/orders/{id}/money)."""

from tianping.lib.errors import Forbidden, load

from .. import ledger_rules as lr
from .. import money_schemas, schemas
from . import Context, money


def record(ctx: Context, data: dict) -> dict:
    m = load(money_schemas.MoneyEntryIn(), data)
    amount = None if m["amount"] is None else lr.cents(m["amount"])
    common = {"actor": m["actor"], "reason": m["reason"], "rule_ids": m["rule_ids"]}
    order_id, entry_id, source, kind = m["order_id"], m["entry_id"], m["source"], m["kind"]
    if kind == "dispute_decision":
        entry = money.promise(ctx, order_id, entry_id, source, kind, amount, cap=m["cap"], **common)
    elif kind in lr.PAYOUTS:
        entry = money.pay(ctx, order_id, entry_id, source, kind, amount, **common)
    elif kind == lr.RELEASE:
        entry = money.release(ctx, order_id, entry_id, source, **common)
    else:
        entry = money.settle(ctx, order_id, entry_id, source, kind, amount, **common)
    doc = money.ledger(ctx, order_id)
    if entry is None:  # nothing was held under the source: nothing to release
        entry = {"entry_id": entry_id, "kind": kind, "cents": 0, "source": source, "lines": {}, "actor": m["actor"],
                 "reason": "nothing to release", "rule_ids": m["rule_ids"]}
    held = doc["promises"].get(source)
    return money_schemas.MoneyEntryOut().dump(entry | {
        "refundable": lr.text(doc["left"]), "owed": lr.text(held["left"]) if held and held["open"] else None})


def view(ctx: Context, order_id: str, viewer: dict | None = None) -> dict:
    """The ledger for the order's buyer, its merchant or a platform operator (mediators included). Without a viewer
    (another service's call) the order is read only to open its ledger."""
    order = ctx.repo.order_or_404(order_id) if viewer is not None else None
    if viewer is not None and not viewer.get("platform") and viewer.get("id") not in (order.consumer_id,
                                                                                      order.merchant_id):
        raise Forbidden("only the order's buyer and merchant may read its money", {"order_id": ["not yours"]})
    return _out(order_id, money.ledger(ctx, order_id, order))


def with_order(ctx: Context, order_id: str) -> dict | None:
    """The order and its money, for a service that needs both (dispute opening a case): the order read once and its
    ledger opened from it or read as it stands in one conditional write — two round trips, where the order and then
    the money cost four for an order whose ledger is not open yet. None: no such order."""
    order = ctx.repo.order(order_id)
    if order is None:
        return None
    doc = ctx.repo.open_money(money.new_ledger(order))
    return {"order": schemas.OrderOut().dump(order), "money": _out(order_id, doc)}


def _out(order_id: str, doc: dict) -> dict:
    return money_schemas.MoneyOut().dump({
        **doc, "order_id": order_id, "invariant": lr.INVARIANT,
        "lines": [{"line": k, **line} for k, line in doc["lines"].items()],
        "promises": [{"source": k, **p} for k, p in doc["promises"].items()]})
