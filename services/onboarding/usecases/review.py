"""Human review: the queue (oldest first) and a reviewer's decision, recorded with reviewer, time and rule IDs."""

from tianping.infra import metrics
from tianping.lib import clock, paging
from tianping.lib.errors import Conflict, SubjectBlacklisted, load
from tianping.lib.trail import step

from .. import contracts, rules, schemas
from . import Context, activation, applications, subjects

REVIEWABLE = ("pending_review",)
OUTCOMES = {"approve": "approved", "reject": "rejected", "resubmit": "resubmission_requested"}


def observe_queue(ctx: Context) -> None:
    """Timer: the queue's depth and oldest age for the dashboards and the review-SLA alert."""
    metrics.observe_queue("onboarding", "application", *ctx.repo.queue_stats())


def summary(ctx: Context) -> dict:
    """How many applications wait for a reviewer and since when the oldest: a count, not a page of them."""
    waiting, oldest = ctx.repo.queue_stats()
    return paging.QueueSummary().dump({"waiting": waiting, "oldest_waiting_since": oldest})


def queue(ctx: Context, applicant_type: str | None, cursor: str | None, limit) -> dict:
    """Applications pending review, oldest first (R-ONB-02)."""
    items, next_cursor = ctx.repo.pending_applications(applicant_type, cursor, paging.clamp(limit))
    page = schemas.ApplicationPage().dump({"items": items, "next_cursor": next_cursor})
    for item in page["items"]:
        item["identity"] = subjects.masked_identity(item["identity"], reveal=False)
    return page


def decide(ctx: Context, application_id: str, data: dict, reviewer: str) -> dict:
    d = load(schemas.DecisionIn(), data)
    application = ctx.repo.application_or_404(application_id)
    if application.status not in REVIEWABLE:
        raise Conflict(f"application is {application.status}, not awaiting review",
                       {"decision": [f"application is {application.status}"]})
    new_status, rule_ids = OUTCOMES[d["decision"]], d["rule_ids"] or ["R-ONB-02"]
    if d["forged"]:
        new_status, rule_ids = "rejected", sorted(set(rule_ids) | {"R-REP-13", "PB-22", "R-ONB-25"})
    missing = rules.unfiled(application.checks) if new_status == "approved" else []
    if missing:  # a contract, commitment, policy or proof the rules require is not on file: ask for it first
        raise Conflict(f"required filings missing: {'; '.join(m['message'] for m in missing)}",
                       {"decision": ["resubmit the missing filings before approving"],
                        "rule_ids": sorted({m["rule_id"] for m in missing})})
    if new_status == "approved" and subjects.blacklist_match(ctx, application.subject_id, application.identity):
        # the world changed while it waited
        raise SubjectBlacklisted("applicant is now on the blacklist (R-ONB-05)", {"rule_ids": ["R-ONB-05"]})
    previous = application.status
    decided = {"set__decided_at": clock.now()} if new_status != "resubmission_requested" else {}
    moved = ctx.repo.move_application(
        application_id, application.status, set__status=new_status, **decided,
        push__history=step(d["decision"], reviewer, rule_ids, d["reasons"], status=new_status,
                           previous=application.status, documents=d["documents_requested"]))
    if not moved:
        raise Conflict("application changed while deciding; reload it", {"decision": ["concurrent decision"]})
    application = ctx.repo.application_or_404(application_id)
    metrics.DECISIONS.labels("onboarding", "application", new_status).inc()
    ctx.audited(reviewer, f"application_{d['decision']}", f"application:{application_id}",
                subject=application.subject_id, rule_ids=rule_ids, before=previous, after=new_status,
                detail={"reasons": d["reasons"], "documents_requested": d["documents_requested"]})
    ctx.publish(contracts.APPLICATION_DECIDED, {"application_id": application_id, "subject_id": application.subject_id,
                                                "status": new_status, "rule_ids": rule_ids, "reviewer": reviewer})
    if d["forged"]:  # forged qualification documents: serious violation, blacklist through reputation
        ctx.publish(contracts.VIOLATION_DETECTED, {
            "subject_id": application.subject_id, "subject_type": application.applicant_type, "rule_id": "PB-22",
            "severity": "serious", "source_service": "onboarding",
            "evidence": [f"application {application_id}: {'; '.join(d['reasons'])}"],
            "identity_keys": rules.identity_keys(application.identity),
            "dedupe_key": f"forged-application:{application_id}"})
    if new_status == "approved":
        activation.activate(ctx, application, actor=reviewer)
    return applications.view(application, reveal=False)
