"""Made-to-order delivery by the agreed date (R-AFT-13) and the anomaly check of every new order (R-REP-02).

A made-to-order order recorded undelivered gets a deadline at the end of its agreed delivery day (platform time
zone); a delivery fed before it retires the deadline; when it passes undelivered the merchant's breach is recorded
once (counted with its missed after-sale deadlines, R-AFT-15), the order's history says so and reputation hears of
it. A new order whose buyer is its seller, or one buyer's orders with one merchant past the policy's limit on one
calendar day, is marked a suspected fabricated transaction: kept out of the merchant's figures, listed for review."""

from datetime import timedelta

from tianping.infra import metrics
from tianping.lib import clock
from tianping.lib.trail import step

from .. import contracts, models, order_rules, schemas
from . import Context, stats

KIND = "deliver_by"
KEEP_DAYS = 35  # a buyer's day counter outlives its day by this much (an order fed late still counts the others)
metrics.AFTERSALE_BREACHES.labels(KIND)


def key(order_id: str) -> str:
    return f"{order_id}:{KIND}"


def schedule(ctx: Context, order: models.Order) -> None:
    """R-AFT-13: the deadline of a made-to-order order, set when the order is recorded."""
    if order.delivery_due_at is not None:
        ctx.deadlines.schedule(key(order.order_id), order.order_id, KIND, order.delivery_due_at, "R-AFT-13",
                               {"merchant_id": order.merchant_id})


def delivered(ctx: Context, order: models.Order, delivered_at) -> None:
    """A delivery fed while the deadline runs retires it (a late one leaves the breach standing)."""
    if order.delivery_due_at is not None and order.delivery_overdue_at is None:
        ctx.deadlines.cancel(key(order.order_id), f"delivered at {clock.aware(delivered_at).isoformat()}")


def fire(ctx: Context, deadline: dict) -> str:
    order = ctx.repo.order(deadline["subject"])
    if order is None or order.delivered_at is not None:
        return "not_applicable"
    now = clock.now()
    reason = f"agreed delivery date {order.agreed_delivery_date} passed undelivered"
    if not ctx.repo.mark_delivery_overdue(order.order_id, now, step(
            "delivery_overdue", "aftersale", ["R-AFT-13", "R-AFT-15"], [reason], f"deadline:{deadline['_id']}")):
        return "not_applicable"  # delivered, or marked by an earlier run of this deadline
    if ctx.repo.insert_breach(models.Breach(breach_id=deadline["_id"], merchant_id=order.merchant_id,
                                            request_id=order.order_id, kind=KIND, rule_id="R-AFT-13",
                                            owner="merchant", at=now)):
        metrics.AFTERSALE_BREACHES.labels(KIND).inc()
        ctx.publish(contracts.SIGNAL_OBSERVED, {
            "subject_id": order.merchant_id, "kind": "deadline_breach", "value": None, "source_service": "aftersale",
            "occurred_at": now.isoformat(), "dedupe_key": f"aftersale:{deadline['_id']}:deadline_breach"})
        stats.check_breaches(ctx, order.merchant_id)
    return "delivery_overdue"


def check_anomaly(ctx: Context, order: models.Order) -> None:
    """R-REP-02, after the order is stored, on the pair's day counter (models.BuyerDay: each order counts the ones
    recorded before it that day, concurrent ones included)."""
    since, until = order_rules.local_day_bounds(order.paid_at)
    same_day = ctx.repo.count_buyer_day(order.order_id, order.consumer_id, order.merchant_id, since.date().isoformat(),
                                        until + timedelta(days=KEEP_DAYS))
    anomaly = order_rules.transaction_anomaly(order.to_mongo().to_dict(), same_day, ctx.policy)
    if anomaly is not None:
        anomaly = {**anomaly, "policy_version": ctx.policy["version"]}
        ctx.repo.flag_order(order.order_id, anomaly, step("anomaly_flagged", "aftersale", anomaly["rule_ids"],
                                                          [anomaly["reason"]]))


def flagged(ctx: Context, merchant_id: str) -> dict:
    """The merchant's orders marked as suspected fabricated transactions, newest first, for review (R-REP-02)."""
    return schemas.FlaggedOrdersOut().dump({"merchant_id": merchant_id, "rule_ids": ["R-REP-02"],
                                            "items": ctx.repo.flagged_orders(merchant_id)})
