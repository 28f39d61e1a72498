"""Reputation application layer: loads and stores records, applies rules.py, and reports what fired."""

import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mongoengine.errors import NotUniqueError
from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from tianping.errors import Conflict, NotFound, ValidationFailed, load
from tianping.trail import aware as _aware

from . import contracts, models, rules, schemas

DEFAULT_POLICY = json.loads((Path(__file__).with_name("policy_default.json")).read_text())



_POLICY_CACHE: dict = {"at": 0.0, "body": None}
POLICY_CACHE_SECONDS = 5.0  # a newly activated policy is in force everywhere within this many seconds


def active_policy() -> dict:
    now = time.monotonic()
    if _POLICY_CACHE["body"] is not None and now - _POLICY_CACHE["at"] < POLICY_CACHE_SECONDS:
        return _POLICY_CACHE["body"]
    body = _load_policy()
    _POLICY_CACHE.update(at=now, body=body)
    return body


def _load_policy() -> dict:
    latest = models.Policy.objects.order_by("-activated_at").first()
    if latest is None:
        try:
            models.Policy(version=DEFAULT_POLICY["version"], body=DEFAULT_POLICY).save(force_insert=True)
        except NotUniqueError:
            pass
        return DEFAULT_POLICY
    return latest.body



def subject(subject_id: str, subject_type: str | None = None) -> models.Subject:
    found = models.Subject.objects(subject_id=subject_id).first()
    if found is None:
        found = models.Subject(subject_id=subject_id, subject_type=subject_type)
        found.save()
    return found


class Ledger:
    def __init__(self, authority, relay, correlation_id=None, dispatch=None, request_key=None):
        self.authority = authority
        self.relay = relay
        self.correlation_id = correlation_id
        self.dispatch = dispatch or (lambda *_: None)  # (contracts.Event, payload): checked against the contract
        self.request_key = request_key  # the RPC request's key: a redelivery must not record twice

    # -- violations -----------------------------------------------------------------------------
    def record_violation(self, data: dict) -> dict:
        """Record a violation and take its consequences. Resumable: a request redelivered after a crash finds
        its violation by dedupe key and finishes whatever consequence had not been committed yet."""
        v = load(schemas.ViolationIn(), data)
        if not v["dedupe_key"] and self.request_key:
            v["dedupe_key"] = f"request:{self.request_key}"
        violation = v["dedupe_key"] and models.Violation.objects(dedupe_key=v["dedupe_key"]).first()
        duplicate = bool(violation)
        if not violation:
            violation = self._new_violation(v)
            try:
                violation.save(force_insert=True)
            except NotUniqueError:  # a concurrent duplicate of the same detected violation
                violation, duplicate = models.Violation.objects(dedupe_key=v["dedupe_key"]).first(), True
        decisions, seq = self._consequences(violation, v["identity_keys"])
        if not duplicate:
            self.dispatch(contracts.VIOLATION_RECORDED, {
                "violation_id": violation.violation_id, "subject_id": violation.subject_id,
                "rule_id": violation.rule_id, "serious": violation.serious, "points": violation.points,
                "rule_ids": violation.rule_ids, "policy_version": violation.policy_version})
        return {"violation": schemas.ViolationOut().dump(violation), "duplicate": duplicate,
                "decisions": decisions, "blacklist_seq": seq, "explanation": violation.explanation}

    def _new_violation(self, v: dict) -> models.Violation:
        occurred = v["occurred_at"] or datetime.now(UTC)
        assessment = rules.assess_violation(active_policy(), rules.ViolationFacts(
            v["subject_type"], v["rule_id"], v["severity"], occurred))
        return models.Violation(
            violation_id=f"vio_{uuid.uuid4().hex[:16]}", subject_id=v["subject_id"], subject_type=v["subject_type"],
            rule_id=v["rule_id"], severity=v["severity"], evidence=v["evidence"], source_service=v["source_service"],
            occurred_at=occurred, points=assessment.points, serious=assessment.serious,
            rule_ids=assessment.rule_ids, policy_version=assessment.policy_version,
            explanation=assessment.explanation, dedupe_key=v["dedupe_key"], correlation_id=self.correlation_id)

    def _consequences(self, violation: models.Violation, identity_keys) -> tuple[list[dict], int | None]:
        """Every step is idempotent (keyed decisions, blacklist only if not yet), so a re-run completes."""
        policy, vid = active_policy(), violation.violation_id
        decisions, change = [], None
        if violation.serious:  # R-REP-13 / R-REP-14: blacklisted at once
            change = self._blacklist_if_needed(violation.subject_id, violation.subject_type, violation.rule_ids,
                                               f"serious violation {violation.rule_id}: {violation.explanation}",
                                               identity_keys, actor="reputation", caused_by=vid)
            decisions.append(self._decide(violation.subject_id, "blacklist", "blacklisted", violation.rule_ids,
                                          violation.policy_version, violation.explanation, violation.evidence,
                                          vid, key=f"blacklist:{vid}"))
        else:
            sanction_decisions, sanction = self._reassess_sanction(violation.subject_id, violation.subject_type,
                                                                   policy, vid, violation.evidence)
            decisions += sanction_decisions
            if sanction == policy["blacklist_sanction"]:
                change = self._blacklist_if_needed(
                    violation.subject_id, violation.subject_type, ["R-REP-13", "R-REP-19", "R-REP-12"],
                    "points threshold for clear-out reached", identity_keys, "reputation", vid)
        if change is None:  # committed by an earlier run of this request, or blacklisted for another cause
            change = self.authority.changes.find_one({"caused_by": vid}, {"seq": 1})
        return decisions, change["seq"] if change else None

    def _reassess_sanction(self, subject_id, subject_type, policy, caused_by, evidence) -> tuple[list[dict], str]:
        now = datetime.now(UTC)
        since = now - timedelta(days=policy["window_days"])
        rows = [{"points": v.points, "status": v.status, "occurred_at": _aware(v.occurred_at)}
                for v in models.Violation.objects(subject_id=subject_id, occurred_at__gte=since)]
        points = rules.active_points(policy, rows, now)
        sanction = rules.sanction_for_points(policy, points)
        record = subject(subject_id, subject_type)
        previous = record.sanction
        record.update(set__points=points, set__sanction=sanction, set__updated_at=now)
        if sanction == previous:
            return [], sanction
        fired = ["R-REP-12", "R-REP-19"] + (["R-REP-18"] if sanction in ("suspended", "cleared_out") else [])
        self.dispatch(contracts.SANCTION_CHANGED, {"subject_id": subject_id, "sanction": sanction, "previous": previous,
                                           "points": points, "rule_ids": fired, "policy_version": policy["version"]})
        return [self._decide(subject_id, "sanction", sanction, fired, policy["version"],
                             f"{points} active points in {policy['window_days']} days (was {previous})",
                             evidence, caused_by, key=f"sanction:{caused_by}")], sanction

    def _decide(self, subject_id, kind, outcome, rule_ids, policy_version, reason, evidence=(), caused_by="",
                actor="reputation", key=None) -> dict:
        """Append a decision. A `key` makes it once-only: a resumed request does not decide twice."""
        d = models.Decision(subject_id=subject_id, kind=kind, outcome=outcome, rule_ids=list(rule_ids),
                            policy_version=policy_version, reason=reason, evidence=list(evidence),
                            caused_by=caused_by, actor=actor, key=key)
        try:
            d.save(force_insert=True)
        except NotUniqueError:
            d = models.Decision.objects(key=key).first()
        return {"kind": kind, "outcome": outcome, "rule_ids": d.rule_ids, "policy_version": policy_version,
                "reason": reason, "at": d.at.isoformat()}

    # -- blacklist --------------------------------------------------------------------------------
    def _blacklist_if_needed(self, subject_id, subject_type, rule_ids, reason, identity_keys, actor, caused_by):
        entry = self.authority.entry(subject_id)
        if entry and entry.get("status") == "blacklisted":
            return None
        try:
            return self._commit(subject_id, subject_type, "add", rule_ids, reason, identity_keys, actor, caused_by)
        except Conflict:
            return None  # a concurrent decision blacklisted it first

    def _commit(self, subject_id, subject_type, action, rule_ids, reason, identity_keys, actor, caused_by):
        change = self.authority.record(subject_id, subject_type, action, rule_ids, reason, identity_keys,
                                       actor, caused_by, self.correlation_id, self.request_key)
        self.relay.notify()
        return change

    def blacklist_add(self, data: dict, actor: str) -> dict:
        b = load(schemas.BlacklistAddIn(), data)
        change = self._commit(b["subject_id"], b["subject_type"], "add", b["rule_ids"], b["reason"],
                              b["identity_keys"], actor, "manual")
        if not change.get("replayed"):
            self._decide(b["subject_id"], "blacklist", "blacklisted", b["rule_ids"], active_policy()["version"],
                         b["reason"], actor=actor, caused_by=f"seq:{change['seq']}")
        return schemas.ChangeOut().dump(change)

    def blacklist_lift(self, subject_id: str, data: dict, actor: str, caused_by: str = "manual") -> dict:
        b = load(schemas.BlacklistLiftIn(), data)
        entry = self.authority.entry(subject_id)
        if entry is None:
            raise NotFound(f"subject {subject_id} has no blacklist record", {"subject_id": ["unknown"]})
        rule_ids = ["R-REP-19"]
        change = self._commit(subject_id, entry.get("subject_type"), "lift", rule_ids, b["reason"], [],
                              actor, caused_by)
        if not change.get("replayed"):
            self._decide(subject_id, "lift", "lifted", rule_ids, active_policy()["version"], b["reason"],
                         actor=actor, caused_by=f"seq:{change['seq']}")
        return schemas.ChangeOut().dump(change)

    def blacklist_get(self, subject_id: str) -> dict:
        entry = self.authority.entry(subject_id)
        if entry is None:
            raise NotFound(f"subject {subject_id} has no blacklist record", {"subject_id": ["unknown"]})
        return {**schemas.EntryOut().dump(entry),
                "history": schemas.ChangeOut(many=True).dump(self.authority.history(subject_id))}

    def blacklist_page(self, status=None, subject_type=None, cursor=None, limit=50) -> dict:
        limit = max(1, min(int(limit or 50), 200))
        if cursor and not str(cursor).isdigit():
            raise ValidationFailed("cursor is not one this API returned", {"cursor": ["invalid"]})
        rows = self.authority.page(status, subject_type, int(cursor) if cursor else None, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        return {"items": schemas.EntryOut(many=True).dump(rows),
                "next_cursor": str(rows[-1]["seq"]) if more and rows else None}

    def changes_after(self, after: int, limit: int) -> list[dict]:
        limit = max(1, min(int(limit), 1000))
        return schemas.ChangeOut(many=True).dump(self.authority.changes_after(int(after), limit))

    # -- reputation view ------------------------------------------------------------------------
    def record_signal(self, data: dict) -> dict:
        s = load(schemas.SignalIn(), data)
        sig = models.Signal(subject_id=s["subject_id"], kind=s["kind"], value=s["value"],
                            source_service=s["source_service"], occurred_at=s["occurred_at"] or datetime.now(UTC),
                            dedupe_key=s["dedupe_key"])
        try:
            sig.save(force_insert=True)
        except NotUniqueError:
            return {"recorded": False, "duplicate": True}
        return {"recorded": True, "duplicate": False}

    def _credit(self, policy: dict, subject_id: str, as_of: datetime) -> tuple[dict, int]:
        """Credit components and active points as they stood at `as_of` (90-day signal window)."""
        window = as_of - timedelta(days=policy["credit"]["window_days"])
        signals = [{"kind": s.kind, "value": s.value}
                   for s in models.Signal.objects(subject_id=subject_id, occurred_at__gte=window,
                                                  occurred_at__lte=as_of)]
        rows = [{"points": v.points, "status": v.status, "occurred_at": _aware(v.occurred_at)}
                for v in models.Violation.objects(subject_id=subject_id, occurred_at__lte=as_of)]
        points = rules.active_points(policy, rows, as_of)
        return rules.credit_components(policy, signals, points), points

    def reputation(self, subject_id: str) -> dict:
        policy = active_policy()
        now = datetime.now(UTC)
        record = models.Subject.objects(subject_id=subject_id).first()
        violations = models.Violation.objects(subject_id=subject_id).order_by("-occurred_at")
        components, points = self._credit(policy, subject_id, now)
        if record is None and not violations.count() and components == rules.credit_components(policy, [], 0):
            raise NotFound(f"no reputation record for {subject_id}", {"subject_id": ["unknown"]})
        frozen = bool(record and record.frozen)
        score = rules.credit_score(components)
        shown = {"score": score, "components": components, "grade": None}
        if frozen:  # R-REP-13: a blacklisted subject's score and grade stay as they were when it was blacklisted
            frozen_components, _ = self._credit(policy, subject_id, _aware(record.frozen_at))
            grading = models.Grading.objects(enterprise_id=subject_id, at__lte=record.frozen_at).order_by("-at").first()
            shown = {"score": rules.credit_score(frozen_components), "components": frozen_components,
                     "grade": grading.grade if grading else None}
        else:
            grading = models.Grading.objects(enterprise_id=subject_id).order_by("-at").first()
            shown["grade"] = grading.grade if grading else None
        entry = self.authority.entry(subject_id)
        decisions = models.Decision.objects(subject_id=subject_id).order_by("-at")[:50]
        return {
            "subject_id": subject_id, **shown, "live_score": score, "formula": rules.CREDIT_FORMULA,
            "points": points, "sanction": record.sanction if record else "none", "frozen": frozen,
            "frozen_at": record.frozen_at.isoformat() if frozen else None,
            "blacklisted": bool(entry and entry.get("status") == "blacklisted"),
            "policy_version": policy["version"],
            "violations": schemas.ViolationOut(many=True).dump(violations[:50]),
            "decisions": [{"kind": d.kind, "outcome": d.outcome, "rule_ids": d.rule_ids, "reason": d.reason,
                           "policy_version": d.policy_version, "caused_by": d.caused_by, "at": d.at.isoformat()}
                          for d in decisions],
        }

    @staticmethod
    def freeze(changes: list[dict]) -> None:
        """Reputation's own reaction to blacklist changes: freeze score and grade at the moment of the decision,
        or thaw on a lift. One idempotent bulk write per run; the frozen values are derived on read."""
        writes = []
        for change in changes:
            if change["action"] == "add":
                writes.append(UpdateOne({"_id": change["subject_id"], "frozen": {"$ne": True}},
                                        {"$set": {"frozen": True, "frozen_at": change["committed_at"]},
                                         "$setOnInsert": {"subject_type": change["subject_type"], "sanction": "none",
                                                          "points": 0}}, upsert=True))
            else:
                writes.append(UpdateOne({"_id": change["subject_id"], "frozen": True},
                                        {"$set": {"frozen": False}, "$unset": {"frozen_at": ""}}))
        try:
            models.Subject._get_collection().bulk_write(writes, ordered=True)
        except BulkWriteError as exc:  # an upsert racing an existing frozen doc: already frozen, fine
            if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                raise

    # -- grading ----------------------------------------------------------------------------------
    def grade(self, enterprise_id: str, data: dict, actor: str) -> dict:
        g = load(schemas.GradingIn(), data)
        policy = active_policy()
        record = models.Subject.objects(subject_id=enterprise_id).first()
        if record is not None and record.frozen:
            raise Conflict("grading is frozen while the enterprise is blacklisted", {"enterprise_id": ["frozen"]})
        try:
            total = rules.grading_total(policy, g["scores"])
        except ValueError as exc:
            raise ValidationFailed(str(exc), {"scores": [str(exc)]}) from None
        grade = rules.grade_for_total(policy, total)
        fired = ["R-REP-08", "R-REP-09", "R-REP-10", "R-REP-11"]
        run = models.Grading(enterprise_id=enterprise_id, enterprise_type=g["enterprise_type"], scores=g["scores"],
                             total=total, grade=grade, policy_version=policy["version"], rule_ids=fired)
        run.save()
        self._decide(enterprise_id, "grading", grade, fired, policy["version"], f"total {total}", actor=actor)
        return {"enterprise_id": enterprise_id, "enterprise_type": g["enterprise_type"], "total": total,
                "grade": grade, "rule_ids": fired, "policy_version": policy["version"], "at": run.at.isoformat()}

    # -- appeals ----------------------------------------------------------------------------------
    def file_appeal(self, data: dict, actor: str) -> dict:
        a = load(schemas.AppealIn(), data)
        if not a["violation_id"] and not a["blacklist_seq"]:
            raise ValidationFailed("an appeal names a violation or a blacklist change",
                                   {"violation_id": ["violation_id or blacklist_seq is required"]})
        if a["violation_id"] and not models.Violation.objects(violation_id=a["violation_id"],
                                                              subject_id=a["subject_id"]).first():
            raise NotFound("no such violation for this subject", {"violation_id": ["unknown"]})
        appeal = models.Appeal(appeal_id=f"apl_{uuid.uuid4().hex[:16]}", subject_id=a["subject_id"],
                               violation_id=a["violation_id"], blacklist_seq=a["blacklist_seq"], grounds=a["grounds"])
        appeal.save(force_insert=True)
        return self._appeal_out(appeal)

    def decide_appeal(self, appeal_id: str, data: dict, actor: str) -> dict:
        d = load(schemas.AppealDecisionIn(), data)
        appeal = models.Appeal.objects(appeal_id=appeal_id).first()
        if appeal is None:
            raise NotFound("no such appeal", {"appeal_id": ["unknown"]})
        if not rules.can_decide_appeal(appeal.status, d["outcome"]):
            raise Conflict(f"appeal is already {appeal.status}", {"outcome": [f"appeal is {appeal.status}"]})
        appeal.update(set__status=d["outcome"], set__outcome_reason=d["reason"], set__decided_by=actor,
                      set__decided_at=datetime.now(UTC))
        appeal.reload()
        policy = active_policy()
        self._decide(appeal.subject_id, "appeal", d["outcome"], ["R-REP-19"], policy["version"], d["reason"],
                     actor=actor, caused_by=appeal.appeal_id)
        if d["outcome"] == "overturned":
            if appeal.violation_id:
                models.Violation.objects(violation_id=appeal.violation_id).update(set__status="overturned")
                self._reassess_sanction(appeal.subject_id, None, policy, appeal.appeal_id, [])
            entry = self.authority.entry(appeal.subject_id)
            if entry and entry.get("status") == "blacklisted":
                self.blacklist_lift(appeal.subject_id, {"reason": f"appeal {appeal.appeal_id} overturned: "
                                                                  f"{d['reason']}"}, actor, appeal.appeal_id)
        return self._appeal_out(appeal)

    @staticmethod
    def _appeal_out(appeal) -> dict:
        return {"appeal_id": appeal.appeal_id, "subject_id": appeal.subject_id, "violation_id": appeal.violation_id,
                "blacklist_seq": appeal.blacklist_seq, "grounds": appeal.grounds, "status": appeal.status,
                "outcome_reason": appeal.outcome_reason, "decided_by": appeal.decided_by,
                "filed_at": appeal.filed_at.isoformat(),
                "decided_at": appeal.decided_at.isoformat() if appeal.decided_at else None}
