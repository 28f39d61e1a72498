"""Moving a request from one state to the next, the one way every use case does it (on the kit's lifecycle: the
next deadline first, the state change only if the request is still where the caller saw it, then the old deadline
retired), and telling the others."""

import functools

from tianping.infra import metrics
from tianping.lib import clock
from tianping.lib.errors import Conflict, Forbidden
from tianping.lib.trail import step
from tianping.platform import lifecycle, retention

from .. import contracts, models, rules, survey_rules
from . import Context, promise_checks, request_money


def party(actor: dict, request: models.Request, side: str) -> str:
    """Who acts: the request's own merchant or buyer, or a platform operator on their behalf (marked so)."""
    if actor.get("platform"):
        return f"platform:{actor['id']}"
    own = request.merchant_id if side == "merchant" else request.buyer_id
    if actor.get("id") != own:
        raise Forbidden(f"only the request's {side} may do this", {"request_id": ["not yours"]})
    return actor["id"]


def require_status(request: models.Request, *allowed: str) -> None:
    lifecycle.require_status("request", request.status, *allowed)


def deadline_key(request: models.Request, kind: str) -> str:
    return lifecycle.deadline_key(request.request_id, kind, len(request.trail))


def move(ctx: Context, request: models.Request, *, to: str, event: str, actor: str, rule_ids, reasons=(),
         next_deadline: str | None = None, sets: dict | None = None, cause: str = "", keep_old: bool = False,
         answer_key: str | None = None, breach=None) -> models.Request:
    """Apply one transition on the kit's lifecycle (raises Conflict if someone else moved the request first) and
    return the request as moved. `keep_old` leaves the running deadline alone (it was paused, not met);
    `answer_key` (the merchant's request key) and `breach` (the step of the missed deadline causing the move) are
    recorded with the move in the same update."""
    now = clock.now()
    previous = request.status
    changes, unset = dict(sets or {}), []
    retire = [] if keep_old else [request.due_key]
    if to in rules.CLOSED_STATUSES:
        changes["closed_at"] = now
        changes.update(retention.stamp("transaction", now))  # kept 3 years from completion (R-XC-02)
        invitation = survey_rules.survey_invitation(now, ctx.policy)  # the platform follows the buyer up (R-AFT-16)
        if invitation and not request.survey_invitation:
            changes["survey_invitation"] = invitation
        if request.paused_key:
            retire.append(request.paused_key)
            unset.append("paused_key")
    upcoming = None
    if next_deadline:
        upcoming = lifecycle.NextDeadline(next_deadline, rules.due_at(next_deadline, now, ctx.policy, request.terms),
                                          rules.DEADLINES[next_deadline]["rule_id"],
                                          {"merchant_id": request.merchant_id}, request.deadline_owner)
    check = promise_checks.schedule(ctx, request, to, upcoming)  # before the promise: a crash after it leaves it
    if check and to == rules.REFUND_DUE:  # the request holds the promise once moved there: the check retires
        retire.append(check)
    request_money.before_move(ctx, request, to, changes, actor)  # the money first: no refund due without it
    extra = {k: v for k, v in (("answer_key", answer_key), ("breach", breach)) if v}
    transition = functools.partial(ctx.repo.transition, **extra) if extra else ctx.repo.transition
    moved = lifecycle.advance(ctx.deadlines, transition, request.request_id, previous, len(request.trail),
                              to=to, step=step(event, actor, rule_ids, reasons, cause, to, previous),
                              sets=changes, next_deadline=upcoming, retire=retire, unset=unset,
                              scheduled=check is not None)
    if not moved:
        request_money.after_failed_move(ctx, request, to, actor)
        raise Conflict("the request changed meanwhile; read it again", {"status": ["changed"]})
    fresh = moved  # the request as the transition left it
    request_money.after_move(ctx, fresh, to, actor, previous)
    if to in rules.CLOSED_STATUSES:
        metrics.DECISIONS.labels("aftersale", "request", to).inc()
    announce(ctx, fresh, event, previous, actor, rule_ids)
    return fresh


def announce(ctx: Context, request: models.Request, event: str, previous: str | None, actor: str, rule_ids) -> None:
    """Every transition of a request, automatic ones too: appended to the audit log (hash-chained) and announced."""
    lifecycle.announce(ctx, contracts.REQUEST_CHANGED, request, f"request:{request.request_id}", {
        "request_id": request.request_id, "order_id": request.order_id, "buyer_id": request.buyer_id,
        "merchant_id": request.merchant_id, "kind": request.kind, "deadline_owner": request.deadline_owner},
        event, previous, actor, rule_ids, subject=request.merchant_id)


def signal(ctx: Context, request: models.Request, kind: str, value=None, key: str = "") -> None:
    """A credit-score input for reputation's service-quality component (once per request and kind, or per `key`)."""
    ctx.publish(contracts.SIGNAL_OBSERVED, {
        "subject_id": request.merchant_id, "kind": kind, "value": value, "source_service": "aftersale",
        "occurred_at": clock.now().isoformat(), "dedupe_key": f"aftersale:{key or request.request_id}:{kind}"})
