"""Moving a case on (on the kit's lifecycle: next deadline first, the change only if the case is still where the
caller saw it, the old deadline retired), who may act, and closing a case with everything a decision sets off:
the payment deadline, the public statistics, and reputation's violation and dispute signal."""

import functools
from datetime import timedelta
from decimal import Decimal

from tianping.infra import metrics
from tianping.lib import clock, periods
from tianping.lib.errors import Conflict, Forbidden, RefundedInFull
from tianping.lib.trail import step
from tianping.platform import lifecycle, retention

from .. import contracts, models, procedure, rules
from . import Context, money


def party(actor: dict, case: models.Case) -> str:
    """'buyer', 'merchant' or 'platform' (a mediator or administrator); anyone else is refused."""
    if actor.get("platform"):
        return "platform"
    if actor.get("id") == case.consumer_id:
        return "buyer"
    if actor.get("id") == case.merchant_id:
        return "merchant"
    raise Forbidden("only the case's buyer, its merchant or a mediator may do this", {"case_id": ["not yours"]})


def name(actor: dict) -> str:
    return f"platform:{actor['id']}" if actor.get("platform") else actor["id"]


def require_step(case: models.Case, action: str) -> None:
    """R-DSP-09: a case moves only by a step the published procedure allows from its state."""
    if not procedure.allows(action, case.status):
        allowed = procedure.STEPS[action][1]
        raise Conflict(f"the case is {case.status}; the published procedure takes {action} only after "
                       f"{' or '.join(allowed)}", {"status": [case.status], "procedure": [f"{action}: {', '.join(allowed)}"]})


def move(ctx: Context, case: models.Case, *, to: str, event: str, actor: str, rule_ids, reasons=(),
         next_deadline: str | None = None, sets: dict | None = None, unset=(), cause: str = "",
         require: dict | None = None) -> models.Case:
    """Move the case from the status it was read in (and matching `require`, the precondition that makes a move
    from a state to itself once-only) or raise Conflict."""
    now = clock.now()
    upcoming = None
    if next_deadline:
        upcoming = lifecycle.NextDeadline(next_deadline, rules.due_at(next_deadline, now, ctx.policy),
                                          rules.DEADLINES[next_deadline]["rule_id"], {"merchant_id": case.merchant_id})
    if to in (rules.RESOLVED, rules.ESCALATED_EXTERNAL):  # kept 3 years from the handling's end (R-XC-01)
        sets = {**(sets or {}), **retention.stamp("complaint", now)}
    transition = functools.partial(ctx.repo.transition, require=require) if require else ctx.repo.transition
    moved = lifecycle.advance(ctx.deadlines, transition, case.case_id, case.status, len(case.trail), to=to,
                              step=step(event, actor, rule_ids, reasons, cause, to, case.status),
                              sets=sets, next_deadline=upcoming, retire=[case.due_key], unset=unset,
                              pinned=require)  # a move to the same state: once-only by `require`
    if not moved:
        raise Conflict("the case changed meanwhile; read it again", {"status": ["changed"]})
    fresh = ctx.repo.case_or_404(case.case_id)
    announce(ctx, fresh, event, case.status, actor, rule_ids)
    return fresh


def announce(ctx: Context, case: models.Case, event: str, previous: str | None, actor: str, rule_ids) -> None:
    """Every transition of a case: appended to the audit log (hash-chained) and announced to the others."""
    lifecycle.announce(ctx, contracts.CASE_CHANGED, case, f"case:{case.case_id}", {
        "case_id": case.case_id, "order_id": case.order_id, "consumer_id": case.consumer_id,
        "merchant_id": case.merchant_id, "outcome": case.outcome},
        event, previous, actor, rule_ids, subject=case.merchant_id, detail={"outcome": case.outcome})


def cents(amount) -> int:
    return int((Decimal(str(amount)) * 100).to_integral_value())


def close(ctx: Context, case: models.Case, outcome: str, actor: str, rule_ids, reasons=(), amount=None,
          cause: str = "", flags=(), strict: bool = False, require: dict | None = None) -> models.Case:
    """Resolve a case with `outcome` (R-DSP-01: the responsible party identified and recorded). A decided amount is
    committed on the order's ledger first: `strict` (the mediator deciding) refuses one above what remains; an
    automatic or accepted decision takes what remains and says so. A closed case is never closed again."""
    if case.status in rules.CLOSED_STATUSES:
        raise Conflict(f"the case is {case.status} already", {"status": [case.status]})
    now = clock.now()
    decided = rules.decided_amount(outcome, case.amount_claimed, None if amount is None else str(amount))
    sets, reasons = {"outcome": outcome, "resolved_at": now}, list(reasons)
    if decided is not None:
        if strict:
            money.check(ctx, case, decided)
        try:
            committed = money.decide(ctx, case, decided, actor, cap=not strict)
        except RefundedInFull:
            if strict:
                raise
            committed, reasons = None, [*reasons, "nothing remained refundable on the order"]
        if committed is not None and committed != Decimal(decided):
            reasons.append(f"decided {Decimal(decided):.2f}, capped at the {committed:.2f} that remained refundable")
        decided = committed
    if decided is not None:
        sets.update(decided_amount=f"{decided:.2f}", decided_cents=cents(decided))
    if flags:
        sets.update(flags=sorted(set(case.flags) | set(flags)), advance_compensation_available=True)
    try:
        closed = move(ctx, case, to=rules.RESOLVED, event=f"resolved_{outcome}", actor=actor, rule_ids=rule_ids,
                      reasons=reasons, sets=sets, unset=["open_order"], cause=cause,
                      next_deadline="payment" if decided is not None else None, require=require)
    except Conflict:
        now_case = ctx.repo.case_or_404(case.case_id)
        if decided is not None and (now_case.status != rules.RESOLVED or now_case.decided_amount is None):
            money.release(ctx, case, actor, "the decision did not stand")
        raise
    _count_resolution(ctx, closed, now)
    metrics.DECISIONS.labels("dispute", "case", outcome).inc()
    if outcome != "withdrawn":
        _report(ctx, closed, outcome)
    return closed


def _count_resolution(ctx: Context, case: models.Case, now) -> None:
    hours = (now - clock.aware(case.opened_at)).total_seconds() / 3600
    # R-DSP-10: resolved within the policy's period, counted in calendar days of the platform
    within = periods.local_date(now) <= periods.local_date(case.opened_at) + timedelta(
        days=ctx.policy["resolve_within_days"])
    ctx.repo.count_day(periods.local_date(now).isoformat(), {
        "resolved": 1, f"outcomes.{case.outcome}": 1, "within_deadline": int(within),
        f"hours.{rules.hour_bucket(hours)}": 1})


def _report(ctx: Context, case: models.Case, outcome: str) -> None:
    """The outcome feeds the credit score's dispute component; one against the merchant is a violation (R-REP-05)."""
    ctx.publish(contracts.SIGNAL_OBSERVED, {
        "subject_id": case.merchant_id, "kind": "dispute_decided", "value": rules.fault(outcome),
        "source_service": "dispute", "occurred_at": clock.now().isoformat(), "dedupe_key": f"dispute:{case.case_id}"})
    ctx.publish(contracts.SIGNAL_OBSERVED, {  # the buyer's side of the same decision: its credit as a buyer (R-REP-05)
        "subject_id": case.consumer_id, "kind": "buyer_dispute_decided", "value": rules.fault(outcome),
        "source_service": "dispute", "occurred_at": clock.now().isoformat(),
        "dedupe_key": f"dispute-buyer:{case.case_id}"})
    if outcome in rules.AGAINST_MERCHANT:
        ctx.publish(contracts.VIOLATION_DETECTED, {
            "subject_id": case.merchant_id, "subject_type": "merchant", "rule_id": ctx.policy["violation"]["rule_id"],
            "severity": ctx.policy["violation"]["severity"], "source_service": "dispute",
            "evidence": [f"dispute {case.case_id} on order {case.order_id}: {outcome}"],
            "dedupe_key": f"dispute-outcome:{case.case_id}"})
