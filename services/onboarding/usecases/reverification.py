"""Re-verification of registration files (R-ONB-03): flagged on its day, a grace period follows; a file still not
re-verified at its end restricts the subject (no new listings) until a reviewer re-verifies it, which sets the next
date and lifts that restriction."""

from tianping.lib import clock
from tianping.lib.errors import Conflict, load

from .. import rules, schemas
from . import Context, subjects

CLOSED = ("blacklisted", "cleared_out", "deregistered")


def on_due(ctx: Context, subject_id: str) -> str:
    """The file is due: flag it and schedule the end of its grace period."""
    if not ctx.repo.flag_reverification_due(subject_id, clock.now()):
        return "not_applicable"
    due = clock.aware(ctx.repo.subject_or_404(subject_id).next_reverification_at)
    lapse = rules.reverification_lapse_at(due, ctx.policy)
    ctx.deadlines.schedule(f"{subject_id}:{rules.LAPSE_CAUSE}:{due.isoformat()}", subject_id, rules.LAPSE_CAUSE, lapse,
                           "R-ONB-03")
    return "flagged"


def on_lapse(ctx: Context, subject_id: str) -> str:
    """The grace period ended: a subject whose file is still due is restricted until it is re-verified."""
    subject = ctx.repo.subject(subject_id)
    if subject is None or not subject.reverification_due:
        return "not_applicable"
    action = rules.reverification_lapsed(subject.status)
    if not action["status"]:
        return "not_applicable"
    due = clock.aware(subject.next_reverification_at)
    if not subjects.set_status(ctx, subject, action["status"], "registration file not re-verified in time",
                               action["rule_ids"], f"{rules.LAPSE_CAUSE}:{due.isoformat()}",
                               require={"reverification_due": True}):  # re-verified meanwhile: nothing lapsed
        return "not_applicable"
    return "restricted"


def reverify(ctx: Context, subject_id: str, data: dict, reviewer: str) -> dict:
    """A reviewer re-verified and updated the file (R-ONB-03): the next date is set, a lapse restriction lifted."""
    r = load(schemas.ReverificationIn(), data)
    subject = ctx.repo.subject_or_404(subject_id)
    if subject.status in CLOSED:
        raise Conflict(f"subject is {subject.status}", {"subject_id": [subject.status]})
    now = clock.now()
    following = rules.reverification_due_at(now, ctx.policy)
    ctx.repo.update_subject(subject_id, set__next_reverification_at=following, set__reverification_due=False,
                            set__reverified_at=now)
    ctx.deadlines.cancel_subject(subject_id, "re-verified", kinds=("reverification", rules.LAPSE_CAUSE))
    if following is not None:
        subjects.schedule_reverification(ctx, subject_id, following)
    ctx.audited(reviewer, "file_reverified", f"subject:{subject_id}", subject=subject_id, rule_ids=["R-ONB-03"],
                detail={"documents": r["documents"], "note": r["note"]})
    last = subject.history[-1] if subject.history else None
    if subject.status == "restricted" and last is not None and (last.cause or "").startswith(rules.LAPSE_CAUSE):
        subjects.set_status(ctx, subject, "active", "registration file re-verified", ["R-ONB-03"],
                            f"reverified:{now.isoformat()}")
    return subjects.view(ctx, subject_id)
