"""Claim a key once: the one mechanism behind the gateway's Idempotency-Key and the services' commands.

The first caller inserts the key (unique `_id`) as running, with a lease, and later completes it with its outcome
or releases it on failure. A later caller with the same key gets the completed outcome back, waits while the first
is still running, or takes the claim over when its lease ran out — its owner died, or could not release it because
the store was down — so a key is never stuck.
"""

import time
from datetime import timedelta

import eventlet
from pymongo.errors import DuplicateKeyError

from tianping.lib import clock

POLL_SECONDS = 0.05


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

    def claim(self, key: str, fingerprint: str | None = None) -> dict | None:
        """None: the caller owns `key` now and must complete or release it. Else the completed record."""
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                self.collection.insert_one({"_id": key, "state": "running", "fingerprint": fingerprint,
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
        self.collection.update_one({"_id": key}, {"$set": {"state": "done", "done_at": clock.now(), **outcome}})

    def release(self, key: str) -> None:
        self.collection.delete_one({"_id": key, "state": "running"})
