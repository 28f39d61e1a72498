"""Reputation's repository, continued: the reputation read's per-subject records in one command (issue 30).

The embedded store answers `$unionWith` by reading the whole foreign collection, but a `$lookup` whose foreignField
leads an index by point lookups on that index (SecantusDB's index-driven join): so one `aggregate` over a single
`$documents` row (the subject's id) joins its subject record, its blacklist entry (both by `_id`), its latest
decisions and its latest live notices (on their (subject_id, at) indexes) — one round trip instead of four, each
part examining what its own find examined. The reputation read also takes the subject's violations of the points
window in that round trip (`reputation_records`): a range read is served by an index only as an aggregate's leading
`$match`, so that aggregate is the violations' and the records are joined to a one-document collection's row."""

from tianping.infra import db

from .. import models


def subject_records(subject_id: str, decisions: int, notices: int) -> dict:
    """{subject, entry, decisions, notices} of a subject: its record and blacklist entry (or None), its `decisions`
    latest decisions and `notices` latest live notices, newest first: the record a document, the pages rows of
    their fields (`db.rows`: read and dumped, never saved)."""
    database = models.Subject._get_collection().database
    subject, entry = models.Subject._meta["collection"], "blacklist_entries"
    decision, notice = models.Decision._meta["collection"], models.LiveNotice._meta["collection"]
    row = next(database.aggregate([
        {"$documents": [{"_id": subject_id}]}, {"$lookup": _joined(subject, "_id")}, {"$lookup": _joined(entry, "_id")},
        {"$lookup": _joined(decision, "subject_id", decisions)}, {"$lookup": _joined(notice, "subject_id", notices)}]))
    return _built(row)


ANCHOR = models.READ_ANCHOR  # a collection of one document, of that `_id` (stored at start): a row to join on


def reputation_records(subject_id: str, since, decisions: int, notices: int) -> dict:
    """subject_records with the subject's violations since `since` (newest first, under "violations") in one
    round trip (issue 30: two): an `aggregate` on the violations whose leading `$match` is their (subject_id,
    occurred_at) index range, the one document of ANCHOR appended (`$unionWith`: the range may be empty), then a
    `$facet` that keeps the range's rows and joins the records to one row (the first: never none) by index as
    subject_records does, copying no violation per join. Without the anchor stored (a database restored without it), it is stored
    and subject_records reads."""
    violations = models.Violation._get_collection()
    subject, entry = models.Subject._meta["collection"], "blacklist_entries"
    decision, notice = models.Decision._meta["collection"], models.LiveNotice._meta["collection"]
    joins = [_joined(subject, "_id"), _joined(entry, "_id"), _joined(decision, "subject_id", decisions),
             _joined(notice, "subject_id", notices)]
    [row] = violations.aggregate([
        {"$match": {"subject_id": subject_id, "occurred_at": {"$gte": since}}}, {"$sort": {"occurred_at": -1}},
        {"$unionWith": {"coll": ANCHOR}},
        {"$facet": {"violations": [{"$skip": 0}],  # the anchor last: dropped here, not matched per row in the store
                    "records": [{"$limit": 1}, {"$project": {"_id": {"$literal": subject_id}}},
                                *({"$lookup": join} for join in joins)]}}])
    found = db.rows(models.Violation, (d for d in row["violations"] if d["_id"] != ANCHOR))
    if not row["records"]:
        models.ReadAnchor.ensure_indexes()
        return {**subject_records(subject_id, decisions, notices), "violations": found}
    return {**_built(row["records"][0]), "violations": found}


def _joined(collection: str, field: str, limit: int = 0) -> dict:
    pipeline = [{"$sort": {"at": -1}}, {"$limit": limit}] if limit else []
    return {"from": collection, "localField": "_id", "foreignField": field, "as": collection,
            **({"pipeline": pipeline} if pipeline else {})}


def _built(row: dict) -> dict:
    subject, entry = models.Subject._meta["collection"], "blacklist_entries"
    decision, notice = models.Decision._meta["collection"], models.LiveNotice._meta["collection"]
    return {"subject": next((models.Subject._from_son(d) for d in row[subject]), None),
            "entry": next(iter(row[entry]), None),
            "decisions": db.rows(models.Decision, row[decision]), "notices": db.rows(models.LiveNotice, row[notice])}


def note_shown_from(subject_id: str, at, kept: bool) -> None:
    """Where the subject's page of shown violations starts, as a read found it. `kept`: the record keeps one already
    (every violation since lowers it, note_points), so it only moves up to `at` (violations are only added: the 50th
    newest only moves later). A record that kept none (made before, or by a freeze) is given `at`, kept from now."""
    change = {"$max": {"shown_from": at}} if kept else {"$set": {"shown_from": at, "shown_kept": True}}
    models.Subject._get_collection().update_one({"_id": subject_id}, change)


def note_violation_moment(subject_id: str, at) -> None:
    """A violation that skips note_points (a serious one, blacklisted at once): the page start it keeps is lowered to
    its moment all the same, so a backdated one is never left off the page."""
    models.Subject._get_collection().update_one({"_id": subject_id}, {"$min": {"shown_from": at}})
