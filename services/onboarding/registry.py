"""Onboarding application layer over the subject registry."""

from mongoengine.errors import NotUniqueError

from tianping.errors import Conflict, NotFound, SubjectBlacklisted, load

from . import events, models, rules, schemas


class Registry:
    def __init__(self, replica, publish):
        self.replica = replica
        self.publish = publish  # (event_type, payload) -> None

    def get(self, subject_id: str) -> models.Subject:
        subject = models.Subject.objects(subject_id=subject_id).first()
        if subject is None:
            raise NotFound(f"no subject {subject_id}", {"subject_id": ["unknown"]})
        return subject

    def register(self, data: dict) -> dict:
        s = load(schemas.SubjectIn(), data)
        keys = rules.identity_keys(s["identity"])
        self.refuse_if_blacklisted(s["subject_id"], keys)
        subject = models.Subject(subject_id=s["subject_id"], subject_type=s["subject_type"],
                                 display_name=s["display_name"], identity_keys=keys,
                                 history=[models.StatusChange(status="active", reason="registered",
                                                              rule_ids=["R-ONB-02"], cause="registration")])
        try:
            subject.save(force_insert=True)
        except NotUniqueError:
            raise Conflict(f"subject {s['subject_id']} exists", {"subject_id": ["already registered"]}) from None
        return schemas.SubjectOut().dump(subject)

    def refuse_if_blacklisted(self, subject_id: str, keys) -> None:
        """R-ONB-05 / R-REP-13: a blacklisted subject — or anyone with its identity — is refused entry."""
        if self.replica.is_blacklisted(subject_id):
            raise SubjectBlacklisted("subject is on the platform blacklist (R-ONB-05, R-REP-13)",
                                     {"subject_id": ["blacklisted"], "rule_ids": ["R-ONB-05", "R-REP-13"]})
        match = self.replica.match_identity(keys)
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
        contract = models.Contract(mcn_id=mcn_id, host_id=c["host_id"])
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
        self.publish(events.SUBJECT_STATUS_CHANGED, {
            "subject_id": subject.subject_id, "subject_type": subject.subject_type, "status": status,
            "previous": previous, "rule_ids": list(rule_ids), "cause": cause})
        return True

    def react_to_blacklist(self, change: dict) -> None:
        """Issue 4 cascades; every step is keyed by the change's seq, so a re-run does nothing twice."""
        seq, subject_id = change["seq"], change["subject_id"]
        subject = models.Subject.objects(subject_id=subject_id).first()
        plan = rules.blacklist_reaction(change["subject_type"], change["action"])
        cause = f"blacklist:{seq}"
        if change["action"] == "add":
            if subject is not None:
                if subject.identity_keys:  # refuse re-entry under the same identity (R-ONB-05)
                    self.replica.entries.update_one({"_id": subject_id},
                                                    {"$addToSet": {"identity_keys": {"$each": subject.identity_keys}}},
                                                    upsert=True)
                self.set_status(subject, "blacklisted", change["reason"], plan["rule_ids"], cause)
            if plan["suspend_hosts"]:
                for contract in models.Contract.objects(mcn_id=subject_id, status="active"):
                    host = models.Subject.objects(subject_id=contract.host_id).first()
                    if host is not None and host.status == "active":
                        self.set_status(host, "suspended", f"MCN {subject_id} blacklisted; pending re-review",
                                        ["R-REP-13", "R-ONB-30"], f"mcn-{cause}")
            if plan["joint_liability"]:
                for contract in models.Contract.objects(host_id=subject_id, status="active"):
                    self.publish(events.VIOLATION_DETECTED, {
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
