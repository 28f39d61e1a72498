"""Orders as the platform's order system feeds them (R-XC-01): recorded once, then only moved forward (shipped,
delivered, receipt issued). Kept at least 3 years from completion (R-XC-02); there is no delete."""

from datetime import UTC, datetime

from tianping.lib import clock
from tianping.lib.errors import Conflict, ValidationFailed, load
from tianping.lib.trail import step
from tianping.platform import retention, sanctions

from .. import ledger_rules, models, order_rules, schemas
from . import Context, deliveries

PROGRESS = ("shipped_at", "delivered_at", "receipt")
DERIVED = ("delivery_due_at", "delivery_overdue_at", "anomaly")  # set by the platform, never by a feed
ITEM_DEFAULTS = {"name": "", "quantity": 1, "customised": False, "exclusion": None, "buyer_confirmed_excluded": False}


def record(ctx: Context, data: dict, actor: str) -> dict:
    o = load(schemas.OrderIn(), data)
    if o["agreed_delivery_date"] is not None:
        o["agreed_delivery_date"] = o["agreed_delivery_date"].isoformat()
    problem = ledger_rules.receipt_problem(o["receipt"])
    if problem:
        raise ValidationFailed(problem, {"receipt": ["consumer_consented must be true for an e_receipt"],
                                         "rule_ids": ["R-AFT-14"]})
    existing = _new_or_existing(ctx, o)
    if existing is None:
        order = models.Order(**{k: v for k, v in o.items() if k != "items" and v is not None},
                             items=[models.Item(**item) for item in o["items"]],
                             history=[step("recorded", actor, ["R-XC-01", "R-XC-02"])],
                             # kept 3 years from completion (R-XC-02): delivery, or payment until delivery is known
                             **retention.stamp("transaction", o.get("delivered_at") or o["paid_at"]))
        order.delivery_due_at = order_rules.delivery_due(o)  # R-AFT-13: made to order, delivered by the agreed day
        try:
            ctx.repo.insert_order(order)
            deliveries.schedule(ctx, order)
            deliveries.check_anomaly(ctx, order)
            return schemas.OrderOut().dump(ctx.repo.order_or_404(order.order_id))
        except ctx.repo.Duplicate:  # a concurrent feed of the same order won; treat this one as an update
            existing = ctx.repo.order_or_404(o["order_id"])
    return _progress(ctx, existing, o, actor)


def _new_or_existing(ctx: Context, o: dict) -> models.Order | None:
    """None for a new order its merchant may take, the recorded order for a later feed of it. A new order of a
    merchant whose sanction refuses orders is refused (from this service's replica, no RPC); one paid before the
    sanction began is an existing buyer's and is recorded (issue 24). Read only when the sanction refuses: most feeds
    are new orders, and the insert's unique order id tells a repeated one (an order cost a read more)."""
    try:
        sanctions.enforce(ctx.replica, [o["merchant_id"]], "take_orders", "merchant_id", at=o["paid_at"])
    except sanctions.SubjectSanctioned:
        existing = ctx.repo.order(o["order_id"])
        if existing is None:
            raise
        return existing
    return None


def _progress(ctx: Context, existing: models.Order, o: dict, actor: str) -> dict:
    """A second feed of an order may add what was missing; it may not rewrite what was recorded."""
    stored, incoming = _comparable(existing.to_mongo().to_dict() | {"order_id": existing.order_id}), _comparable(o)
    changed = sorted(k for k in incoming if k not in PROGRESS and k not in ("history", "recorded_at", *DERIVED)
                     and incoming[k] is not None and incoming[k] != stored.get(k))
    rewritten = sorted(k for k in PROGRESS if o.get(k) is not None and getattr(existing, k)
                       and incoming[k] != stored[k])
    if changed or rewritten:
        raise Conflict("an order is recorded once; later feeds may only add shipment, delivery or receipt",
                       {field: ["differs from the recorded order"] for field in changed + rewritten})
    added = {k: o[k] for k in PROGRESS if o.get(k) is not None and not getattr(existing, k)}
    if added:
        progressed = step("progressed", actor, ["R-XC-01"], reasons=[", ".join(sorted(added))])
        if "delivered_at" in added:  # the transaction completed: its 3 years run from here (R-XC-02)
            added.update(retention.stamp("transaction", added["delivered_at"]))
        ctx.repo.progress_order(existing.order_id, added, progressed)
        if "delivered_at" in added:
            deliveries.delivered(ctx, existing, added["delivered_at"])
        existing = ctx.repo.order_or_404(existing.order_id)
    return schemas.OrderOut().dump(existing)


def _comparable(order: dict) -> dict:
    """An order as plain values, instants in UTC to the millisecond (what the store keeps), so a feed and the stored
    record compare by meaning, not format."""
    def instant(value):
        if not isinstance(value, datetime):
            return value
        value = clock.aware(value).astimezone(UTC)
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    plain = {k: instant(v) for k, v in order.items()}
    plain["items"] = [{**ITEM_DEFAULTS, **{k: v for k, v in item.items() if v is not None}} for item in plain["items"]]
    return schemas.OrderOut().dump(plain)


def get(ctx: Context, order_id: str) -> dict:
    return schemas.OrderOut().dump(ctx.repo.order_or_404(order_id))
