"""Reports to the authorities (R-REP-14, R-XC-06): a community subject's blacklisting opens a reporting duty with its
deadline; the platform records what it reported, to which authority, when and under which reference; the duties are
listed, the overdue ones first, and kept."""

import uuid

from tianping.lib import clock, paging
from tianping.lib.errors import Conflict, ValidationFailed, found, load

from .. import models, report_rules, schemas
from . import Context


def open_for_change(ctx: Context, change: dict) -> None:
    """A committed blacklist change: open its reporting duty, once per change."""
    duty = report_rules.report_duty(change.get("subject_type") or "", change["action"], clock.now(), ctx.policy())
    if duty is None:
        return
    report = models.AuthorityReport(
        report_id=f"rep_{uuid.uuid4().hex[:16]}", cause=f"blacklist:{change['seq']}", subject_id=change["subject_id"],
        subject_type=change.get("subject_type"), rule_ids=duty["rule_ids"], reason=change.get("reason", ""),
        due_at=duty["due_at"])
    try:
        ctx.repo.insert(report)
    except ctx.repo.Duplicate:
        return  # a resumed request: the duty is open already


def view(doc: dict, now=None) -> dict:
    """One duty as stored (a raw document), with whether it is overdue now."""
    due = {"status": doc.get("status"), "due_at": clock.aware(doc["due_at"])}
    return schemas.AuthorityReportOut().dump({**doc, "report_id": doc["_id"],
                                              "overdue": report_rules.overdue(due, now or clock.now())})


def record(ctx: Context, report_id: str, data: dict, actor: str) -> dict:
    """What was reported, to whom, when and under which reference (R-REP-14); recorded once."""
    r = load(schemas.AuthorityReportIn(), data)
    report = found(ctx.repo.report(report_id), f"report {report_id}", "report_id")
    if r["reported_at"] < clock.aware(report.opened_at):
        raise ValidationFailed("a report cannot precede its duty", {"reported_at": ["before the duty opened"]})
    if not ctx.repo.mark_reported(report_id, authority=r["authority"], reference=r["reference"],
                                  summary=r["summary"], reported_at=r["reported_at"], reported_by=actor):
        raise Conflict("this report was recorded already", {"report_id": ["reported"]})
    if ctx.audit is not None:
        ctx.audit.append(actor, "reported_to_authority", f"report:{report_id}", subject=report.subject_id,
                         rule_ids=list(report.rule_ids), after=r["authority"], key=f"report:{report_id}",
                         detail={"reference": r["reference"], "reported_at": r["reported_at"].isoformat()})
    return view(ctx.repo.report(report_id).to_mongo().to_dict())


def listing(ctx: Context, status: str | None, cursor: str | None, limit) -> dict:
    if status not in (None, "due", "reported"):
        raise ValidationFailed("unknown status", {"status": ["due or reported"]})
    docs, next_cursor = ctx.repo.reports_page(status, cursor, paging.clamp(limit, 50, 200))
    now = clock.now()
    return schemas.AuthorityReportPage().dump({"items": [view(d, now) for d in docs], "next_cursor": next_cursor})
