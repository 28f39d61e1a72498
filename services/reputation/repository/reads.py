"""Reputation's repository, continued: the reputation read's per-subject records in one command (issue 30).

The embedded store answers `$unionWith` by reading the whole foreign collection, but a `$lookup` whose foreignField
leads an index by point lookups on that index (SecantusDB's index-driven join): so one `aggregate` over a single
`$documents` row (the subject's id) joins its subject record, its blacklist entry (both by `_id`), its latest
decisions and its latest live notices (on their (subject_id, at) indexes) — one round trip instead of four, each
part examining what its own find examined."""

from .. import models


def subject_records(subject_id: str, decisions: int, notices: int) -> dict:
    """{subject, entry, decisions, notices} of a subject: its record and blacklist entry (or None), its `decisions`
    latest decisions and `notices` latest live notices, newest first, built as their finds built them."""
    database = models.Subject._get_collection().database

    def joined(collection: str, field: str, limit: int = 0) -> dict:
        pipeline = [{"$sort": {"at": -1}}, {"$limit": limit}] if limit else []
        return {"from": collection, "localField": "_id", "foreignField": field, "as": collection,
                **({"pipeline": pipeline} if pipeline else {})}

    subject, entry = models.Subject._meta["collection"], "blacklist_entries"
    decision, notice = models.Decision._meta["collection"], models.LiveNotice._meta["collection"]
    row = next(database.aggregate([
        {"$documents": [{"_id": subject_id}]}, {"$lookup": joined(subject, "_id")}, {"$lookup": joined(entry, "_id")},
        {"$lookup": joined(decision, "subject_id", decisions)}, {"$lookup": joined(notice, "subject_id", notices)}]))
    return {"subject": next((models.Subject._from_son(d) for d in row[subject]), None),
            "entry": next(iter(row[entry]), None),
            "decisions": [models.Decision._from_son(d) for d in row[decision]],
            "notices": [models.LiveNotice._from_son(d) for d in row[notice]]}


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
