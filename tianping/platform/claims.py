"""Claim a key once: the one mechanism behind the gateway's Idempotency-Key and the services' commands.

The first caller inserts the key (unique `_id`) as running, with a lease, and later completes it with its outcome
or releases it on failure. A later caller with the same key gets the completed outcome back, waits while the first
is still running, or takes the claim over when its lease ran out — its owner died, or could not release it because
the store was down — so a key is never stuck.

Claims and completions of one process go out grouped (tianping.infra.groupcommit): whatever waits while one insert
or update is with the store goes in the next one, so a busy store is asked once for many keys. Every write of the
platform pays one claim and one completion at the gateway (and a command's in its service): two of the six to nine
statements of each write route (bench.trips), and the store spends about as long on an insert of twenty documents as
on two inserts of one.
"""

import time
from datetime import timedelta

import eventlet
from pymongo import UpdateOne
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

from tianping.infra.groupcommit import GroupCommitter
from tianping.lib import clock

POLL_SECONDS = 0.05
MAX_BATCH = 50


class FingerprintMismatch(Exception):
    """The same key was claimed for a different request."""


class StillRunning(Exception):
    """The first claimant is still running after the caller's wait."""


class ClaimLedger:
    def __init__(self, collection, lease_seconds: float, wait_seconds: float, keep_days: float):
        self.collection = collection
        self.lease = timedelta(seconds=lease_seconds)
        self.wait_seconds = wait_seconds
        collection.create_index("at", expireAfterSeconds=int(keep_days * 86400))
        self._inserts = GroupCommitter(self._insert_batch, MAX_BATCH)
        self._completions = GroupCommitter(self._update_batch, MAX_BATCH)

    def claim(self, key: str, fingerprint: str | None = None) -> dict | None:
        """None: the caller owns `key` now and must complete or release it. Else the completed record."""
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                self._inserts.submit({"_id": key, "state": "running", "fingerprint": fingerprint,
                                      "at": clock.now(), "lease_until": clock.now() + self.lease})
                return None
            except DuplicateKeyError:
                doc = self.collection.find_one({"_id": key})
            if doc is None:  # released between our insert and our read: try again
                continue
            if fingerprint is not None and doc.get("fingerprint") != fingerprint:
                raise FingerprintMismatch(key)
            if doc["state"] == "done":
                return doc
            if clock.aware(doc["lease_until"]) < clock.now() and self.collection.update_one(
                    {"_id": key, "state": "running", "lease_until": doc["lease_until"]},
                    {"$set": {"lease_until": clock.now() + self.lease}}).modified_count:
                return None  # the owner is gone: this caller finishes the job
            if time.monotonic() > deadline:
                raise StillRunning(key)
            eventlet.sleep(POLL_SECONDS)

    def complete(self, key: str, **outcome) -> None:
        self._completions.submit(({"_id": key}, {"$set": {"state": "done", "done_at": clock.now(), **outcome}}))

    def release(self, key: str) -> None:
        self.collection.delete_one({"_id": key, "state": "running"})

    def _insert_batch(self, docs: list[dict]) -> list:
        """One insert for the batch; each document's answer: None, or its own error (a key taken: DuplicateKeyError)."""
        if len(docs) == 1:
            try:
                self.collection.insert_one(docs[0])
                return [None]
            except DuplicateKeyError as exc:
                return [exc]
        try:
            self.collection.insert_many(docs, ordered=False)
            return [None] * len(docs)
        except BulkWriteError as exc:
            return _answers(exc, len(docs))

    def _update_batch(self, updates: list[tuple[dict, dict]]) -> list:
        if len(updates) == 1:
            self.collection.update_one(*updates[0])
            return [None]
        try:
            self.collection.bulk_write([UpdateOne(where, change) for where, change in updates], ordered=False)
            return [None] * len(updates)
        except BulkWriteError as exc:
            return _answers(exc, len(updates))


def _answers(exc: BulkWriteError, count: int) -> list:
    """Each statement's answer from an unordered batch that failed in part (the others were written)."""
    failed = {error["index"]: error for error in exc.details.get("writeErrors", [])}
    if exc.details.get("writeConcernErrors") or not failed:
        return [exc] * count
    kinds = {11000: DuplicateKeyError}
    return [kinds.get(failed[i].get("code"), OperationFailure)(failed[i].get("errmsg", ""), failed[i].get("code"))
            if i in failed else None for i in range(count)]
