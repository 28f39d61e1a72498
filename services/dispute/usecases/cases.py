"""A buyer asks the platform to mediate (R-DSP-02: it must), directly or by escalating an after-sale request; the
case is read with its whole history and running deadlines; each principal lists its own cases, mediators a queue."""

import uuid
from decimal import Decimal

from tianping.lib import clock, paging
from tianping.lib.errors import (
    AmountExceedsRefundable,
    Conflict,
    Forbidden,
    NotFound,
    TianpingError,
    ValidationFailed,
    load,
)
from tianping.lib.trail import step
from tianping.platform import lifecycle

from .. import models, rules, schemas
from . import Context, money, moves


def open_case(ctx: Context, data: dict) -> dict:
    """Exactly once by the request's key without a command log (service.open_dispute is a keyed command): the case's
    number derives from the key, so a redelivery's insert finds the case the first delivery opened and answers with
    it — no read by key before, no claim and completion around it; a refusal of a redelivery answers with it too."""
    d = load(schemas.DisputeIn(), data)
    case_id = ctx.repo.case_id_for(ctx.request_key)
    try:
        case = _checked_open(ctx, d, case_id)
    except _Opened as earlier:
        return view(ctx, earlier.case)
    except TianpingError:
        stored = ctx.repo.case(case_id) if ctx.request_key else None
        if stored is None:
            raise
        return view(ctx, stored)
    # a new case runs the merchant's response clock and no other: the clocks without reading them back
    return view(ctx, case, lifecycle.first_clocks(lifecycle.NextDeadline(case.due_kind, case.due_at, "R-DSP-10")))


class _Opened(Exception):  # noqa: N818 - not an error: the case a redelivered command opened before
    def __init__(self, case: models.Case):
        super().__init__(case.case_id)
        self.case = case


def _checked_open(ctx: Context, d: dict, case_id: str) -> models.Case:
    order, ledger = ctx.order_and_money(d["order_id"])
    if order is None:
        raise NotFound(f"no order {d['order_id']}", {"order_id": ["unknown"]})
    if order["consumer_id"] != d["consumer_id"]:
        raise Forbidden("a buyer asks for mediation on its own orders only", {"order_id": ["not yours"]})
    if d["amount_claimed"] > Decimal(order["total_amount"]):
        raise ValidationFailed("the claim cannot exceed what was paid", {"amount_claimed": [f"at most "
                                                                                           f"{order['total_amount']}"]})
    left = money.left_on(ledger)
    if d["amount_claimed"] > left:  # refunds and decisions already took part of it
        raise AmountExceedsRefundable(f"{d['amount_claimed']:.2f} is above what remains refundable on order "
                                      f"{order['order_id']}: at most {left:.2f}",
                                      {"amount_claimed": [f"at most {left:.2f}"], "ceiling": [f"{left:.2f}"]})
    return _open(ctx, order, d["consumer_id"], d["claim"], f"{d['amount_claimed']:.2f}", d["aftersale_request_id"],
                 [], d["consumer_id"], case_id)


def open_from_escalation(ctx: Context, escalated: dict) -> None:
    """An after-sale request the buyer escalated becomes a case with the request's history (once per request)."""
    if ctx.repo.case_of_aftersale_request(escalated["request_id"]) is not None:
        return
    order = ctx.orders(escalated["order_id"]) or {"order_id": escalated["order_id"], "total_amount": None,
                                                  "consumer_id": escalated["buyer_id"],
                                                  "merchant_id": escalated["merchant_id"]}
    amount = escalated.get("amount") or order.get("total_amount")
    try:
        _open(ctx, order, escalated["buyer_id"], escalated["reason"], amount, escalated["request_id"],
              escalated.get("history") or escalated["trail"], "aftersale")  # an event from before `history`
    except Conflict:  # the buyer had already opened a case on this order: that case stands
        return


def _open(ctx: Context, order: dict, consumer_id: str, claim: str, amount: str | None, request_id: str | None,
          history: list, actor: str, case_id: str | None = None) -> models.Case:
    now = clock.now()
    protect, fired = rules.protection_on_blacklist("add" if ctx.replica.is_blacklisted(order["merchant_id"])
                                                   else "none")
    case = models.Case(case_id=case_id or f"dsp_{uuid.uuid4().hex[:16]}", request_key=ctx.request_key,
                       consumer_id=consumer_id, merchant_id=order["merchant_id"], order_id=order["order_id"],
                       room_id=order.get("room_id"),
                       open_order=order["order_id"], aftersale_request_id=request_id,
                       aftersale_history=[_plain(s) for s in history], claim=claim, amount_claimed=amount,
                       status=rules.AWAITING_MERCHANT, flags=[rules.MERCHANT_BLACKLISTED] if protect else [],
                       advance_compensation_available=protect, policy_version=ctx.policy["version"], opened_at=now,
                       trail=[step("opened", actor, ["R-DSP-02", "R-DSP-09", *fired], status=rules.AWAITING_MERCHANT)])
    key = f"{case.case_id}:merchant_response:0"
    case.due_at, case.due_kind, case.due_key = rules.due_at("merchant_response", now, ctx.policy), "merchant_response", key
    ctx.deadlines.schedule(key, case.case_id, "merchant_response", case.due_at, "R-DSP-10",
                           {"merchant_id": case.merchant_id})
    try:
        ctx.repo.insert(case)
    except ctx.repo.Duplicate:
        earlier = ctx.repo.case(case.case_id) if case_id else None
        if earlier is not None:  # a redelivered command: its first delivery opened the case (its clock stands)
            raise _Opened(earlier) from None
        ctx.deadlines.cancel(key, "the case was not opened")
        raise Conflict("this order already has an open dispute", {"order_id": ["open dispute exists"]}) from None
    ctx.repo.count_day(case.opened_at.astimezone(clock.platform_zone()).date().isoformat(), {"opened": 1})
    moves.announce(ctx, case, "opened", None, actor, case.trail[0].rule_ids)
    return case


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def view(ctx: Context, case: models.Case, clocks: list[dict] | None = None) -> dict:
    out = schemas.CaseOut().dump(case)
    out["deadlines"] = lifecycle.clocks(ctx.deadlines, case.case_id) if clocks is None else clocks
    return out


def get(ctx: Context, case_id: str, viewer: dict | None = None) -> dict:
    case, deadlines = ctx.repo.case_with_deadlines_or_404(case_id, ctx.deadlines)  # one round trip
    if viewer is not None:
        moves.party(viewer, case)
    return view(ctx, case, lifecycle.clocks(ctx.deadlines, case.case_id, deadlines))


def listing(ctx: Context, viewer: dict, status: str | None = None, cursor: str | None = None, limit: int = 50,
            due_before=None) -> dict:
    """Buyers and merchants: their own cases; mediators: the queue, oldest first, by state. With `due_before`: the
    open cases whose running deadline falls before it, soonest first (what is about to lapse)."""
    if status is not None and status not in (*rules.OPEN_STATUSES, rules.RESOLVED, rules.ESCALATED_EXTERNAL):
        raise ValidationFailed("unknown status", {"status": ["one of the case states"]})
    field = None if viewer.get("platform") else ("merchant_id" if viewer.get("role") == "merchant" else "consumer_id")
    before, limit = clock.instant(due_before, "due_before"), paging.clamp(limit, 50, 200)
    if before is None:
        docs, next_cursor = ctx.repo.cases_of(field, viewer["id"], status, cursor, limit)
        return schemas.CasePage().dump({"items": docs, "next_cursor": next_cursor})
    # only an open case has a running deadline: a closed state's answer is an empty page
    states = [s for s in ([status] if status else rules.OPEN_STATUSES) if s in rules.OPEN_STATUSES]
    docs, next_cursor = ctx.repo.cases_due(field, viewer["id"], states, before, cursor, limit)
    return schemas.CasePage().dump({"items": docs, "next_cursor": next_cursor})
