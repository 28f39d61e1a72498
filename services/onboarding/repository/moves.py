"""Onboarding's repository of many subjects moved to one status for one cause (usecases/status_moves.py): their heads
read and their statuses changed a batch at a time, and the durable cursor of the move."""

from tianping.lib import clock
from tianping.lib.trail import Step, stored

from .. import models

HEAD = {"subject_type": 1, "status": 1, "history.cause": 1, "history.status": 1, "history.previous": 1}


def status_heads(subject_ids: list[str]) -> list[dict]:
    """The registered subjects among `subject_ids` with their type, status and each history step's cause, status and
    previous status (how long the history is, and what moved it last): one read by `_id`. The embedded store compares
    each document with every value of an `_id $in`, so callers keep the list short (a batch)."""
    return list(models.Subject._get_collection().find({"_id": {"$in": list(subject_ids)}}, HEAD))


def move_statuses(subject_ids: list[str], from_status: str, status: str, step: Step) -> int:
    """The subjects among `subject_ids` still in `from_status` moved to `status` with `step` in their history: one
    conditional statement, so a subject moved already (a redelivery) or changed meanwhile is not moved. `_id` first:
    the store then looks the ids up and tests the status on each, where with the status first it would walk the
    (status, identity_keys) index over every subject in that status. Returns how many moved."""
    return models.Subject._get_collection().update_many(
        {"_id": {"$in": list(subject_ids)}, "status": from_status},
        {"$set": {"status": status}, "$push": {"history": stored(step)}}).modified_count


def change_status(subject_id: str, from_status: str, step: Step, require: dict | None = None) -> bool:
    """One subject moved to `step.status` only if it is still in `from_status` (and matches `require`) and its history
    holds no step of this cause to this status: a blacklisting, an evaluation, a lapse or a deregistration that read
    the subject before another moved it changes nothing, and one cause moves a subject once."""
    return models.Subject._get_collection().update_one(
        {**(require or {}), "_id": subject_id, "status": from_status,
         "history": {"$not": {"$elemMatch": {"cause": step.cause, "status": step.status}}}},
        {"$set": {"status": step.status}, "$push": {"history": stored(step)}}).modified_count == 1


def status_move(key: str) -> dict | None:
    return models.StatusMove._get_collection().find_one({"_id": key})


def save_status_move(key: str, after: str, done: bool) -> None:
    models.StatusMove._get_collection().update_one(
        {"_id": key}, {"$set": {"after": after, "done": done, "at": clock.now()}}, upsert=True)
