"""A buyer opens an after-sale request on its own order: the platform checks it against the statutory rules at
once (refused with the rule ID, or accepted and put to the merchant with its response deadline), and anyone
entitled reads it with its whole history and its running clocks."""

import hashlib
import uuid

from tianping.infra import metrics
from tianping.lib import clock
from tianping.lib.errors import Forbidden, TianpingError, ValidationFailed, load
from tianping.lib.trail import step
from tianping.platform import lifecycle

from .. import models, rules, schemas
from . import Context, moves, request_money
from .terms import channel_clock, terms_for_order


def open_request(ctx: Context, data: dict) -> dict:
    """Exactly once by the request's key without a command log (service.open_request is a keyed command): the
    request's number derives from the key, so a redelivery finds the lines claimed by that number or its insert
    fails, and answers with the request the first delivery opened — no read by key, no claim and completion."""
    r = load(schemas.RequestIn(), data)
    request_id = request_id_for(ctx.request_key)
    try:
        order, request, first = _decided(ctx, r, request_id)
        if request.status == rules.AWAITING_MERCHANT:  # one open refund-type request per order line (atomic claim)
            request_money.claim_lines(ctx, request, order)
    except TianpingError as refused:  # refused now: a redelivery of a command that opened it answers with it
        return _resumed(ctx, request_id, refused)
    if first is not None:  # (the first deadline is set with the insert: there is no earlier state to move from)
        ctx.deadlines.schedule(request.due_key, request.request_id, "respond", first.due_at, first.rule_id,
                               first.payload, owner=first.owner)
    try:
        ctx.repo.insert_request(request)
    except ctx.repo.Duplicate as duplicate:  # a redelivered command: the first delivery opened it (lines, clock)
        return _resumed(ctx, request_id, duplicate)
    except Exception:
        ctx.repo.free_lines(order.order_id, request.request_id)
        raise
    metrics.DECISIONS.labels("aftersale", "request", request.status).inc()
    moves.announce(ctx, request, request.trail[0].event, None, r["buyer_id"], request.trail[0].rule_ids)
    if first is not None and r["kind"] in rules.QUALITY:
        moves.signal(ctx, request, "quality_complaint")
    return view(ctx, request, lifecycle.first_clocks(first))  # a new request: no other deadline to read back


def request_id_for(request_key: str | None) -> str:
    """A new request's number: derived from the request's key when it has one (a redelivery's insert of the same
    number fails, so the key is kept once by the `_id` itself), else random."""
    if not request_key:
        return f"as_{uuid.uuid4().hex[:16]}"
    return f"as_{hashlib.sha256(f'request:{request_key}'.encode()).hexdigest()[:16]}"


def _resumed(ctx: Context, request_id: str, otherwise: Exception) -> dict:
    """The request an earlier delivery of this command opened, else `otherwise` raised."""
    stored = ctx.repo.request(request_id) if ctx.request_key else None
    if stored is None:
        raise otherwise
    return view(ctx, stored)


def _decided(ctx: Context, r: dict, request_id: str):
    """The order, the request as the statutory rules decide it (refused with the rule ID, or awaiting the merchant
    with its response deadline) and that deadline (None when refused); raises what the request may not ask."""
    order = ctx.repo.order_or_404(r["order_id"])
    if order.consumer_id != r["buyer_id"]:
        raise Forbidden("a buyer opens requests on its own orders only", {"order_id": ["not yours"]})
    unknown = sorted(set(r["skus"]) - {i.sku for i in order.items})
    if unknown:
        raise ValidationFailed("these items are not in the order", {"skus": unknown})
    if r["not_as_shown"] and (r["kind"] not in rules.QUALITY or not order.room_id):
        raise ValidationFailed("goods differing from those shown in a livestream is a quality claim on an order sold "
                               "in a live room (R-AFT-08)", {"not_as_shown": [
                                   "needs a quality_return, exchange or repair on a live-sold order"]})
    now = clock.now()
    terms = terms_for_order(ctx, order)
    accepted, fired, reasons = rules.eligibility(r["kind"], order.to_mongo().to_dict() | {
        "items": [i.to_mongo().to_dict() for i in order.items]}, r["skus"], now, ctx.policy, terms)
    owner, owner_rules = rules.deadline_owner(ctx.replica.is_blacklisted(order.merchant_id))
    terms, opening = channel_clock(terms, r["channel"], now)
    fired, reasons = _channel_decision(accepted, opening, r["channel"], fired, reasons)
    status = rules.AWAITING_MERCHANT if accepted else "refused"
    request = models.Request(
        request_id=request_id, request_key=ctx.request_key, order_id=order.order_id,
        buyer_id=r["buyer_id"], merchant_id=order.merchant_id, kind=r["kind"], skus=r["skus"], reason=r["reason"],
        channel=r["channel"], not_as_shown=r["not_as_shown"], status=status, decision_rule_ids=fired, deadline_owner=owner, terms=terms,
        policy_version=ctx.policy["version"], opened_at=now, closed_at=None if accepted else now,
        trail=[step("opened" if accepted else "refused", r["buyer_id"], sorted(set(fired + owner_rules)), reasons,
                    status=status)])
    if not accepted:
        return order, request, None
    starts = opening["starts_at"] if opening else now
    request.due_at, request.due_kind, request.due_key = rules.due_at("respond", starts, ctx.policy, terms), "respond", \
        moves.deadline_key(request, "respond")
    return order, request, lifecycle.NextDeadline("respond", request.due_at, rules.DEADLINES["respond"]["rule_id"],
                                                  {"merchant_id": order.merchant_id}, owner)


def _channel_decision(accepted: bool, opening: dict | None, channel: str | None, fired: list, reasons: list):
    """R-AFT-04 cited when the request runs on its channel's published terms, with why its clock starts later."""
    if not accepted or opening is None:
        return fired, reasons
    if opening["outside_hours"]:
        reasons = [*reasons, f"received outside the {channel} channel's service hours: its response time runs from "
                             f"{opening['starts_at'].isoformat()}"]
    return [*fired, "R-AFT-04"], reasons


def view(ctx: Context, request: models.Request, clocks: list[dict] | None = None) -> dict:
    out = schemas.RequestOut().dump(request)
    out["deadlines"] = lifecycle.clocks(ctx.deadlines, request.request_id) if clocks is None else clocks
    return out


def get(ctx: Context, request_id: str, viewer: dict | None = None) -> dict:
    """The request, its history and its clocks: for its buyer, its merchant or a platform operator."""
    request, deadlines = ctx.repo.request_with_deadlines_or_404(request_id, ctx.deadlines)  # one round trip
    if viewer is not None and not viewer.get("platform") and viewer.get("id") not in (request.buyer_id,
                                                                                      request.merchant_id):
        raise Forbidden("only the request's buyer and merchant may read it", {"request_id": ["not yours"]})
    return view(ctx, request, lifecycle.clocks(ctx.deadlines, request.request_id, deadlines))
