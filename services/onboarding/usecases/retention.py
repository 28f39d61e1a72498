"""Retention of registration archives (R-XC-03): kept at least 2 calendar years after deregistration, then the
subject's personal data is minimised while the record (status, history, rule IDs) stays. Asking for it earlier is
refused naming the earliest date; every minimisation is written to the audit log."""

from tianping.lib import clock
from tianping.lib.errors import RetentionWindow, load
from tianping.platform.retention import PURGE_BATCH

from .. import schemas
from . import Context


def purge(ctx: Context, limit: int = PURGE_BATCH) -> dict:
    """The periodic job: minimise every deregistered subject whose window has ended (a batch per run)."""
    now = clock.now()
    done = [s.subject_id for s in ctx.repo.past_retention(now, limit) if _minimise(ctx, s, now, "onboarding",
                                                                                 "retention window ended")]
    return schemas.PurgeOut().dump({"minimised": len(done), "subject_ids": done})


def erase(ctx: Context, subject_id: str, data: dict, actor: str) -> dict:
    """An operator's request to remove a subject's personal data: refused inside the retention window."""
    d = load(schemas.EraseIn(), data)
    subject = ctx.repo.subject_or_404(subject_id)
    now = clock.now()
    if subject.status != "deregistered" or subject.retain_until is None:
        raise RetentionWindow("the registration archive is kept while the subject is registered and 2 years after "
                              "deregistration (R-XC-03)", {"subject_id": ["registered"], "rule_ids": ["R-XC-03"]})
    until = clock.aware(subject.retain_until)
    if until > now:
        local = until.astimezone(clock.platform_zone()).isoformat()  # as the platform counts its calendar years
        raise RetentionWindow(f"kept until {local} (R-XC-03)", {"retain_until": [local], "rule_ids": ["R-XC-03"]})
    _minimise(ctx, subject, now, actor, d["reason"])
    return schemas.ErasedOut().dump({"subject_id": subject_id,
                                     "minimised_at": ctx.repo.subject_or_404(subject_id).minimised_at})


def _minimise(ctx: Context, subject, now, actor: str, reason: str) -> bool:
    if not ctx.repo.minimise(subject.subject_id, now):
        return False  # done before
    ctx.audited(actor, "subject_personal_data_minimised", f"subject:{subject.subject_id}",
                subject=subject.subject_id, rule_ids=["R-XC-03"], before="deregistered", after="minimised",
                detail={"reason": reason, "retain_until": clock.aware(subject.retain_until).isoformat()},
                key=f"minimised:{subject.subject_id}")
    return True
