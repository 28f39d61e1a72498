"""What the platform does when an after-sale deadline passes (the sweeper's handler): approve a request the merchant
did not answer, confirm a receipt it did not confirm, record a missed refund or fulfilment as a breach, lapse a
request the buyer abandoned. Each automatic step names its rule and, for a blacklisted merchant, is marked as the
platform's. A deadline the request has moved past fires as "not_applicable" and changes nothing."""

from tianping.infra import metrics
from tianping.lib import clock
from tianping.lib.errors import Conflict
from tianping.lib.trail import step
from tianping.platform import lifecycle, sweeper

from .. import models, rules
from . import Context, deliveries, moves, promise_checks, stats

for _kind in rules.DEADLINES:  # every kind of breach is a series from the start (0), for rates and alerts
    metrics.AFTERSALE_BREACHES.labels(_kind)


def sweep(ctx: Context) -> dict:
    return sweeper.sweep(ctx, fire)


def fire(ctx: Context, deadline: dict) -> str:
    """The deadline's consequence and its breach happen together, in one conditional update, or not at all: a merchant
    or buyer who acted between this handler's read and its write has met the deadline (R-AFT-15 counts no breach)."""
    if deadline["kind"] == deliveries.KIND:  # an order's, not a request's (R-AFT-13)
        return deliveries.fire(ctx, deadline)
    if deadline["kind"] == promise_checks.KIND:  # a promise's check (R-AFT-06): no obligation of the request's
        return promise_checks.fire(ctx, deadline)
    request = ctx.repo.request(deadline["subject"])
    cause = f"deadline:{deadline['_id']}"
    if request is None:
        return "not_applicable"
    action = rules.on_deadline(deadline["kind"], request.kind)
    if any(s.cause == cause for s in request.trail):  # it acted, and its process died before the breach was told
        if action["breach"]:
            _tell_breach(ctx, request, deadline)
        return action["event"]
    if not lifecycle.applies(request, deadline):
        return "not_applicable"
    actor = "platform" if request.deadline_owner == "platform" else "aftersale"
    breach = _breach_step(deadline) if action["breach"] else None
    consequence = step(action["event"], actor, action["rule_ids"], [action["reason"]], cause)
    if action["status"] is None:  # the obligation stays open, the request is now stalled: the buyer may escalate
        stalled = ctx.repo.stall(request.request_id, deadline["_id"], [s for s in (breach, consequence) if s],
                                 bool(breach))
        if stalled is None:
            return "not_applicable"
        moves.announce(ctx, stalled, action["event"], request.status, actor, action["rule_ids"])
    else:
        sets = {}
        if deadline["kind"] == "respond":
            sets = {"accepted": True,
                    "first_response_seconds": (clock.now() - clock.aware(request.opened_at)).total_seconds()}
        try:
            moves.move(ctx, request, to=action["status"], event=action["event"], actor=actor,
                       rule_ids=action["rule_ids"], reasons=[action["reason"]], next_deadline=action["next"],
                       sets=sets, cause=cause, breach=breach)
        except Conflict:  # the merchant or buyer acted in the same instant: their action stands
            return "not_applicable"
    if breach:
        _tell_breach(ctx, request, deadline)
    return action["event"]


def _breach_step(deadline: dict):
    return step("deadline_breached", "aftersale", [deadline["rule_id"], "R-AFT-15"],
                [f"{deadline['kind']} was due {clock.aware(deadline['due_at']).isoformat()}"],
                f"deadline:{deadline['_id']}")


def _tell_breach(ctx: Context, request: models.Request, deadline: dict) -> None:
    """The breach counted on the request, recorded for the merchant's statistics and its credit, once."""
    recorded = ctx.repo.insert_breach(models.Breach(
        breach_id=deadline["_id"], merchant_id=request.merchant_id, request_id=request.request_id,
        kind=deadline["kind"], rule_id=deadline["rule_id"], owner=request.deadline_owner, at=clock.now()))
    if not recorded:  # fired before, and the process died before the deadline was marked: already told
        return
    metrics.AFTERSALE_BREACHES.labels(deadline["kind"]).inc()
    if request.deadline_owner == "merchant":  # the platform's own lapses are not held against it
        moves.signal(ctx, request, "deadline_breach", key=deadline["_id"])
        stats.check_breaches(ctx, request.merchant_id)
