"""Periodic publication of merchant management (R-XC-31): once a calendar period (the policy's months) has closed, the
report of the applications decided and the measures imposed in it is published; anyone signed in reads them."""

from datetime import date

from tianping.lib import clock, periods

from .. import models, report_rules, schemas
from . import Context


def _out(report: models.ManagementReport) -> dict:
    return {"period_start": date.fromisoformat(report.period_start), "period_end": date.fromisoformat(report.period_end),
            "applications": dict(report.applications), "measures": dict(report.measures),
            "published_at": clock.aware(report.published_at), "rule_ids": ["R-XC-31"]}


def publish_due(ctx: Context) -> list[dict]:
    """Publish every closed period's report not yet published (a timer calls it; idempotent across instances)."""
    last = ctx.repo.last_report()
    until = date.fromisoformat(last.period_end) if last else None
    published = []
    for first, end in report_rules.periods_to_publish(until, clock.now(), ctx.policy["management_report_months"]):
        start, stop = periods.local_midnight(first), periods.local_midnight(end)
        figures = report_rules.tally(ctx.repo.decided_statuses(start, stop),
                                     ctx.repo.measures_imposed(start, stop, report_rules.MEASURES))
        report = models.ManagementReport(report_id=f"{first.isoformat()}/{end.isoformat()}",
                                         period_start=first.isoformat(), period_end=end.isoformat(), **figures)
        if ctx.repo.insert_report(report):
            ctx.audited("onboarding", "management_report_published", f"report:{report.report_id}",
                        rule_ids=["R-XC-31"], detail=figures)
            published.append(schemas.ManagementReportOut().dump(_out(report)))
    return published


def reports(ctx: Context) -> dict:
    """The published reports, newest first."""
    return schemas.ManagementReportsOut().dump({"items": [_out(r) for r in ctx.repo.reports()]})
