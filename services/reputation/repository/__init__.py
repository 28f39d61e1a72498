"""Reputation's repository: the only code that touches its collections. The blacklist authority's log is
`repository.authority`, with its transactions (`repository.commit`) and writer sessions (`repository.writers`)."""

import json
from pathlib import Path

from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from tianping.infra import bulk, db
from tianping.lib import paging

from .. import models
from .live_notices import (  # noqa: F401 - live hosts' warnings and stopped streams
    count_notices,
    insert_once,
    live_notice_counts,
    live_notices,
    overturn_live_stop,
)
from .reads import (  # noqa: F401 - the reputation read's records in one command
    note_shown_from,
    note_violation_moment,
    reputation_records,
    subject_records,
)

Duplicate = NotUniqueError
DEFAULT_POLICY = json.loads((Path(__file__).resolve().parent.parent / "policy_default.json").read_text())


def latest_policy() -> dict:
    """The newest activated policy. A shipped default version not stored yet is stored (activated) first: shipping a
    new default is deploying a new policy version, recorded like any other."""
    if not models.Policy.objects(version=DEFAULT_POLICY["version"]).first():
        try:
            models.Policy(version=DEFAULT_POLICY["version"], body=DEFAULT_POLICY).save(force_insert=True)
        except NotUniqueError:
            pass
    return models.Policy.objects.order_by("-activated_at").first().body


# -- violations and decisions ------------------------------------------------------------------------
def violation_by_dedupe(dedupe_key: str | None) -> models.Violation | None:
    return models.Violation.objects(dedupe_key=dedupe_key).first() if dedupe_key else None


def violation_of(subject_id: str, violation_id: str) -> models.Violation | None:
    return models.Violation.objects(violation_id=violation_id, subject_id=subject_id).first()


def insert(document) -> None:
    document.save(force_insert=True)  # raises Duplicate


def subjects_with_violations_between(since, until) -> list[tuple[str, str]]:
    """(subject_id, subject_type) of every subject with a violation that occurred in [since, until)."""
    pipeline = [{"$match": {"occurred_at": {"$gte": since, "$lt": until}}},
                {"$group": {"_id": "$subject_id", "subject_type": {"$first": "$subject_type"}}},
                {"$sort": {"_id": 1}}]
    return [(d["_id"], d["subject_type"]) for d in models.Violation.objects.aggregate(pipeline)]


def documents(model, query: dict, sort: list | None = None, limit: int = 0, rows: bool = False) -> list:
    """`model`'s documents matching a raw `query`, built as mongoengine builds them (`_from_son`): the same objects
    without a queryset's per-query machinery, which cost about as much reputation CPU as the read itself on the
    subject's reputation read (issue 30). `rows`: as `db.rows` (their fields, to read only), cheaper still."""
    found = model._get_collection().find(query, sort=sort, limit=limit)
    return db.rows(model, found) if rows else [model._from_son(doc) for doc in found]


def violations(subject_id: str, since=None, until=None, before=None, limit: int = 0,
               rows: bool = False) -> list[models.Violation]:
    """The subject's violations, newest first, in [since, until] or before `before` (a range of the (subject_id,
    occurred_at) index: the embedded store examines every entry of the range, whatever the limit)."""
    window = {**({"$gte": since} if since is not None else {}), **({"$lte": until} if until is not None else {}),
              **({"$lt": before} if before is not None else {})}
    return documents(models.Violation, {"subject_id": subject_id, **({"occurred_at": window} if window else {})},
                     [("occurred_at", -1)], limit, rows)


def point_rows(subject_id: str, since) -> list[dict]:
    """The subject's violations since `since` as the points rules read them ({points, status, occurred_at}), newest
    first: the same range as `violations`, projected and not built into documents. A soak's subjects gather ~70
    violations each in 30 minutes, and building them cost reputation 2.42 ms of CPU on every violation (as rows:
    0.01 ms; measured on 72), part of its +32% CPU per request over the soak (issue 30)."""
    return list(models.Violation._get_collection().find(
        {"subject_id": subject_id, "occurred_at": {"$gte": since}},
        {"_id": 0, "points": 1, "status": 1, "occurred_at": 1}, sort=[("occurred_at", -1)]))


def overturn_violation(violation_id: str) -> None:
    models.Violation.objects(violation_id=violation_id).update(set__status="overturned")


def insert_decision(decision: models.Decision) -> models.Decision:
    """Append a decision; one with a key already taken is the earlier one (a resumed request decides once)."""
    try:
        decision.save(force_insert=True)
        return decision
    except NotUniqueError:
        return models.Decision.objects(key=decision.key).first()


def decisions(subject_id: str, limit: int = 50) -> list[models.Decision]:
    return documents(models.Decision, {"subject_id": subject_id}, [("at", -1)], limit)


# -- subjects: sanction, points, freeze ----------------------------------------------------------------
def subject(subject_id: str) -> models.Subject | None:
    found = documents(models.Subject, {"_id": subject_id}, limit=1)
    return found[0] if found else None


def note_points(subject_id: str, subject_type: str | None, points: int, at, occurred_at=None,
                expected: str | None = None) -> tuple[str, str | None]:
    """Store the subject's active points, creating its record on first use; returns the sanction it holds and its
    stored type. Two round trips and no transaction: the update touches neither, so the document read just after
    answers what it held before (or what a concurrent reassessment stored since, as true an answer). A transaction
    here conflicted when many violations of one subject came at once (20 at once: 503s), and findAndModify examined
    every subject on the embedded store. Concurrent first uses are one upsert each: the unique `_id` makes one the
    insert, and a loser's retry matches it. `expected`: the sanction the points call for — when the subject holds it,
    the update conditioned on it is the only round trip (nothing else is read: no change is due)."""
    on_insert = {"sanction": "none", "frozen": False, **({"subject_type": subject_type} if subject_type else {}),
                 **({"shown_kept": True} if occurred_at else {})}  # its first violation: shown_from is exact
    shown = {"$min": {"shown_from": occurred_at}} if occurred_at else {}  # a new violation's moment (reads.py)
    collection = models.Subject._get_collection()
    if expected is not None and _noted_as_expected(collection, subject_id, expected, points, at, on_insert, shown):
        return expected, subject_type
    update = {"$set": {"points": points, "updated_at": at}, "$setOnInsert": on_insert, **shown}
    try:
        collection.update_one({"_id": subject_id}, update, upsert=True)
    except DuplicateKeyError:  # a concurrent first use inserted it between our match and insert: now it matches
        collection.update_one({"_id": subject_id}, update)
    held = collection.find_one({"_id": subject_id}, {"sanction": 1, "subject_type": 1}) or {}
    return held.get("sanction", "none"), held.get("subject_type", subject_type)


def _noted_as_expected(collection, subject_id, expected, points, at, on_insert, shown) -> bool:
    """The points stored in one round trip when the subject holds `expected` — or, expecting none, has no record
    yet (the upsert creates it holding none) — else False, nothing written (a change is due, or a record exists that
    holds another sanction: the upsert's insert is refused by the unique `_id`)."""
    upsert = expected == "none"
    update = {"$set": {"points": points, "updated_at": at}, **shown,
              **({"$setOnInsert": {k: v for k, v in on_insert.items() if k != "sanction"}} if upsert else {})}
    try:
        result = collection.update_one({"_id": subject_id, "sanction": expected}, update, upsert=upsert)
    except DuplicateKeyError:
        return False
    return bool(result.matched_count or result.upserted_id is not None)


def set_sanction(subject_id: str, points: int, sanction: str, at, seq: int) -> None:
    """Store the sanction of the authority's change `seq` unless a later change is stored already: reassessments
    finishing out of order (20 violations at once) left a stale "warning" over a "cleared_out"."""
    models.Subject._get_collection().update_one(
        {"_id": subject_id, "sanction_seq": {"$not": {"$gt": seq}}},
        {"$set": {"points": points, "sanction": sanction, "sanction_seq": seq, "updated_at": at}})


def freeze(changes: list[dict]) -> None:
    """Freeze at the moment of an add, thaw on a lift (a subject's last change in the run decides): one insert and
    at most one bulk update for a run of changes; idempotent."""
    latest = {change["subject_id"]: change for change in changes}

    def insert(subject_id, change):
        return {"_id": subject_id, "subject_type": change["subject_type"], "sanction": "none", "points": 0,
                "frozen": True, "frozen_at": change["committed_at"]} if change["action"] == "add" else None

    def update(_subject_id, change):
        if change["action"] == "add":
            return {"frozen": {"$ne": True}}, {"$set": {"frozen": True, "frozen_at": change["committed_at"]}}
        return {"frozen": True}, {"$set": {"frozen": False}, "$unset": {"frozen_at": ""}}

    bulk.upsert_each(models.Subject._get_collection(), latest, insert, update)


# -- credit inputs and grading ---------------------------------------------------------------------------
def signals(subject_id: str, since, until) -> list[models.Signal]:
    return documents(models.Signal, {"subject_id": subject_id, "occurred_at": {"$gte": since, "$lte": until}})


def signal_rows(subject_id: str, since, until) -> list[dict]:
    """The credit's inputs in [since, until]: kind, value and when, as plain rows (no model built)."""
    return list(models.Signal._get_collection().find(
        {"subject_id": subject_id, "occurred_at": {"$gte": since, "$lte": until}},
        {"_id": 0, "kind": 1, "value": 1, "occurred_at": 1}))


def latest_grading(enterprise_id: str, as_of=None) -> models.Grading | None:
    query = {"enterprise_id": enterprise_id, **({"at": {"$lte": as_of}} if as_of is not None else {})}
    found = documents(models.Grading, query, [("at", -1)], 1)
    return found[0] if found else None


def staff_violations(subject_ids: list[str]) -> list[dict]:
    """The hosts' violations, as plain records (their penalties and dishonesty records, R-REP-20, R-REP-21)."""
    return [v.to_mongo().to_dict() | {"violation_id": v.violation_id}
            for v in models.Violation.objects(subject_id__in=subject_ids, subject_type="host").order_by("-occurred_at")]


def latest_gradings() -> list[dict]:
    """The latest grading run of every enterprise (one per enterprise, whatever its type)."""
    kept = ("enterprise_type", "total", "grade", "policy_version", "at")
    pipeline = [{"$sort": {"at": -1}},
                {"$group": {"_id": "$enterprise_id", **{k: {"$first": f"${k}"} for k in kept}}}]
    return [{"enterprise_id": row["_id"], **{k: row.get(k) for k in kept}}
            for row in models.Grading.objects.aggregate(pipeline)]


# -- appeals -----------------------------------------------------------------------------------------------
def appeal(appeal_id: str) -> models.Appeal | None:
    return models.Appeal.objects(appeal_id=appeal_id).first()


def decide_appeal(appeal_id: str, from_status: str, outcome: str, reason: str, actor: str, at) -> models.Appeal | None:
    """Decide an appeal once: only while it is still in `from_status` (None when another decision came first)."""
    if not models.Appeal.objects(appeal_id=appeal_id, status=from_status).update_one(
            set__status=outcome, set__outcome_reason=reason, set__decided_by=actor, set__decided_at=at):
        return None
    return appeal(appeal_id)


# -- the authority's current state, for lists ------------------------------------------------------------
def blacklist_page(authority, status: str | None, subject_type: str | None, cursor: str | None, limit: int):
    query = {**({"status": status} if status else {}), **({"subject_type": subject_type} if subject_type else {})}
    return paging.page(authority.entries, query, [("seq", -1)], cursor, limit)


# -- reports to the authorities (R-REP-14, R-XC-06) ---------------------------------------------------------
def report(report_id: str) -> models.AuthorityReport | None:
    return models.AuthorityReport.objects(report_id=report_id).first()


def mark_reported(report_id: str, **changes) -> bool:
    """Record the report once: a second (or concurrent) record finds it reported and changes nothing."""
    return models.AuthorityReport.objects(report_id=report_id, status="due").update_one(
        set__status="reported", **{f"set__{k}": v for k, v in changes.items()}) == 1


def reports_page(status: str | None, cursor: str | None, limit: int):
    query = {"status": status} if status else {}
    return paging.page(models.AuthorityReport._get_collection(), query, [("due_at", 1), ("_id", 1)], cursor, limit)
