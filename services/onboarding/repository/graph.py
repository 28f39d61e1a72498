"""Onboarding's repository of the liability graph (issue 24): each subject's identity links, the identities held by
subjects blacklisted here, and the review flags a blacklisting puts on linked subjects."""

from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from tianping.lib import clock

from .. import identity, models


# -- the liability graph (identity links and the flags they carry) -------------------------------------------
def insert_links(subject_id: str, keys: list[tuple[str, str]], into=None) -> None:
    """The subject's identity links, written once (a repeated activation adds nothing). `into`: a Together the caller
    commits (ordered: a link already stored stops it, and the caller falls back to this idempotent write)."""
    docs = [{"_id": f"{key}|{subject_id}", "key": key, "kind": kind, "subject_id": subject_id, "at": clock.now()}
            for kind, key in keys]
    if into is not None:
        for doc in docs:
            into.insert(models.IdentityLink._get_collection(), doc, "links")
    elif docs:
        try:
            models.IdentityLink._get_collection().insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                raise


def links_of(subject_id: str) -> list[dict]:
    return list(models.IdentityLink._get_collection().find({"subject_id": subject_id}))


def holders(key: str, limit: int = 200) -> list[dict]:
    """Subjects holding one identity key: an equality on the indexed `key` (never `$in`: the store would scan)."""
    return list(models.IdentityLink._get_collection().find({"key": key}, {"subject_id": 1, "kind": 1}).limit(limit))


def mark_blacklisted_links(subject_id: str, keys: list[tuple[str, str]]) -> None:
    """The blacklisted subject's link keys, (kind, key) each, enter the blacklisted identities (idempotent)."""
    _blacklisted_link_writes([UpdateOne({"_id": key}, {"$set": {"kind": kind}, "$addToSet": {"holders": subject_id}},
                                        upsert=True) for kind, key in keys])


def unmark_blacklisted_links(subject_id: str, keys: list[tuple[str, str]]) -> None:
    """The lifted subject leaves the blacklisted identities (idempotent)."""
    _blacklisted_link_writes([UpdateOne({"_id": key}, {"$pull": {"holders": subject_id}}) for _, key in keys])


def _blacklisted_link_writes(writes: list) -> None:
    for attempt in (1, 2):  # two first upserts of one key: the loser's is a duplicate key, applied on the retry
        try:
            if writes:
                models.BlacklistedLink._get_collection().bulk_write(writes, ordered=False)
            return
        except BulkWriteError as exc:
            if attempt == 2 or any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                raise


BACKFILLED = "~backfilled"  # marks a database whose blacklisted identities were built from its blacklisted subjects
_backfilled: set[tuple] = set()


def blacklisted_link_holders(keys: list[str]) -> dict[str, list[str]]:
    """Key -> the subjects blacklisted here holding it, for these keys: one read on `_id`."""
    collection = models.BlacklistedLink._get_collection()
    _backfill_blacklisted_links(collection)
    docs = collection.find({"_id": {"$in": list(keys)}}, {"holders": 1}) if keys else []
    return {doc["_id"]: doc.get("holders", []) for doc in docs}


def _backfill_blacklisted_links(collection) -> None:
    """Once per database (then once per process to see the mark): the subjects blacklisted before the blacklisted
    identities existed enter them, with their links and their identity keys (a subject older than its links)."""
    held = (id(collection.database.client), collection.full_name)
    if held in _backfilled:
        return
    if collection.find_one({"_id": BACKFILLED}) is None:
        for subject in models.Subject._get_collection().find({"status": "blacklisted"}, {"identity_keys": 1}):
            keys = {(link["kind"], link["key"]) for link in links_of(subject["_id"])}
            mark_blacklisted_links(subject["_id"], sorted(keys | set(identity.link_keys_of_identity_keys(
                subject.get("identity_keys")))))
        collection.update_one({"_id": BACKFILLED}, {"$set": {"at": clock.now()}}, upsert=True)
    _backfilled.add(held)


def insert_flags(flags: list[dict]) -> None:
    if flags:
        models.LiabilityFlag._get_collection().bulk_write(
            [UpdateOne({"_id": f["_id"]}, {"$setOnInsert": f}, upsert=True) for f in flags], ordered=False)


def clear_flags(flagged_by: str, cleared_by: str) -> int:
    return models.LiabilityFlag._get_collection().update_many(
        {"flagged_by": flagged_by, "status": "open"},
        {"$set": {"status": "cleared", "cleared_at": clock.now(), "cleared_by": cleared_by}}).modified_count


def flags_on(subject_id: str) -> list[dict]:
    return list(models.LiabilityFlag._get_collection().find({"subject_id": subject_id}).sort("at", -1).limit(100))

