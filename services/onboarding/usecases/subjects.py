"""Subjects: registration, status changes, what they may do, views with personal data masked, deregistration."""

import logging

from tianping.lib import clock, paging, periods
from tianping.lib.errors import Conflict, Forbidden, SubjectBlacklisted, load
from tianping.lib.trail import step
from tianping.platform import sanctions

from .. import contracts, models, rules, schemas
from . import Context, links
from .activation import deadline_doc

log = logging.getLogger(__name__)


def masked_identity(identity: dict, reveal: bool) -> dict:
    """The identity as this reader may see it: in full for an entitled role (R-XC-10), else masked (R-XC-13)."""
    return dict(identity) if reveal else {**identity, **rules.masked_fields(identity)}


def may_reveal(ctx: Context, subject_id: str, viewer: dict | None) -> bool:
    """Entitled roles see personal data in full, and each such read is logged (R-XC-10)."""
    if not viewer or not rules.entitled_to_personal_data(viewer.get("role")):
        return False
    ctx.repo.log_pii_access(subject_id, viewer.get("sub", "?"), viewer.get("role"), viewer.get("purpose", "read"))
    ctx.audited(viewer.get("sub", "?"), "personal_data_read", f"subject:{subject_id}", subject=subject_id,
                rule_ids=["R-XC-10"], detail={"role": viewer.get("role"), "purpose": viewer.get("purpose", "read")})
    log.info("personal data read in full", extra={"subject_id": subject_id})
    return True


def view(ctx: Context, subject_id: str, viewer: dict | None = None) -> dict:
    subject = ctx.repo.subject_fields_or_404(subject_id)  # no model built: dumped from the stored fields
    out = schemas.SubjectOut().dump(subject)
    out["identity"] = masked_identity(subject["identity"] or {}, may_reveal(ctx, subject_id, viewer))
    return out


UNREAD = object()  # the subject's replica entry has not been read by the caller


def blacklist_match(ctx: Context, subject_id: str, identity: dict, entry=UNREAD, held: dict | None = None) -> str | None:
    """The blacklisted subject this id or identity belongs to (R-ONB-05), if any. `entry`: the subject's replica
    entry when the caller read it already (None when it has none); `held`: links.held_by_blacklisted, when read."""
    listed = ctx.replica.is_blacklisted(subject_id) if entry is UNREAD else (entry or {}).get("status") == "blacklisted"
    if listed:
        return subject_id
    keys = rules.identity_keys(identity)
    entry = ctx.replica.match_identity(keys)  # identities the authority published with its change
    if entry:
        return entry["_id"]
    if held is not None:  # identities registered here of subjects blacklisted here
        return links.blacklisted_holder(ctx, identity, held)
    return ctx.repo.blacklisted_holder(keys)


def refuse_if_blacklisted(ctx: Context, subject_id: str, identity: dict) -> None:
    """R-ONB-05 / R-REP-13: a blacklisted subject — or anyone with its identity — is refused entry."""
    match = blacklist_match(ctx, subject_id, identity)
    if match == subject_id:
        raise SubjectBlacklisted("subject is on the platform blacklist (R-ONB-05, R-REP-13)",
                                 {"subject_id": ["blacklisted"], "rule_ids": ["R-ONB-05", "R-REP-13"]})
    if match is not None:
        raise SubjectBlacklisted("the same identity belongs to a blacklisted subject (R-ONB-05, R-REP-13)",
                                 {"identity": ["matches a blacklisted subject"], "rule_ids": ["R-ONB-05", "R-REP-13"]})


def register(ctx: Context, data: dict) -> dict:
    """Register an already-verified subject directly (internal)."""
    s = load(schemas.SubjectIn(), data)
    refuse_if_blacklisted(ctx, s["subject_id"], s["identity"])
    subject = models.Subject(subject_id=s["subject_id"], subject_type=s["subject_type"], display_name=s["display_name"],
                             identity_keys=rules.identity_keys(s["identity"]), identity=s["identity"],
                             next_reverification_at=rules.reverification_due_at(clock.now(), ctx.policy),
                             history=[step("registered", "onboarding", ["R-ONB-02"], cause="registration",
                                           status="active")])
    try:
        ctx.repo.insert_subject(subject)
    except ctx.repo.Duplicate:
        raise Conflict(f"subject {s['subject_id']} exists", {"subject_id": ["already registered"]}) from None
    links.record(ctx, subject.subject_id, s["identity"])
    if subject.next_reverification_at is not None:  # a file registered directly is re-verified too (R-ONB-03)
        schedule_reverification(ctx, subject.subject_id, subject.next_reverification_at)
    ctx.audited("onboarding", "subject_registered", f"subject:{subject.subject_id}", subject=subject.subject_id,
                rule_ids=["R-ONB-02"], before="unregistered", after="active")
    ctx.publish(contracts.SUBJECT_STATUS_CHANGED, {
        "subject_id": subject.subject_id, "subject_type": subject.subject_type, "status": "active",
        "previous": "unregistered", "rule_ids": ["R-ONB-02"], "cause": "registration", "version": 1})
    return schemas.SubjectOut().dump(subject)


def set_status(ctx: Context, subject: models.Subject, status: str, reason: str, rule_ids, cause: str,
               require: dict | None = None) -> bool:
    """Idempotent: a change with a cause already in the history is not applied again. Conditional: applied only while
    the subject is in the status it was read in (and matches `require`), so a decision taken on a stale read (a
    subject blacklisted, re-verified or deregistered meanwhile) changes, audits and announces nothing."""
    if moved_already(subject, status, cause):
        return False
    previous = subject.status
    if not ctx.repo.change_status(subject.subject_id, previous, step(
            "status_changed", "onboarding", rule_ids, [reason], cause, status=status, previous=previous), require):
        return False
    ctx.audited("onboarding", f"subject_{status}", f"subject:{subject.subject_id}", subject=subject.subject_id,
                rule_ids=rule_ids, before=previous, after=status, detail={"reason": reason, "cause": cause})
    ctx.publish(contracts.SUBJECT_STATUS_CHANGED, {
        "subject_id": subject.subject_id, "subject_type": subject.subject_type, "status": status,
        "previous": previous, "rule_ids": list(rule_ids), "cause": cause, "version": len(subject.history) + 1})
    return True


def moved_already(subject: models.Subject, status: str, cause: str) -> bool:
    return any(h.cause == cause and h.status == status for h in subject.history)


def statuses(ctx: Context, cursor: str | None = None, limit: int = 500) -> dict:
    """Every subject's status and version, in pages: how another service's replica catches up (tianping.platform.subjects)."""
    docs, next_cursor = ctx.repo.subject_statuses(cursor, paging.clamp(limit, 500, 1000))
    return schemas.StatusPage().dump({"items": docs, "next_cursor": next_cursor})


def is_allowed(ctx: Context, subject_id: str, action: str) -> dict:
    subject = ctx.repo.subject_or_404(subject_id)
    ok, fired = rules.is_allowed(subject.status, action, ctx.replica.is_blacklisted(subject_id))
    if ok:  # the platform sanction replicated from reputation (issue 24); onboarding calls going live "livestream"
        ok, fired = sanctions.is_allowed(ctx.replica, subject_id, "go_live" if action == "livestream" else action)
    return schemas.AllowedOut().dump({"subject_id": subject_id, "action": action, "allowed": ok,
                                      "status": subject.status, "rule_ids": fired})


def schedule_evaluation(ctx: Context, subject_id: str, due_at) -> None:
    """The next periodic evaluation (R-REP-01) replaces the one that was pending."""
    ctx.deadlines.cancel_subject(subject_id, "a newer evaluation date", kinds=("evaluation",))
    ctx.deadlines.schedule_many([deadline_doc(subject_id, "evaluation", due_at, "R-REP-01")])


def schedule_reverification(ctx: Context, subject_id: str, due_at) -> None:
    ctx.deadlines.schedule_many([deadline_doc(subject_id, "reverification", due_at, "R-ONB-03")])


def deregister(ctx: Context, subject_id: str, data: dict, actor: str) -> dict:
    """The registration record is kept at least 2 years after deregistration (R-XC-03): a status, never a delete."""
    d = load(schemas.DeregisterIn(), data)
    subject = ctx.repo.subject_or_404(subject_id)
    if subject.status == "deregistered":
        raise Conflict("already deregistered", {"subject_id": ["deregistered"]})
    now = clock.now()
    retain = periods.kept_until(now, ctx.policy["archive_retention_years"])  # calendar years (R-XC-03)
    ctx.repo.update_subject(subject_id, set__deregistered_at=now, set__retain_until=retain)
    ctx.repo.stamp_applications(subject_id, "registration", retain)  # the archive includes its applications
    ctx.deadlines.cancel_subject(subject_id, "deregistered")
    if not set_status(ctx, subject, "deregistered", d["reason"], ["R-XC-03"], f"deregistration:{actor}"):
        raise Conflict("the subject changed meanwhile; read it again", {"subject_id": ["changed"]})
    return view(ctx, subject_id)


def update_contact(ctx: Context, subject_id: str, data: dict, actor: str) -> dict:
    """R-XC-14: a subject manages its own contact details; each change is in its history and the audit log."""
    c = load(schemas.ContactIn(), data)
    subject = ctx.repo.subject_or_404(subject_id)
    if actor != subject_id:
        raise Forbidden("a subject changes only its own contact details", {"subject_id": ["not yours"]})
    if subject.status in ("blacklisted", "deregistered"):
        raise Conflict(f"subject is {subject.status}", {"subject_id": [subject.status]})
    allowed = rules.self_service_fields()
    refused = sorted(k for k in c if k not in allowed)
    if refused:
        raise Forbidden("these details are changed through a reviewer", {k: ["not self-service"] for k in refused})
    identity = {**(subject.identity or {}), **c}
    ctx.repo.update_subject(subject_id, set__identity=identity, push__history=step(
        "contact_updated", actor, ["R-XC-14"], [", ".join(sorted(c))], cause=f"self_service:{clock.now().isoformat()}"))
    links.record(ctx, subject_id, identity)  # new phone or account: the liability graph knows them
    ctx.audited(actor, "contact_updated", f"subject:{subject_id}", subject=subject_id, rule_ids=["R-XC-14"],
                detail={"fields": sorted(c)})
    return view(ctx, subject_id, {"sub": actor, "role": "self"})
