"""Applications: submit (every automatic check at once, answered per rule ID), resubmit, read."""

import uuid

from tianping.infra import metrics
from tianping.infra.together import Stopped, Together
from tianping.lib import clock
from tianping.lib.errors import Conflict, load
from tianping.lib.schemas import jsonable
from tianping.lib.trail import step
from tianping.platform import sanctions

from .. import contracts, models, rules, schemas
from . import Context, activation, links, policy_changes, subjects


def view(application: models.Application | dict, reveal: bool) -> dict:
    """The application as answered: its model, or its fields as the repository gives them (no model attributes)."""
    out = schemas.ApplicationOut().dump(application)
    identity = application["identity"] if isinstance(application, dict) else application.identity
    out["identity"] = subjects.masked_identity(identity or {}, reveal)
    return out


def get(ctx: Context, application_id: str, viewer: dict | None = None) -> dict:
    application = ctx.repo.application_or_404(application_id)
    return view(application, subjects.may_reveal(ctx, application.subject_id, viewer))


def checks(ctx: Context, app: dict, subject_id: str, entry=subjects.UNREAD, policy: dict | None = None) -> list:
    """`entry`: the subject's replica entry when the caller has read it (None: it has none); `policy`: the policy in
    force (published changes included, R-XC-23)."""
    held = links.held_by_blacklisted(ctx, app["identity"])  # one read serves both identity checks
    found = rules.check_application(app, policy or policy_changes.in_force(ctx), clock.now(),
                                    subjects.blacklist_match(ctx, subject_id, app["identity"], entry, held))
    if any(c.rule_id == "R-ONB-05" and c.outcome == rules.FAIL for c in found):
        return found  # refused outright by the blacklist: a review of shared identities adds nothing
    hosts = ctx.repo.host_penalties(app["hosts"]) if app["applicant_type"] == "mcn" else {}
    found += [rules.CheckResult(**c) for c in rules.mcn_host_records(app, hosts)]  # R-ONB-31
    return found + links.application_checks(ctx, subject_id, app["identity"], held)


def submit(ctx: Context, data: dict, actor: str = "applicant") -> dict:
    """R-ONB-02: every applicant is checked before it may trade; the answer lists each rule's result. Resumable:
    a redelivered request finds its application — where a refusal would answer it, or when its insert meets the
    first one's request key (unique) — and finishes what an interruption left undone; a first delivery spends no
    read on looking for it."""
    app = load(schemas.ApplicationIn(), data)
    subject_id = app["subject_id"] or f"{app['applicant_type'][:3]}_{uuid.uuid4().hex[:12]}"
    # the applicant's sanction, and that of the MCN a host applies under, from this service's replica (issue 24)
    known = sanctions.entries(ctx.replica, [subject_id, app["mcn_id"]])  # one read serves both checks below
    try:
        sanctions.enforce(ctx.replica, [subject_id, app["mcn_id"]], "apply", "subject_id", known=known)
        if app["subject_id"] and ctx.repo.is_registered(subject_id):  # an id made just now is nobody's
            raise Conflict(f"subject {subject_id} is already registered", {"subject_id": ["already registered"]})
    except (sanctions.SubjectSanctioned, Conflict):
        earlier = ctx.repo.application_of_request(ctx.request_key)  # a redelivery: its subject may be registered
        if earlier:
            return resume(ctx, earlier)
        raise
    policy = policy_changes.in_force(ctx)
    found = checks(ctx, app, subject_id, known.get(subject_id), policy)
    status = rules.outcome_of(found)
    fired = sorted({c.rule_id for c in found if c.outcome != rules.PASS}) or sorted({c.rule_id for c in found})
    application = models.Application(
        application_id=f"app_{uuid.uuid4().hex[:16]}", applicant_type=app["applicant_type"], subject_id=subject_id,
        status=status, identity=jsonable(app["identity"]), categories=app["categories"], brands=app["brands"],
        documents=jsonable(app["documents"]), penalties=jsonable(app["penalties"]), hosts=app["hosts"],
        mcn_id=app["mcn_id"], trading=app["trading"], owns_goods=app["owns_goods"], own_site=app["own_site"],
        filed_by=app["filed_by"], annual_turnover_cents=app["annual_turnover_cents"],
        enterprise_kind=app["enterprise_kind"], online_places=app["online_places"], party_type=rules.party_type(app),
        checks=[c.as_dict() for c in found], rule_ids_fired=fired,
        policy_version=policy["version"], submitted_at=clock.now(), request_key=ctx.request_key,
        decided_at=clock.now() if status != "pending_review" else None,
        history=[step("submitted", actor, status="submitted"),
                 step(f"auto_{status}", "onboarding", fired, [c.message for c in found if c.outcome != rules.PASS],
                      status=status, previous="submitted")])
    writes = Together()  # the application and, approved, its subject's records and both audit entries: one round trip
    stored = ctx.repo.insert_application(application, into=writes)
    subject = activation.activation_writes(ctx, application, "onboarding", writes) if status == "approved" else None
    return _commit(ctx, application, found, actor, writes, subject) or view(stored, reveal=False)


def _commit(ctx: Context, application: models.Application, found: list, actor: str, writes: Together,
            subject: models.Subject | None) -> dict | None:
    """The batch and the decision's (and activation's) audit entries in one round trip, then the events; what stops
    the batch handled as the writes one at a time were. Returns the answer when it is not the stored application's."""
    try:
        ctx.commit_audited(writes, [_decision_entry(application, found, actor)] + (
            [activation.activation_entry(subject, application, "onboarding")] if subject is not None else []))
    except Stopped as stop:  # ordered, the audit entries last: none was appended
        if stop.label == "application" and stop.duplicate:  # a driver retry of an insert that had landed
            return resume(ctx, ctx.repo.application(application.application_id)  # (store restart), or a
                          or ctx.repo.application_of_request(ctx.request_key))  # redelivery
        if stop.label == "application":
            raise stop.cause from None
        # past the application: before the subject (an earlier activation's links or subject), activated one write
        # at a time, idempotently; after it, audited and failed as activate fails in that write
        with ctx.audit_together():  # the decision's and the activation's entries: one append
            decided(ctx, application, found, actor, *((subject, stop.cause) if "subject" in stop.done else ()))
        return view(application, reveal=False)
    _announce(ctx, application)
    if subject is not None:
        activation.announce_activation(ctx, subject, application)
    return None


def _decision_entry(application: models.Application, found: list, actor: str) -> tuple:
    """The automatic decision's audit entry, as Context.audited_many takes it."""
    status = application.status
    return ("onboarding", f"application_auto_{status}", f"application:{application.application_id}",
            {"subject": application.subject_id, "rule_ids": application.rule_ids_fired, "before": "submitted",
             "after": status,
             "detail": {"submitted_by": actor, "checks": [c.as_dict() for c in found if c.outcome != rules.PASS]}})


def _announce(ctx: Context, application: models.Application) -> None:
    metrics.DECISIONS.labels("onboarding", "application", application.status).inc()
    _publish_submitted(ctx, application)


def _publish_submitted(ctx: Context, application: models.Application) -> None:
    ctx.publish(contracts.APPLICATION_SUBMITTED, {
        "application_id": application.application_id, "subject_id": application.subject_id,
        "status": application.status, "rule_ids": application.rule_ids_fired})


def decided(ctx: Context, application: models.Application, found: list, actor: str,
            subject: models.Subject | None = None, failed: Exception | None = None) -> None:
    """What follows a stored automatic decision written alone: its audit entry, its event and, when approved, the
    subject (stored already when `subject` is given; `failed`: what stopped the writes after it)."""
    actor_, action, record, entry = _decision_entry(application, found, actor)
    ctx.audited(actor_, action, record, **entry)
    _announce(ctx, application)
    if application.status == "approved" and subject is not None:
        activation.activated(ctx, subject, application, "onboarding", failed)
    elif application.status == "approved":
        activation.activate(ctx, application, actor="onboarding")


def resume(ctx: Context, application: models.Application) -> dict:
    """Finish what an interrupted submission left undone (activation is idempotent) and answer as it would. Its
    events go again: the interruption may have come between the write and them (consumers apply them once)."""
    _publish_submitted(ctx, application)
    if application.status == "approved":
        activation.activate(ctx, application, actor="onboarding")
    return view(application, reveal=False)


def resubmit(ctx: Context, application_id: str, data: dict, actor: str) -> dict:
    """The applicant supplies the documents a reviewer asked for; every check runs again; a reviewer closes it."""
    r = load(schemas.ResubmitIn(), data)
    application = ctx.repo.application_or_404(application_id)
    if application.status != "resubmission_requested":
        raise Conflict("no resubmission was requested", {"documents": ["not requested"]})
    app = {"applicant_type": application.applicant_type, "identity": schemas.IdentityIn().load(application.identity),
           "categories": application.categories, "brands": application.brands, "hosts": application.hosts,
           "documents": [schemas.DocumentIn().load(d) for d in application.documents] + r["documents"],
           "penalties": [schemas.PenaltyIn().load(p) for p in application.penalties], "mcn_id": application.mcn_id,
           "trading": bool(application.trading), "owns_goods": application.owns_goods is not False,
           "own_site": bool(application.own_site), "filed_by": application.filed_by or "applicant",
           "annual_turnover_cents": application.annual_turnover_cents, "enterprise_kind": application.enterprise_kind,
           "online_places": list(application.online_places or [])}
    found = checks(ctx, app, application.subject_id)
    status = rules.outcome_of(found)
    status = "pending_review" if status == "approved" else status  # a reviewer asked: a reviewer closes it
    fired = sorted({c.rule_id for c in found if c.outcome != rules.PASS})
    ctx.repo.update_application(
        application_id, set__status=status, set__documents=jsonable(app["documents"]),
        set__checks=[c.as_dict() for c in found], set__rule_ids_fired=fired,
        push__history=step("resubmitted", actor, fired, status=status, previous=application.status,
                           documents=[d.get("kind", "") for d in r["documents"]]))
    ctx.audited(actor, "application_resubmitted", f"application:{application_id}", subject=application.subject_id,
                rule_ids=fired, before=application.status, after=status)
    return view(ctx.repo.application_or_404(application_id), reveal=False)
