"""What a TTL index deletes, deleted by the process that owns the collection, in small bounded batches.

SecantusDB's own TTL sweeper decodes every document of every TTL-indexed collection under the store's one lock every
minute (340 ms at 20,000 records, 1.9 s at 100,000: bench/ttl_sweep.py), so the embedded store runs with it off
(tianping.infra.store) and each process purges its own database's TTL collections on a timer instead. MongoDB keeps
its TTL monitor; the indexes stay, and this purge is then redundant but harmless.

Exactly what the index would delete: documents whose indexed date is before `now - expireAfterSeconds` (the cutoff
rounded down to the millisecond a stored date has, so nothing inside its window goes). The store answers a range
on the index by examining every document in the range (a limit does not stop it early), so a pass walks back from
the cutoff in windows of `width` — each examines the documents that expired in that window, however long the
history — down to where its previous pass reached (a first pass: to a window that holds none), then one open range below
the last window: what expired while no purge ran, or was written with a date already past — after the first pass
nothing, so it examines nothing. Ids are deleted `_id $in` (point lookups) with the date condition again, BATCH at a time: a record
written anew under the same `_id` meanwhile stays, and two replicas purging at once delete each document once.
"""

from datetime import datetime, timedelta

from tianping.lib import config as cfg

# Ids per delete. The store compares each document with every id of an `_id $in`, so a statement's cost grows with the
# square of its batch: a backlog of 5,000 expired among 20,000 took 6.2 s in batches of 500 (statements up to 476 ms),
# 3.3 s in 100s (107 ms), 1.9 s in 50s (36 ms), 3.8 s in 25s (41 ms).
BATCH = 50
WINDOWS = 60


def purge_seconds() -> float:
    """How often each process purges its TTL collections (TIANPING_TTL_PURGE_SECONDS; MongoDB's monitor: 60 s)."""
    return float(cfg.env("TIANPING_TTL_PURGE_SECONDS", "60"))


def ttl_fields(collection) -> list[tuple[str, float, dict]]:
    """(field, expireAfterSeconds, partial filter) of each TTL index of the collection, as the store expires them."""
    found = []
    for spec in collection.index_information().values():
        seconds, keys = spec.get("expireAfterSeconds"), spec.get("key") or []
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or len(keys) != 1 or keys[0][0] == "_id":
            continue
        found.append((keys[0][0], float(seconds), dict(spec.get("partialFilterExpression") or {})))
    return found


def cutoff(now: datetime, seconds: float) -> datetime:
    """The first moment still inside the window (dates are stored to the millisecond: rounded down to one)."""
    moment = now - timedelta(seconds=seconds)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class Purger:
    """One process's purge: remembers how far back each collection's previous pass reached."""

    def __init__(self, width_seconds: float):
        self.width = timedelta(seconds=max(1.0, width_seconds))
        self.reached: dict[tuple, datetime] = {}

    def purge_database(self, database, now: datetime) -> dict[str, int]:
        """Every TTL-indexed collection of `database` purged as of `now`: documents deleted per collection (those
        with any)."""
        deleted = {}
        for name in sorted(database.list_collection_names()):
            for field, seconds, partial in ttl_fields(database[name]):
                if count := self.purge(database[name], field, cutoff(now, seconds), partial):
                    deleted[name] = deleted.get(name, 0) + count
        return deleted

    def purge(self, collection, field: str, before: datetime, partial: dict | None = None) -> int:
        """Delete the documents whose `field` is before `before`, window by window back to the previous pass."""
        key = (collection.database.name, collection.name, field)
        since, hi, deleted = self.reached.get(key), before, 0
        for _ in range(WINDOWS):
            lo = hi - self.width if since is None else max(since, hi - self.width)
            if lo >= hi:
                break
            found = _delete(collection, field, before, {field: {"$gte": lo, "$lt": hi}, **(partial or {})})
            deleted, hi = deleted + found, lo
            if since is None and not found:
                break  # a quiet window on a first pass: what lies below goes in one range
        # Below the windows: what no window held — the backlog of a first pass, a document written with a date
        # already past (none remain otherwise: the range then examines nothing).
        deleted += _delete(collection, field, before, {field: {"$lt": hi}, **(partial or {})})
        self.reached[key] = max(before, self.reached.get(key, before))
        return deleted


def _delete(collection, field: str, before: datetime, window: dict) -> int:
    ids = [doc["_id"] for doc in collection.find(window, {"_id": 1})]
    deleted = 0
    for start in range(0, len(ids), BATCH):
        deleted += collection.delete_many({"_id": {"$in": ids[start:start + BATCH]},
                                           field: {"$lt": before}}).deleted_count
    return deleted
