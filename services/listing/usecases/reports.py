"""Reports (R-DSP-11): any signed-in user reports a listing (reason, evidence); reporters are rate-limited per
local day; a report puts a published listing back in review; a reviewer confirms — the listing is withdrawn and a
violation recorded at reputation — or dismisses it; the reporter sees the outcome."""

import uuid

from tianping.lib import clock, periods
from tianping.lib.errors import Conflict, Forbidden, RateLimited, load
from tianping.lib.trail import step

from .. import contracts, models, oversight_rules, rules, schemas
from . import Context
from .reviews import announce


def file(ctx: Context, listing_id: str, data: dict, reporter: str) -> dict:
    r = load(schemas.ReportIn(), data)
    ctx.repo.listing_or_404(listing_id)  # no such listing: 404, before the reporter's quota is taken
    limit = ctx.policy["reports_per_reporter_per_day"]
    if not ctx.repo.take_report_quota(reporter, periods.local_date(clock.now()).isoformat(), limit):
        raise RateLimited(f"at most {limit} reports a day", {"reporter": [f"{limit} reports today"]})
    report = models.Report(report_id=f"rpt_{uuid.uuid4().hex[:16]}", listing_id=listing_id, reporter_id=reporter,
                           reason=r["reason"], evidence=r["evidence"], created_at=clock.now(),
                           history=[step("reported", reporter, ["R-DSP-11"], status="open")])
    ctx.repo.insert_report(report)
    # counted on the listing once stored (a dismissal that counted the open reports before this one landed then
    # publishes nothing), and back to a person until the report is decided (R-LST-12) if it is published now
    held_from = [s for s in rules.LIVE_STATUSES if oversight_rules.held_on_report(s)]
    ctx.repo.count_report(listing_id, held_from, step("reported", reporter, ["R-DSP-11", "R-LST-12"], [r["reason"]],
                                                      f"report:{report.report_id}", "in_review", held_from[0]))
    return schemas.ReportOut().dump(report)


def get(ctx: Context, report_id: str, viewer: dict) -> dict:
    report = ctx.repo.report_or_404(report_id)
    if not viewer.get("platform") and viewer.get("id") != report.reporter_id:
        raise Forbidden("a report is seen by its reporter and reviewers", {"report_id": ["not yours"]})
    return schemas.ReportOut().dump(report)


def decide(ctx: Context, report_id: str, data: dict, reviewer: str) -> dict:
    d = load(schemas.ReportDecisionIn(), data)
    report = ctx.repo.report_or_404(report_id)
    status = "confirmed" if d["decision"] == "confirm" else "dismissed"
    if not ctx.repo.decide_report(report_id, status, d["rule_ids"], step(
            status, reviewer, ["R-DSP-11", *d["rule_ids"]], [d["reason"]], status=status, previous="open")):
        report = ctx.repo.report_or_404(report_id)
        if not _decided_so(report, status, reviewer, d["reason"]):
            raise Conflict(f"report {report_id} is decided already", {"status": [report.status]})
        # this decision, redelivered (a take-over after a crash): the listing's side below, which the crash may have
        # kept from landing — each step of it conditional, the violation deduplicated by the report
    listing = ctx.repo.listing_or_404(report.listing_id)
    cause = f"report:{report_id}"
    if status == "confirmed":
        _withdraw(ctx, listing, reviewer, d, cause)
        violation = ctx.policy["confirmed_report_violation"]
        ctx.publish(contracts.VIOLATION_DETECTED, {
            "subject_id": listing.operator_id, "subject_type": "merchant", "rule_id": d["rule_ids"][0],
            "severity": violation["severity"], "source_service": "listing",
            "evidence": [f"listing {listing.listing_id}: {d['reason']}", *report.evidence][:50],
            "dedupe_key": f"listing-report:{report_id}"})
    elif _held_by_reports(listing) and not ctx.repo.open_reports(listing.listing_id):
        # reports took it out of publication and none is open: it goes back, unless one was filed since it was read
        ctx.repo.publish_after_reports(listing.listing_id, listing.reports_filed, step(
            "report_dismissed", reviewer, ["R-DSP-11"], [d["reason"]], cause, "published", "in_review"))
    return schemas.ReportOut().dump(ctx.repo.report_or_404(report_id))


def _decided_so(report: models.Report, status: str, reviewer: str, reason: str) -> bool:
    """Was the report decided by this very decision (same reviewer, outcome and reason), not by another one?"""
    decision = next((s for s in reversed(report.history) if s.event in ("confirmed", "dismissed")), None)
    return decision is not None and (decision.event, decision.actor, decision.reasons) == (status, reviewer, [reason])


WITHDRAW_ATTEMPTS = 5  # each miss is a concurrent change of the listing's status


def _withdraw(ctx: Context, listing: models.Listing, reviewer: str, d: dict, cause: str) -> None:
    """A confirmed report withdraws the listing from the live status it has when the move lands: a reviewer's
    approval (or a report's hold) landing between the read and the move is read again, not left standing."""
    rule_ids = ["R-LST-12", *d["rule_ids"]]
    for _ in range(WITHDRAW_ATTEMPTS):
        if listing.status not in ("published", "in_review", "changes_requested"):
            return
        if ctx.repo.move(listing.listing_id, listing.status, "withdrawn",
                         step("withdrawn", reviewer, rule_ids, [d["reason"]], cause, "withdrawn", listing.status)):
            announce(ctx, listing, "withdrawn", rule_ids, reviewer, listing.status)
            return
        listing = ctx.repo.listing_or_404(listing.listing_id)


def _held_by_reports(listing) -> bool:
    """In review because a report took it there (its last move into review was a report's), not for another reason."""
    into_review = next((s for s in reversed(listing.trail) if s.status == "in_review"), None)
    return listing.status == "in_review" and into_review is not None and (into_review.cause or "").startswith(
        "report:")
