"""Activation: an approved application becomes an active subject — its identity links, the subject, its first
deadlines and MCN contracts, the audit entry and the status event — alone and idempotent (`activate`), or joined to
the application's own write (`activation_writes`, then `activated` or `announce_activation`)."""

from datetime import timedelta

from tianping.lib import clock
from tianping.lib.trail import step

from .. import contracts, models, rules
from . import Context, links


def activate(ctx: Context, application: models.Application, actor: str) -> None:
    """An approved application becomes an active subject (R-ONB-02, R-ONB-17); idempotent."""
    subject = _new_subject(ctx, application, actor)
    links.record(ctx, subject.subject_id, application.identity)  # before: a retried activation still records them
    try:
        ctx.repo.insert_subject(subject)
    except ctx.repo.Duplicate:  # activated already (a retried decision): its event again, if the crash came before it
        reannounce_activation(ctx, application)
        return
    _audit_activation(ctx, subject, application, actor)
    _first_writes(ctx, subject, application)
    announce_activation(ctx, subject, application)


def activation_writes(ctx: Context, application: models.Application, actor: str, into) -> models.Subject:
    """activate's writes joined to `into` (a Together) in its order — links, subject, deadlines, contracts — for the
    caller to commit with its own and activation_entry's audit entry, then announce_activation. A link or subject
    already stored stops the commit there: the caller runs `activate`, which meets them as a retried activation
    does."""
    subject = _new_subject(ctx, application, actor)
    links.record(ctx, subject.subject_id, application.identity, into=into)
    ctx.repo.insert_subject(subject, into=into)
    _first_writes(ctx, subject, application, into=into)
    return subject


def activated(ctx: Context, subject: models.Subject, application: models.Application, actor: str,
              failed: Exception | None = None) -> None:
    """What follows activation_writes once committed without its audit entry: the entry and the event (`failed`: a
    write after the subject's failed — audited, then raised, as activate raises it)."""
    _audit_activation(ctx, subject, application, actor)
    if failed is not None:
        raise failed
    announce_activation(ctx, subject, application)


def _new_subject(ctx: Context, application: models.Application, actor: str) -> models.Subject:
    now = clock.now()
    return models.Subject(
        subject_id=application.subject_id, subject_type=application.applicant_type,
        display_name=application.identity.get("real_name", ""), identity=application.identity,
        identity_keys=rules.identity_keys(application.identity), application_id=application.application_id,
        next_evaluation_at=now + timedelta(days=ctx.policy["evaluation"]["interval_days"]),
        next_reverification_at=rules.reverification_due_at(now, ctx.policy),
        history=[step("activated", actor, ["R-ONB-02", "R-ONB-17"],
                      [f"application {application.application_id} approved"],
                      f"approval:{actor}", status="active")])


def activation_entry(subject: models.Subject, application: models.Application, actor: str) -> tuple:
    """The activation's audit entry, as Context.audited_many takes it."""
    return (actor, "subject_activated", f"subject:{subject.subject_id}",
            {"subject": subject.subject_id, "rule_ids": ["R-ONB-02", "R-ONB-17"], "before": "applicant",
             "after": "active", "detail": {"application_id": application.application_id}})


def _audit_activation(ctx: Context, subject: models.Subject, application: models.Application, actor: str) -> None:
    actor, action, record, entry = activation_entry(subject, application, actor)
    ctx.audited(actor, action, record, **entry)


def _first_writes(ctx: Context, subject: models.Subject, application: models.Application, into=None) -> None:
    """Both first deadlines (a subject stored just now has no evaluation pending to replace) and the MCN contracts."""
    first = [deadline_doc(subject.subject_id, "evaluation", subject.next_evaluation_at, "R-REP-01")] + (
        [deadline_doc(subject.subject_id, "reverification", subject.next_reverification_at, "R-ONB-03")]
        if subject.next_reverification_at is not None else [])
    if into is None:
        ctx.deadlines.schedule_many(first)
    else:  # the subject is in the same batch: its deadlines are new
        ctx.deadlines.schedule_new(first, into)
    if application.applicant_type == "mcn":
        for host_id in application.hosts:
            ref = next((d.get("reference") for d in application.documents
                        if d.get("kind") == "host_contract" and d.get("host_id") == host_id), "")
            ctx.repo.insert_contract(subject.subject_id, host_id, ref, into=into)
    if application.applicant_type == "host" and application.mcn_id:
        ctx.repo.insert_contract(application.mcn_id, subject.subject_id, "host application", into=into)


def announce_activation(ctx: Context, subject: models.Subject, application: models.Application) -> None:
    ctx.publish(contracts.SUBJECT_STATUS_CHANGED, {
        "subject_id": subject.subject_id, "subject_type": subject.subject_type, "status": "active",
        "previous": "applicant", "rule_ids": ["R-ONB-02"], "cause": f"application:{application.application_id}",
        "version": len(subject.history)})


def reannounce_activation(ctx: Context, application: models.Application) -> None:
    """A redelivered or retried decision met its subject stored: the process may have stopped between that write and
    its event, and listing lets a merchant publish only once its replica hears the subject active (R-ONB-02). The
    event goes again while the subject is as activation left it (consumers apply a version once); a subject moved on
    since has announced a later version."""
    stored = ctx.repo.subject(application.subject_id)
    if stored is not None and stored.application_id == application.application_id and len(stored.history) == 1:
        announce_activation(ctx, stored, application)


def deadline_doc(subject_id: str, kind: str, due_at, rule_id: str) -> dict:
    return {"key": f"{subject_id}:{kind}:{due_at.isoformat()}", "subject": subject_id, "kind": kind, "due_at": due_at,
            "rule_id": rule_id}
