"""Order rules (pure): the delivery date a made-to-order order must keep (R-AFT-13), the anomalies that mark an
order as a suspected fabricated transaction (R-REP-02) and the findings when a merchant admits that live-sold goods
differ from those shown (R-AFT-08). Days are calendar days in the platform's time zone."""

from datetime import date, datetime, timedelta

from tianping.lib import periods
from tianping.lib.enforcement import enforces, rewrite


@enforces("R-AFT-13", neutral=None)
def delivery_due(order: dict) -> datetime | None:
    """R-AFT-13: a made-to-order order must be delivered by the date agreed in it: the deadline is the first moment
    after that local day. None when there is nothing to enforce (not made to order, no date, already delivered)."""
    agreed = order.get("agreed_delivery_date")
    if not order.get("made_to_order") or not agreed or order.get("delivered_at") is not None:
        return None
    day = agreed if isinstance(agreed, date) else date.fromisoformat(agreed)
    return periods.local_midnight(day + timedelta(days=1))


def delivered_in_time(order: dict) -> bool:
    """Did the delivery recorded on the order come before its deadline?"""
    due = order.get("delivery_due_at")
    return order.get("delivered_at") is not None and (due is None or order["delivered_at"] < due)


def local_day_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """[start, end) of `moment`'s calendar day in the platform's time zone."""
    day = periods.local_date(moment)
    return periods.day_range(day, day)


@enforces("R-REP-02", neutral=None, partly="fake reviews: the platform's follow-up surveys are answered only by a "
                                           "request's own buyer; reviews are published by another system")
def transaction_anomaly(order: dict, same_day_orders: int, policy: dict) -> dict | None:
    """R-REP-02: a suspected fabricated transaction — the buyer is the seller itself, or one buyer's orders with one
    merchant on one calendar day (this one included) reach the policy's limit. None: nothing anomalous."""
    if order["consumer_id"] in (order["merchant_id"], order.get("host_id")):
        return {"kind": "self_dealing", "rule_ids": ["R-REP-02"],
                "reason": "the buyer is the merchant or the host who sold the order"}
    limit = policy["anomaly"]["same_buyer_orders_per_day"]
    if same_day_orders >= limit:
        return {"kind": "order_burst", "rule_ids": ["R-REP-02"],
                "reason": f"{same_day_orders} orders of one buyer with this merchant on one day (limit {limit})"}
    return None


@enforces("R-AFT-08", neutral=[])
def mismatch_findings(request: dict, order: dict) -> list[dict]:
    """R-AFT-08: goods sold must match those shown in the livestream. A merchant accepting a buyer's claim that they
    do not admits the mismatch: a violation against the merchant and against the host who presented them."""
    if not request.get("not_as_shown") or not order.get("room_id"):
        return []
    evidence = [f"after-sale request {request['request_id']}: accepted claim that the goods differ from those shown "
                f"in live room {order['room_id']}", f"order:{order['order_id']}"]
    sellers = [(request["merchant_id"], "merchant"), *([(order["host_id"], "host")] if order.get("host_id") else [])]
    return [{"subject_id": subject, "subject_type": kind, "rule_id": "R-AFT-08", "severity": "general",
             "source_service": "aftersale", "evidence": evidence,
             "dedupe_key": f"aftersale:{request['request_id']}:R-AFT-08:{subject}"} for subject, kind in sellers]


def _published_only(result: dict, rule_ids: frozenset) -> dict:
    return {"published": result["published"], "honoured": result["published"]}


@enforces("R-AFT-09", neutral=rewrite(_published_only, "the published terms only: what was promised on air is not held"))
def honour_live_commitments(terms: dict, commitments: dict | None) -> dict:
    """R-AFT-09: after a livestream the after-sales commitments made on air are honoured: a request on a live-sold
    order runs on the better of the merchant's published terms and what the livestream promised."""
    better = dict(terms)
    for key in ("return_days", "warranty_days"):
        if commitments and commitments.get(key) is not None:
            better[key] = max(terms[key], commitments[key])
    return {"published": terms, "honoured": better}
