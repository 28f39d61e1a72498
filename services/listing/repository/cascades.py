"""Listing's repository, continued: cascades — many subjects' listings withdrawn for one cause (an MCN's hosts).
One document per cause; the listing reads consult the running ones through the (state, subjects) index (the store
examines only running cascades whatever the history); the stored statuses follow in bounded batches."""

from pymongo import UpdateMany, UpdateOne
from pymongo.errors import DuplicateKeyError

from .. import models, rules
from . import ended

ROLES = ("operator_id", "host_id")


def _cascades():
    return models.Cascade._get_collection()


def start_cascade(cascade_id: str, subjects: list[str], step: dict, at) -> bool:
    """One insert, whatever the number of subjects; False when it exists (a redelivered event)."""
    try:
        _cascades().insert_one({"_id": cascade_id, "subjects": subjects, "step": step, "at": at, "state": "running",
                                "cursor": 0, "written": 0})
    except DuplicateKeyError:
        return False
    return True


def cascades_covering(subject_ids, with_subjects: bool = False) -> list[dict]:
    """The running cascades naming any of `subject_ids`: one indexed read (state first, so the store examines only
    running cascades)."""
    ids = sorted({s for s in subject_ids if s})
    if not ids:
        return []
    projection = None if with_subjects else {"subjects": 0}
    return list(_cascades().find({"state": "running", "subjects": {"$in": ids}}, projection))


def running_cascades() -> list[dict]:
    """The cascades whose stored statuses are still being written, oldest first (a few: sorted in memory)."""
    return sorted(_cascades().find({"state": "running"}), key=lambda c: c["at"])


def cascade(cascade_id: str) -> dict | None:
    return _cascades().find_one({"_id": cascade_id})


def live_of(role: str, subject_id: str, limit: int) -> list[dict]:
    """The live listings `subject_id` holds in `role` (their ids and creation times), at most `limit`: only the
    (role, status) index's fields in the filter — any other condition makes the embedded store scan."""
    return list(models.Listing._get_collection().find(
        {role: subject_id, "status": {"$in": list(rules.LIVE_STATUSES)}}, {"_id": 1, "created_at": 1}).limit(limit))


def withdraw_batch(parts: list[tuple[str, str, list[str], bool]], step: dict) -> int:
    """One batch of a cascade in one bulk write: per (role, subject, ids, whole) part, a subject whose every live
    listing is in `ids` (whole) gets one statement on the (role, status) index — several times cheaper on the
    embedded store than a statement per listing — and otherwise each listing a statement by `_id` (an `_id $in`
    with any other condition is a scan on this store). Only live listings match: a redone batch changes nothing."""
    live = {"status": {"$in": list(rules.LIVE_STATUSES)}}
    update = {"$set": {"status": "withdrawn", **ended("withdrawn")}, "$push": {"trail": step}}
    writes, seen = [], set()
    for role, subject, ids, whole in parts:
        if whole and ids:
            writes.append(UpdateMany({role: subject, **live}, update))
        elif not whole:
            writes += [UpdateOne({"_id": i, **live}, update) for i in ids if i not in seen]
        seen.update(ids)
    if not writes:
        return 0
    return models.Listing._get_collection().bulk_write(writes, ordered=False).modified_count


def withdraw_one(listing_id: str, step: dict) -> bool:
    return withdraw_batch([("_id", listing_id, [listing_id], False)], step) == 1


def advance_cascade(cascade_id: str, cursor: int, written: int, done_at=None) -> None:
    """The cursor moved on after a batch (never back: two followers may overlap); done with `done_at`."""
    update = {"$max": {"cursor": cursor}, "$inc": {"written": written}}
    if done_at is not None:
        update["$set"] = {"state": "done", "done_at": done_at}
    _cascades().update_one({"_id": cascade_id}, update)
