"""Each service's own durable replica of the platform blacklist: what it holds and the reads on it.

Each service keeps the replica in its own database and checks it on its hot path with one indexed read — never an
RPC per check. How changes reach it, in sequence order, is tianping.platform.blacklist_follow; the entrypoints that
keep it in step, tianping.platform.blacklist.
"""

import time

from tianping.platform import blacklist_restore
from tianping.platform.blacklist_follow import Following

SIZE_SECONDS = 30.0  # a replica's size (a metric and a status field) is recounted at most this often


class Replica(Following):
    """The replica of one service, over its own pymongo database."""

    def __init__(self, database, service: str, lock):
        self.db = database
        self.service = service
        self.lock = lock
        self.entries = database["blacklist_replica"]
        self.cursor = database["blacklist_cursor"]
        self.applied_log = database["blacklist_applied"]  # read-only now: the history lives in each entry
        self._size_unknown = True
        self._size: int | None = None
        self._size_at = 0.0
        self.restores = blacklist_restore.LostTracker(database, service)
        self._start_following()

    def ensure_indexes(self) -> None:
        self.entries.create_index("identity_keys")
        # The identity check's shape, {status: eq, identity_keys: $in}: SecantusDB serves an `$in` on the trailing
        # field of a compound index, and scans for an `$in` on a leading non-`_id` field.
        self.entries.create_index([("status", 1), ("identity_keys", 1)])
        self.entries.create_index([("status", 1), ("since", -1)])
        self.applied_log.create_index([("subject_id", 1), ("seq", 1)])  # history applied before it moved into entries
        self.cursor.update_one({"_id": "cursor"}, {"$setOnInsert": {"applied_seq": 0}}, upsert=True)

    # -- hot path ---------------------------------------------------------------------------------
    def is_blacklisted(self, subject_id: str) -> bool:
        # A point read on `_id` alone: the embedded store plans `_id` plus another field as a collection scan.
        entry = self.entries.find_one({"_id": subject_id}, {"status": 1})
        return bool(entry) and entry.get("status") == "blacklisted"

    def entry(self, subject_id: str) -> dict | None:
        return self.entries.find_one({"_id": subject_id})

    def match_identity(self, identity_keys) -> dict | None:
        """The blacklisted entry sharing any identity key (ID number, credit code, legal rep), if any."""
        keys = [k for k in identity_keys if k]
        if not keys:
            return None
        return self.entries.find_one({"identity_keys": {"$in": keys}, "status": "blacklisted"})

    def applied_seq(self) -> int:
        doc = self.cursor.find_one({"_id": "cursor"})
        return doc["applied_seq"] if doc else 0

    def status(self) -> dict:
        doc = self.cursor.find_one({"_id": "cursor"}) or {}
        lost = self.lost()
        return {"service": self.service, "applied_seq": doc.get("applied_seq", 0), "epoch": doc.get("epoch"),
                "last_applied_at": doc.get("updated_at"), "size": self.size(),
                "lost_in_restore": len(lost) if len(lost) < blacklist_restore.SHOWN else self.restores.count(),
                "lost": lost}

    def lost(self) -> list[dict]:
        """Changes applied here that the authority's restored log no longer holds (newest detection first)."""
        return self.restores.recorded()

    def cursor_doc(self) -> dict:
        return self.cursor.find_one({"_id": "cursor"}) or {}

    def report(self, doc: dict) -> dict:
        """What anti-entropy tells the authority about this replica: the authority rotates its epoch when it is
        behind it or holds another change at its seq (its database was restored)."""
        return {"service": self.service, "epoch": doc.get("epoch"), "applied_seq": doc.get("applied_seq", 0),
                "tip": doc.get("tip")}

    def size(self) -> int:
        """Subjects blacklisted here. Counting reads every blacklisted entry (an aggregate on the embedded store:
        a quarter of its CPU under load when five replicas counted on every anti-entropy tick), so a count is reused
        for SIZE_SECONDS after a change."""
        now = time.monotonic()
        if self._size is None or (self._size_unknown and now - self._size_at >= SIZE_SECONDS):
            self._size, self._size_at, self._size_unknown = \
                self.entries.count_documents({"status": "blacklisted"}), now, False
        return self._size

    def history(self, subject_id: str) -> list[dict]:
        """What this replica applied for the subject, oldest first (changes applied before the history moved into
        the entry are still read from the old applied log)."""
        entry = self.entries.find_one({"_id": subject_id}, {"history": 1}) or {}
        older = list(self.applied_log.find({"subject_id": subject_id}, {"_id": 0}).sort("seq", 1))
        kept = {h["seq"]: h for h in older + entry.get("history", [])}
        return [kept[seq] for seq in sorted(kept)]

