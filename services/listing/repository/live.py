"""Listing's repository, continued: live sessions and their segments with decisions (R-LST-32, R-XC-01). A batch of
segments is one unordered insert_many; a seq stored before fails on its key (applied once, whoever delivered it)."""

from pymongo import ReturnDocument
from pymongo.errors import BulkWriteError, DuplicateKeyError

from tianping.infra import pointwrite
from tianping.lib import paging
from tianping.lib.trail import Step, stored

from .. import models

DUPLICATE_KEY = 11000
TALLIED = 2000  # the session keeps the tokens of its latest writes counted: a redelivery comes long before this many
UNSEEN = {"tallied": 0, "stolen": 0}  # the tokens are read only to recount a redelivery


def segment_key(session_id: str, seq: int) -> str:
    """The segment's _id: its order is the session's order (seq zero-padded)."""
    return f"{session_id}:{seq:010d}"


def insert_session(session: models.LiveSession) -> None:
    session.save(force_insert=True)


def live_session(session_id: str) -> dict | None:
    return models.LiveSession._get_collection().find_one({"_id": session_id}, UNSEEN)


def tallied(session_id: str) -> set[str]:
    """The tokens of the session's latest writes whose segments are counted."""
    found = models.LiveSession._get_collection().find_one({"_id": session_id}, {"tallied": 1})
    return set((found or {}).get("tallied") or ())


def steal_writes(session_id: str, writes: list[str]) -> bool:
    """Mark `writes` taken over — only if none of them is tallied (their own tally is then refused); False if one is."""
    return models.LiveSession._get_collection().update_one(
        {"_id": session_id, "tallied": {"$nin": writes}},
        {"$push": {"stolen": {"$each": writes, "$slice": -TALLIED}}}).matched_count == 1


def take_over_writes(keys: list[str], writes: list[str], token: str) -> list[dict]:
    """Re-stamp stored segments whose write was never counted (`writes`) with this write's `token`, and return those
    this write now holds (of two redeliveries at once, each segment goes to one)."""
    segments = models.LiveSegment._get_collection()
    segments.update_many({"_id": {"$in": keys}, "w": {"$in": writes}}, {"$set": {"w": token}})
    return list(segments.find({"_id": {"$in": keys}, "w": token}))


def session_of_key(request_key: str | None) -> dict | None:
    return models.LiveSession._get_collection().find_one({"request_key": request_key}) if request_key else None


def insert_segments(docs: list[dict]) -> set[str]:
    """Store a batch of segments with their decisions in one round trip; returns the keys already stored (a
    redelivery or a duplicate inside the batch: the stored one stands)."""
    if not docs:
        return set()
    try:
        models.LiveSegment._get_collection().insert_many(docs, ordered=False)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        if any(e.get("code") != DUPLICATE_KEY for e in errors):
            raise
        return {docs[e["index"]]["_id"] for e in errors}
    return set()


def segments(keys) -> dict[str, dict]:
    keys = sorted(set(keys))
    if not keys:
        return {}
    return {d["_id"]: d for d in models.LiveSegment._get_collection().find({"_id": {"$in": keys}})}


REPLAY_WINDOWS = 8  # key windows (the page's size, then 128 keys doubling to 1,024) one replay read tries before it answers
#                    where to go on: seqs far apart cost a few reads, never a scan


def replay(session_id: str, first: int, last: int, limit: int) -> tuple[list[dict], int | None]:
    """Up to `limit` segments from seq `first` to `last`, in order, and the seq a further read starts from (None:
    `last` was reached). Read by key: each window asks the `limit` keys next in seq order with `_id $in` — answered
    by the key's index, while the embedded store answers a range on `_id` by scanning every session's segments, and
    an index on (session_id, seq) would double the store's work per ingested segment (bench/live.py)."""
    collection, found, start, size = models.LiveSegment._get_collection(), [], first, limit
    for _ in range(REPLAY_WINDOWS):
        end, size = min(last, start + size - 1), min(max(2 * size, 128), 1024)  # dense: one window; sparse: wider ones
        keys = [segment_key(session_id, seq) for seq in range(start, end + 1)]
        found += sorted(collection.find({"_id": {"$in": keys}}), key=lambda d: d["_id"])
        start = end + 1
        if len(found) >= limit or start > last:
            break
    if len(found) >= limit:
        return found[:limit], (found[limit - 1]["seq"] + 1 if found[limit - 1]["seq"] < last else None)
    return found, (start if start <= last else None)


def record_batch(session_id: str, counts: dict, flags: list[dict], token: str, seqs: tuple[int, int] | None = None
                 ) -> dict | None:
    """Tally the decisions of write `token` (its token noted with them, in the same update: a write is counted
    once) and note its flagged transcript segments (by seq: a redelivered batch notes them again, idempotently —
    so a batch cut by a crash after its insert is noted when it is redelivered), whatever the session's status
    (segments stored while another batch stopped it are evidence, counted); the session as it is after, or None when
    a redelivery took this write over (usecases/live_counts.py)."""
    update = {}
    if any(counts.values()):
        update["$inc"] = {f"counts.{k}": v for k, v in counts.items() if v}
        update["$push"] = {"tallied": {"$each": [token], "$slice": -TALLIED}}
    if seqs:  # the lowest and highest seq stored: where a replay's key windows begin and end
        update["$min"], update["$max"] = {"seq_low": seqs[0]}, {"seq_high": seqs[1]}
    if flags:
        update["$set"] = {f"flags.{f['seq']}": {"at": f["at"], "rule_ids": f["rule_ids"]} for f in flags}
    if not update:
        return live_session(session_id)
    # findAndModify, not pointwrite: every batch of a session writes this one document, and pointwrite's transactions
    # conflict and retry there (4 writers on one document: 4.4x slower); it scans only the sessions, not segments
    return models.LiveSession._get_collection().find_one_and_update(
        {"_id": session_id, "stolen": {"$ne": token}}, update, projection=UNSEEN, return_document=ReturnDocument.AFTER)


def add_warning(session_id: str, given: int, warning: dict) -> dict | None:
    """The session's warning number `given + 1`, only if it still has `given` (two batches never give the same one),
    its flagged segments counted as warned for. The session after, or None when another batch warned first."""
    return pointwrite.update_and_read(models.LiveSession._get_collection(),
        {"_id": session_id, "status": "live", "warnings": {"$size": given}},
        {"$push": {"warnings": warning}, "$addToSet": {"warned_seqs": {"$each": warning["seqs"]}}},
        projection=UNSEEN)


def end_session(session_id: str, to_status: str, fields: dict, step: Step) -> dict | None:
    """Move a live session to ended or stopped, once (the conditional update decides who moved it)."""
    return pointwrite.update_and_read(models.LiveSession._get_collection(),
        {"_id": session_id, "status": "live"},
        {"$set": {"status": to_status, **fields}, "$push": {"history": stored(step)}},
        projection=UNSEEN)


def overturn_stop(session_id: str, reviewer: str, step: Step) -> bool:
    """Mark a session's stop overturned, once: a second reviewer (another segment of the same stop) finds it marked."""
    return models.LiveSession._get_collection().update_one(
        {"_id": session_id, "stop.overturned": {"$ne": True}},
        {"$set": {"stop.overturned": True, "stop.overturned_by": reviewer}, "$push": {"history": stored(step)}},
    ).modified_count == 1


def overturn(key: str, entry: dict, previous: str) -> dict | None:
    """Append a reviewer's overturn to a segment whose decision in force is still `previous` (two reviewers never
    both overturn the same decision); the segment after."""
    return pointwrite.update_and_read(models.LiveSegment._get_collection(),
        {"_id": key, "effective": previous}, {"$push": {"overturns": entry}, "$set": {"effective": entry["decision"]}})


def sessions_by_status(status: str, since, cursor: str | None, limit: int) -> tuple[list[dict], str | None]:
    """One page of the sessions in `status` (started since `since`, if given), latest started first: an equality
    and a range on the (status, started_at) index, one query per status."""
    query = {"status": status, **({"started_at": {"$gte": since}} if since is not None else {})}
    return paging.latest_first(models.LiveSession._get_collection(), query, "started_at", cursor, limit)


def sessions_live() -> int:
    return models.LiveSession._get_collection().count_documents({"status": "live"})


def claim_room(room_id: str, session_id: str, now) -> dict | None:
    """Take the room's place on air for `session_id` if it is free; else who holds it ({session_id, at}: an upsert
    that misses the free document collides with the held one: refused, one round trip, one read of the holder)."""
    rooms = models.RoomOnAir._get_collection()
    try:
        rooms.update_one({"_id": room_id, "session_id": None}, {"$set": {"session_id": session_id, "at": now}},
                         upsert=True)
        return None
    except DuplicateKeyError:
        return rooms.find_one({"_id": room_id}, {"session_id": 1, "at": 1})


def take_over_room(room_id: str, holder: str, session_id: str, now) -> bool:
    """Move the place on air from `holder` (a session no longer live) to `session_id`, unless another did first."""
    return models.RoomOnAir._get_collection().update_one(
        {"_id": room_id, "session_id": holder}, {"$set": {"session_id": session_id, "at": now}}).modified_count == 1


def sessions_of_mcn(mcn_id: str, limit: int = 50) -> list[dict]:
    """The latest sessions its hosts went live in for `mcn_id` (R-LST-35: what the MCN reviews)."""
    return list(models.LiveSession._get_collection().find({"mcn_id": mcn_id}, UNSEEN, sort=[("started_at", -1)],
                                                          limit=limit))


def record_mcn_review(key: str, entry: dict) -> dict | None:
    """The MCN's review of a segment, once (a segment already reviewed is not matched); the segment after."""
    return pointwrite.update_and_read(models.LiveSegment._get_collection(),
        {"_id": key, "mcn_review": None}, {"$set": {"mcn_review": entry}})
