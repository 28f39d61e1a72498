"""Onboarding application layer: applications and their review, subjects, contracts, evaluations, archives."""

import json
import logging
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mongoengine.errors import NotUniqueError

from tianping.errors import Conflict, NotFound, SubjectBlacklisted, ValidationFailed, load
from tianping.trail import aware as _aware

from . import contracts, models, rules, schemas

log = logging.getLogger(__name__)
POLICY = json.loads(Path(__file__).with_name("policy.json").read_text())
PII_ROLES = {"platform_admin", "reviewer"}  # entitled to unmasked personal data; every such read is logged
REVIEWABLE = ("pending_review",)



def masked_identity(identity: dict, reveal: bool) -> dict:
    if reveal:
        return dict(identity)
    shown = dict(identity)
    for field in ("id_number", "credit_code", "legal_representative_id", "contact_phone"):
        if shown.get(field):
            shown[field] = rules.mask(str(shown[field]))
    if shown.get("birth_date"):
        shown["birth_date"] = str(shown["birth_date"])[:4] + "-**-**"
    if shown.get("address"):
        shown["address"] = str(shown["address"])[:6] + "…"
    return shown


class Registry:
    def __init__(self, replica, publish, request_key=None):
        self.replica = replica
        self.publish = publish  # (contracts.Event, payload) -> None, checked against the contract
        self.request_key = request_key  # the RPC request's key: a redelivery resumes, never applies twice

    def get(self, subject_id: str) -> models.Subject:
        subject = models.Subject.objects(subject_id=subject_id).first()
        if subject is None:
            raise NotFound(f"no subject {subject_id}", {"subject_id": ["unknown"]})
        return subject

    # -- applications -----------------------------------------------------------------------------
    def submit(self, data: dict, actor: str = "applicant") -> dict:
        """R-ONB-02: every applicant is checked before it may trade; the answer lists each rule's result."""
        app = load(schemas.ApplicationIn(), data)
        earlier = self.request_key and models.Application.objects(request_key=self.request_key).first()
        if earlier:
            return self._resume(earlier)
        now = datetime.now(UTC)
        subject_id = app["subject_id"] or f"{app['applicant_type'][:3]}_{uuid.uuid4().hex[:12]}"
        if models.Subject.objects(subject_id=subject_id).first() is not None:
            raise Conflict(f"subject {subject_id} is already registered", {"subject_id": ["already registered"]})
        checks = self._checks(app, subject_id, now)
        status = rules.outcome_of(checks)
        fired = sorted({c.rule_id for c in checks if c.outcome != rules.PASS}) or sorted({c.rule_id for c in checks})
        application = models.Application(
            application_id=f"app_{uuid.uuid4().hex[:16]}", applicant_type=app["applicant_type"], subject_id=subject_id,
            status=status, identity=_jsonable(app["identity"]), categories=app["categories"], brands=app["brands"],
            documents=[_jsonable(d) for d in app["documents"]], penalties=[_jsonable(p) for p in app["penalties"]],
            hosts=app["hosts"], mcn_id=app["mcn_id"], checks=[c.as_dict() for c in checks], rule_ids_fired=fired,
            policy_version=POLICY["version"], submitted_at=now, request_key=self.request_key,
            history=[models.Step(action="submitted", actor=actor),
                     models.Step(action=f"auto_{status}", actor="onboarding", rule_ids=fired,
                                 reasons=[c.message for c in checks if c.outcome != rules.PASS])])
        if status != "pending_review":
            application.decided_at = now
        try:
            application.save(force_insert=True)
        except NotUniqueError:  # a driver retry of an insert that had landed (store restart), or a redelivery
            return self._resume(models.Application.objects(application_id=application.application_id).first()
                                or models.Application.objects(request_key=self.request_key).first())
        self.publish(contracts.APPLICATION_SUBMITTED, {"application_id": application.application_id,
                                                    "subject_id": subject_id, "status": status, "rule_ids": fired})
        if status == "approved":
            self._activate(application, actor="onboarding")
        return self.application_view(application, reveal=False)

    def _resume(self, application: models.Application) -> dict:
        """Finish what an interrupted submission left undone (activation is idempotent) and answer as it would."""
        if application.status == "approved":
            self._activate(application, actor="onboarding")
        return self.application_view(application, reveal=False)

    def _checks(self, app: dict, subject_id: str, now: datetime) -> list:
        return rules.check_application(app, POLICY, now, self._blacklist_match(subject_id, app["identity"]))

    def _blacklist_match(self, subject_id: str, identity: dict) -> str | None:
        """The blacklisted subject this id or identity belongs to (R-ONB-05), if any."""
        if self.replica.is_blacklisted(subject_id):
            return subject_id
        keys = rules.identity_keys(identity)
        entry = self.replica.match_identity(keys)  # identities the authority published with the change
        if entry:
            return entry["_id"]
        # identities registered here of subjects blacklisted here: onboarding's own records, not the replica's
        holder = models.Subject.objects(identity_keys__in=keys, status="blacklisted").only("subject_id").first() \
            if keys else None
        return holder.subject_id if holder else None

    def decide(self, application_id: str, data: dict, reviewer: str) -> dict:
        """A reviewer's decision on a queued application, recorded with reviewer, time and rule IDs."""
        d = load(schemas.DecisionIn(), data)
        application = self._application(application_id)
        if application.status not in REVIEWABLE:
            raise Conflict(f"application is {application.status}, not awaiting review",
                           {"decision": [f"application is {application.status}"]})
        new_status = {"approve": "approved", "reject": "rejected", "resubmit": "resubmission_requested"}[d["decision"]]
        rule_ids = d["rule_ids"] or ["R-ONB-02"]
        if d["forged"]:
            new_status, rule_ids = "rejected", sorted(set(rule_ids) | {"R-REP-13", "PB-22", "R-ONB-25"})
        if new_status == "approved" and self._blacklist_match(application.subject_id, application.identity):  # the world changed while it waited
            raise SubjectBlacklisted("applicant is now on the blacklist (R-ONB-05)", {"rule_ids": ["R-ONB-05"]})
        step = models.Step(action=d["decision"], actor=reviewer, reasons=d["reasons"], rule_ids=rule_ids,
                           documents_requested=d["documents_requested"])
        now = datetime.now(UTC)
        updated = models.Application.objects(application_id=application_id, status=application.status).update_one(
            set__status=new_status, push__history=step,
            **({"set__decided_at": now} if new_status != "resubmission_requested" else {}))
        if not updated:
            raise Conflict("application changed while deciding; reload it", {"decision": ["concurrent decision"]})
        application.reload()
        self.publish(contracts.APPLICATION_DECIDED, {"application_id": application_id,
                                                  "subject_id": application.subject_id, "status": new_status,
                                                  "rule_ids": rule_ids, "reviewer": reviewer})
        if d["forged"]:  # forged qualification documents: serious violation, blacklist through reputation
            self.publish(contracts.VIOLATION_DETECTED, {
                "subject_id": application.subject_id, "subject_type": application.applicant_type, "rule_id": "PB-22",
                "severity": "serious", "source_service": "onboarding",
                "evidence": [f"application {application_id}: {'; '.join(d['reasons'])}"],
                "identity_keys": rules.identity_keys(application.identity),
                "dedupe_key": f"forged-application:{application_id}"})
        if new_status == "approved":
            self._activate(application, actor=reviewer)
        return self.application_view(application, reveal=False)

    def resubmit(self, application_id: str, data: dict, actor: str) -> dict:
        r = load(schemas.ResubmitIn(), data)
        application = self._application(application_id)
        if application.status != "resubmission_requested":
            raise Conflict("no resubmission was requested", {"documents": ["not requested"]})
        app = {"applicant_type": application.applicant_type, "identity": _identity_in(application.identity),
               "categories": application.categories, "brands": application.brands, "hosts": application.hosts,
               "documents": [_document_in(d) for d in application.documents] + r["documents"],
               "penalties": [_penalty_in(p) for p in application.penalties], "trading": False}
        checks = self._checks(app, application.subject_id, datetime.now(UTC))
        status = rules.outcome_of(checks)
        status = "pending_review" if status == "approved" else status  # a reviewer asked: a reviewer closes it
        fired = sorted({c.rule_id for c in checks if c.outcome != rules.PASS})
        models.Application.objects(application_id=application_id).update_one(
            set__status=status, set__documents=[_jsonable(d) for d in app["documents"]],
            set__checks=[c.as_dict() for c in checks], set__rule_ids_fired=fired,
            push__history=models.Step(action="resubmitted", actor=actor, rule_ids=fired))
        application.reload()
        return self.application_view(application, reveal=False)

    def review_queue(self, applicant_type: str | None, cursor: str | None, limit: int) -> dict:
        """Oldest first (R-ONB-02); cursor = submitted_at|application_id of the last item seen."""
        limit = max(1, min(int(limit or 50), 200))
        query = {"status": "pending_review"}
        if applicant_type:
            query["applicant_type"] = applicant_type
        raw = {"status": "pending_review", **({"applicant_type": applicant_type} if applicant_type else {})}
        if cursor:
            at, _, app_id = cursor.partition("|")
            try:
                when = datetime.fromisoformat(at)
            except ValueError:
                raise ValidationFailed("cursor is not one this API returned", {"cursor": ["invalid"]}) from None
            raw["$or"] = [{"submitted_at": {"$gt": when}}, {"submitted_at": when, "_id": {"$gt": app_id}}]
        docs = list(models.Application._get_collection().find(raw).sort([("submitted_at", 1), ("_id", 1)])
                    .limit(limit + 1))
        items = [models.Application._from_son(doc) for doc in docs[:limit]]
        next_cursor = None
        if len(docs) > limit and items:
            last = items[-1]
            next_cursor = f"{_aware(last.submitted_at).isoformat()}|{last.application_id}"
        return {"items": [self.application_view(a, reveal=False) for a in items], "next_cursor": next_cursor}

    def application(self, application_id: str, viewer: dict | None = None) -> dict:
        application = self._application(application_id)
        return self.application_view(application, reveal=self._may_reveal(application.subject_id, viewer))

    def _application(self, application_id: str) -> models.Application:
        application = models.Application.objects(application_id=application_id).first()
        if application is None:
            raise NotFound(f"no application {application_id}", {"application_id": ["unknown"]})
        return application

    def application_view(self, application: models.Application, reveal: bool) -> dict:
        out = schemas.ApplicationOut().dump(application)
        out["identity"] = masked_identity(application.identity, reveal)
        return out

    def _may_reveal(self, subject_id: str, viewer: dict | None) -> bool:
        if not viewer or viewer.get("role") not in PII_ROLES:
            return False
        models.PiiAccess(subject_id=subject_id, actor=viewer.get("sub", "?"), role=viewer.get("role"),
                         purpose=viewer.get("purpose", "read")).save()
        log.info("personal data read in full", extra={"subject_id": subject_id})
        return True

    def _activate(self, application: models.Application, actor: str) -> None:
        now = datetime.now(UTC)
        keys = rules.identity_keys(application.identity)
        subject = models.Subject(
            subject_id=application.subject_id, subject_type=application.applicant_type,
            display_name=application.identity.get("real_name", ""), identity=application.identity,
            identity_keys=keys, application_id=application.application_id,
            next_evaluation_at=now + timedelta(days=POLICY["evaluation"]["interval_days"]),
            next_reverification_at=now + timedelta(days=POLICY["reverification_days"]),
            history=[models.StatusChange(status="active", reason=f"application {application.application_id} approved",
                                         rule_ids=["R-ONB-02", "R-ONB-17"], cause=f"approval:{actor}")])
        try:
            subject.save(force_insert=True)
        except NotUniqueError:
            return  # activated already (a retried decision)
        if application.applicant_type == "mcn":
            for host_id in application.hosts:
                ref = next((d.get("reference") for d in application.documents
                            if d.get("kind") == "host_contract" and d.get("host_id") == host_id), "")
                models.Contract(mcn_id=subject.subject_id, host_id=host_id, reference=ref).save()
        if application.applicant_type == "host" and application.mcn_id:
            models.Contract(mcn_id=application.mcn_id, host_id=subject.subject_id, reference="host application").save()
        self.publish(contracts.SUBJECT_STATUS_CHANGED, {
            "subject_id": subject.subject_id, "subject_type": subject.subject_type, "status": "active",
            "previous": "applicant", "rule_ids": ["R-ONB-02"], "cause": f"application:{application.application_id}"})

    # -- subjects -----------------------------------------------------------------------------------
    def subject_view(self, subject_id: str, viewer: dict | None = None) -> dict:
        subject = self.get(subject_id)
        out = schemas.SubjectOut().dump(subject)
        out["identity"] = masked_identity(subject.identity or {}, self._may_reveal(subject_id, viewer))
        return out

    def broadcast_check(self, host_id: str, data: dict) -> dict:
        """R-ONB-35: the person on air must be the registered host; a mismatch is PB-20 (serious)."""
        b = load(schemas.BroadcastCheckIn(), data)
        host = self.get(host_id)
        if host.subject_type != "host":
            raise Conflict(f"{host_id} is not a host", {"host_id": ["not a host"]})
        registered = rules.identity_keys({"id_number": (host.identity or {}).get("id_number")})
        match = bool(registered) and registered == rules.identity_keys({"id_number": b["broadcaster_id_number"]})
        if match:
            return {"host_id": host_id, "match": True, "rule_ids": ["R-ONB-35"]}
        contract = models.Contract.objects(host_id=host_id, status="active").first()
        offender = (contract.mcn_id, "mcn") if contract else (host_id, "host")
        self.publish(contracts.VIOLATION_DETECTED, {
            "subject_id": offender[0], "subject_type": offender[1], "rule_id": "PB-20", "severity": "serious",
            "source_service": "onboarding", "evidence": [f"room {b['room_id']}: broadcaster is not host {host_id}"],
            "dedupe_key": f"host-mismatch:{host_id}:{b['room_id']}:{b['broadcaster_id_number'][-4:]}"})
        return {"host_id": host_id, "match": False, "reported": offender[0],
                "rule_ids": ["R-ONB-35", "PB-20", "R-REP-13"]}

    def terminate_contract(self, mcn_id: str, host_id: str) -> dict:
        updated = models.Contract.objects(mcn_id=mcn_id, host_id=host_id, status="active").update(
            set__status="terminated", set__terminated_at=datetime.now(UTC))
        if not updated:
            raise NotFound("no active contract between them", {"host_id": ["no active contract"]})
        return {"mcn_id": mcn_id, "host_id": host_id, "status": "terminated", "rule_ids": ["R-REP-17"]}

    def evaluate(self, subject_id: str, data: dict, evaluator: str) -> dict:
        e = load(schemas.EvaluationIn(), data)
        subject = self.get(subject_id)
        verdict = rules.evaluate(e, POLICY, subject.failed_evaluations)
        now = datetime.now(UTC)
        models.Evaluation(subject_id=subject_id, results=e, outcome=verdict["outcome"], rule_ids=verdict["rule_ids"],
                          evaluator=evaluator, policy_version=POLICY["version"]).save()
        changes = {"set__next_evaluation_at": now + timedelta(days=POLICY["evaluation"]["interval_days"]),
                   "set__evaluation_overdue": False}
        if verdict["outcome"] == "passed":
            changes.update(set__failed_evaluations=0, unset__rectify_by=True)
        elif verdict["outcome"] == "failed":
            changes["inc__failed_evaluations"] = 1
            if verdict.get("rectify_within_days"):
                changes["set__rectify_by"] = now + timedelta(days=verdict["rectify_within_days"])
        models.Subject.objects(subject_id=subject_id).update_one(**changes)
        if verdict["outcome"] == "forged":
            self.publish(contracts.VIOLATION_DETECTED, {
                "subject_id": subject_id, "subject_type": subject.subject_type, "rule_id": "PB-22",
                "severity": "serious", "source_service": "onboarding", "identity_keys": subject.identity_keys,
                "evidence": [f"periodic evaluation by {evaluator}: forged material"],
                "dedupe_key": f"forged-evaluation:{subject_id}:{now.isoformat()}"})
        elif verdict["status"] and (subject.status == "active" or verdict["status"] == "cleared_out"):
            self.set_status(subject, verdict["status"], f"periodic evaluation failed: {', '.join(verdict['failed'])}",
                            verdict["rule_ids"], f"evaluation:{now.isoformat()}")
        return {"subject_id": subject_id, **verdict, "policy_version": POLICY["version"]}

    def evaluations_due(self, before: datetime | None = None, limit: int = 100, cursor: str | None = None) -> dict:
        """Subjects whose evaluation is due, earliest first; cursor = due_at|subject_id of the last item seen."""
        before = before or datetime.now(UTC)
        limit = max(1, min(int(limit), 500))
        query = {"next_evaluation_at": {"$lte": before}, "status": {"$in": ["active", "restricted"]}}
        if cursor:
            at, _, last_id = cursor.partition("|")
            try:
                when = datetime.fromisoformat(at)
            except ValueError:
                raise ValidationFailed("cursor is not one this API returned", {"cursor": ["invalid"]}) from None
            query["$or"] = [{"next_evaluation_at": {"$gt": when}}, {"next_evaluation_at": when, "_id": {"$gt": last_id}}]
        docs = list(models.Subject._get_collection().find(query).sort([("next_evaluation_at", 1), ("_id", 1)])
                    .limit(limit + 1))
        items = [{"subject_id": d["_id"], "subject_type": d["subject_type"],
                  "due_at": _aware(d["next_evaluation_at"]).isoformat(), "overdue": d.get("evaluation_overdue", False)}
                 for d in docs[:limit]]
        more = len(docs) > limit
        return {"items": items, "next_cursor": f"{items[-1]['due_at']}|{items[-1]['subject_id']}" if more else None}

    def flag_overdue(self, now: datetime | None = None) -> int:
        """Timer: evaluations past due are flagged (and re-verification falls due, R-ONB-03)."""
        now = now or datetime.now(UTC)
        flagged = models.Subject.objects(next_evaluation_at__lt=now, evaluation_overdue=False,
                                         status__in=["active", "restricted"]).update(set__evaluation_overdue=True)
        # R-ONB-03: registration files due for periodic re-verification are flagged for the review team
        models.Subject.objects(next_reverification_at__lt=now, reverification_due=False,
                               status__in=["active", "restricted", "suspended"]).update(set__reverification_due=True)
        return flagged

    def deregister(self, subject_id: str, data: dict, actor: str) -> dict:
        """The registration record is kept at least 2 years after deregistration (R-XC-03): a status, never a delete."""
        d = load(schemas.DeregisterIn(), data)
        subject = self.get(subject_id)
        if subject.status == "deregistered":
            raise Conflict("already deregistered", {"subject_id": ["deregistered"]})
        now = datetime.now(UTC)
        retain = now + timedelta(days=365 * POLICY["archive_retention_years"] + 1)
        models.Subject.objects(subject_id=subject_id).update_one(set__deregistered_at=now, set__retain_until=retain)
        self.set_status(subject, "deregistered", d["reason"], ["R-XC-03"], f"deregistration:{actor}")
        return self.subject_view(subject_id)

    def register(self, data: dict) -> dict:
        s = load(schemas.SubjectIn(), data)
        keys = rules.identity_keys(s["identity"])
        self.refuse_if_blacklisted(s["subject_id"], s["identity"])
        subject = models.Subject(subject_id=s["subject_id"], subject_type=s["subject_type"],
                                 display_name=s["display_name"], identity_keys=keys, identity=s["identity"],
                                 history=[models.StatusChange(status="active", reason="registered",
                                                              rule_ids=["R-ONB-02"], cause="registration")])
        try:
            subject.save(force_insert=True)
        except NotUniqueError:
            raise Conflict(f"subject {s['subject_id']} exists", {"subject_id": ["already registered"]}) from None
        return schemas.SubjectOut().dump(subject)

    def refuse_if_blacklisted(self, subject_id: str, identity: dict) -> None:
        """R-ONB-05 / R-REP-13: a blacklisted subject — or anyone with its identity — is refused entry."""
        match = self._blacklist_match(subject_id, identity)
        if match == subject_id:
            raise SubjectBlacklisted("subject is on the platform blacklist (R-ONB-05, R-REP-13)",
                                     {"subject_id": ["blacklisted"], "rule_ids": ["R-ONB-05", "R-REP-13"]})
        if match is not None:
            raise SubjectBlacklisted("the same identity belongs to a blacklisted subject (R-ONB-05, R-REP-13)",
                                     {"identity": ["matches a blacklisted subject"],
                                      "rule_ids": ["R-ONB-05", "R-REP-13"]})

    def add_contract(self, mcn_id: str, data: dict) -> dict:
        c = load(schemas.ContractIn(), data)
        mcn, host = self.get(mcn_id), self.get(c["host_id"])
        if mcn.subject_type != "mcn" or host.subject_type != "host":
            raise Conflict("contracts join an MCN and a host", {"host_id": ["not a host of an MCN"]})
        for sid in (mcn_id, c["host_id"]):
            if self.replica.is_blacklisted(sid):
                raise SubjectBlacklisted(f"{sid} is blacklisted (R-REP-13)", {"subject_id": ["blacklisted"]})
        if models.Contract.objects(mcn_id=mcn_id, host_id=c["host_id"], status="active").first():
            raise Conflict("contract already active", {"host_id": ["already contracted"]})
        contract = models.Contract(mcn_id=mcn_id, host_id=c["host_id"], reference=c["reference"])
        contract.save()
        return {"mcn_id": mcn_id, "host_id": c["host_id"], "status": "active", "rule_ids": ["R-ONB-30"]}

    def is_allowed(self, subject_id: str, action: str) -> dict:
        subject = self.get(subject_id)
        ok, fired = rules.is_allowed(subject.status, action, self.replica.is_blacklisted(subject_id))
        return {"subject_id": subject_id, "action": action, "allowed": ok, "status": subject.status,
                "rule_ids": fired}

    def set_status(self, subject: models.Subject, status: str, reason: str, rule_ids, cause: str) -> bool:
        """Idempotent: a change with a cause already in the history is not applied again."""
        if any(h.cause == cause and h.status == status for h in subject.history):
            return False
        previous = subject.status
        change = models.StatusChange(status=status, previous=previous, reason=reason, rule_ids=list(rule_ids),
                                     cause=cause)
        models.Subject.objects(subject_id=subject.subject_id).update_one(set__status=status, push__history=change)
        self.publish(contracts.SUBJECT_STATUS_CHANGED, {
            "subject_id": subject.subject_id, "subject_type": subject.subject_type, "status": status,
            "previous": previous, "rule_ids": list(rule_ids), "cause": cause})
        return True

    def react_to_run(self, changes: list[dict]) -> None:
        """A run of blacklist changes: one lookup finds which subjects are registered here; only those react."""
        known = set(models.Subject.objects(subject_id__in=list({c["subject_id"] for c in changes})).scalar("subject_id"))
        for change in changes:
            if change["subject_id"] in known:
                self.react_to_blacklist(change)

    def react_to_blacklist(self, change: dict) -> None:
        """Issue 4 cascades; every step is keyed by the change's seq, so a re-run does nothing twice."""
        seq, subject_id = change["seq"], change["subject_id"]
        subject = models.Subject.objects(subject_id=subject_id).first()
        plan = rules.blacklist_reaction(change["subject_type"], change["action"])
        cause = f"blacklist:{seq}"
        if change["action"] == "add":
            if subject is not None:  # its status refuses re-entry under the same identity (R-ONB-05)
                self.set_status(subject, "blacklisted", change["reason"], plan["rule_ids"], cause)
            if plan["suspend_hosts"]:
                for contract in models.Contract.objects(mcn_id=subject_id, status="active"):
                    host = models.Subject.objects(subject_id=contract.host_id).first()
                    if host is not None and host.status == "active":
                        self.set_status(host, "suspended", f"MCN {subject_id} blacklisted; pending re-review",
                                        ["R-REP-13", "R-ONB-30"], f"mcn-{cause}")
            if plan["joint_liability"]:
                for contract in models.Contract.objects(host_id=subject_id, status="active"):
                    self.publish(contracts.VIOLATION_DETECTED, {
                        "subject_id": contract.mcn_id, "subject_type": "mcn", "rule_id": "R-REP-17",
                        "severity": "general", "source_service": "onboarding",
                        "evidence": [f"host {subject_id} blacklisted at seq {seq}"],
                        "dedupe_key": f"joint-liability:{seq}:{contract.mcn_id}"})
        else:
            if subject is not None and subject.status == "blacklisted":
                restored = next((h.previous for h in reversed(subject.history) if h.status == "blacklisted"),
                                "active")
                self.set_status(subject, restored or "active", change["reason"], plan["rule_ids"], cause)
            if plan["restore_hosts"]:
                for contract in models.Contract.objects(mcn_id=subject_id, status="active"):
                    host = models.Subject.objects(subject_id=contract.host_id).first()
                    suspended_by_mcn = host is not None and host.status == "suspended" and any(
                        (h.cause or "").startswith("mcn-blacklist:") for h in host.history[-1:])
                    if suspended_by_mcn:
                        self.set_status(host, "active", f"MCN {subject_id} lifted", ["R-REP-19"], f"mcn-{cause}")


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _identity_in(identity: dict) -> dict:
    return schemas.IdentityIn().load(identity)


def _document_in(document: dict) -> dict:
    return schemas.DocumentIn().load(document)


def _penalty_in(penalty: dict) -> dict:
    return schemas.PenaltyIn().load(penalty)
