"""Deadlines that enforce themselves: one durable timer engine for every service.

A deadline lives in the owning service's database (`deadlines` collection): its key (one per obligation, e.g.
"as_12:respond"), subject, kind, due_at, the rule that sets it, a payload, and its state. It is never deleted: a
fired, cancelled or failed deadline stays as the record of what the platform did and why (R-XC-04).

    pending --sweep claims--> firing --handler--> fired
       |  ^                      |  (lease ran out: claimable again; handler raised: pending again, later)
     pause resume                +--> failed (after MAX_ATTEMPTS)
       v  |
      paused        pending/paused --cancel--> cancelled

A sweep (each service's timer, any number of instances) finds due deadlines over the (status, due_at) index,
claims a batch with one conditional update_many (a deadline another instance claimed first no longer matches),
runs the handler for each claimed deadline, and marks them fired in one bulk write. Each claim's lease counts from
the moment of that claim (not the sweep's start: a long backlog must not claim with a lease already spent). A claimer
that dies before marking (SIGKILL) leaves its deadlines `firing` until their lease runs out; then they are claimed. So
a handler can run twice for one deadline, but only after a crash: handlers make their effect conditional on the
record's state (a request still `awaiting_merchant`), which makes the effect happen exactly once.

Pausing keeps the time left; resuming restarts the clock from now with that time left (a request waiting on the
buyer does not run the merchant's clock). Time is `tianping.lib.clock.now()`: tests drive it (and test clocks), nothing sleeps.
"""

import logging
import threading
from datetime import datetime, timedelta

import pymongo
from nameko.extensions import DependencyProvider
from pymongo import UpdateOne

from tianping.infra import db
from tianping.lib import clock
from tianping.lib import config as cfg
from tianping.platform.deadline_schemas import DeadlineOut, SweepOut  # noqa: F401 - readers import them from here
from tianping.platform.deadline_sweep import MAX_ATTEMPTS, RETRY_SECONDS, Sweeper  # noqa: F401 - readers' names

log = logging.getLogger(__name__)

COLLECTION = "deadlines"
OPEN = ("pending", "paused")


def lease_seconds() -> float:
    return float(cfg.env("TIANPING_DEADLINE_LEASE_SECONDS", "60"))


def sweep_seconds() -> float:
    return float(cfg.env("TIANPING_SWEEP_SECONDS", "2"))


class DeadlineBook(Sweeper):
    """The deadlines of one service, over its `deadlines` collection."""

    def __init__(self, collection, service: str, lease: float | None = None):
        self.collection = collection
        self.service = service
        self.lease = lease if lease is not None else lease_seconds()
        self.sweeping = threading.Lock()

    def ensure_indexes(self) -> None:
        self.collection.create_index([("status", 1), ("due_at", 1)])
        # the claims whose lease ran out: the embedded store reads no prefix of (status, due_at) for them, it scanned
        self.collection.create_index([("status", 1), ("lease_until", 1)])
        self.collection.create_index([("subject", 1), ("status", 1)])
        self.collection.create_index([("claim", 1)], sparse=True)

    # -- scheduling -----------------------------------------------------------------------------------
    def schedule(self, key: str, subject: str, kind: str, due_at: datetime, rule_id: str,
                 payload: dict | None = None, owner: str = "") -> bool:
        """Set a deadline once: scheduling a key that exists changes nothing (a redelivered command sets no second
        clock). Returns whether this call created it."""
        return self.schedule_many([{"key": key, "subject": subject, "kind": kind, "due_at": due_at,
                                    "rule_id": rule_id, "payload": payload, "owner": owner}]) == 1

    def schedule_many(self, deadlines: list[dict]) -> int:
        """Several deadlines in one round trip (each dict: key, subject, kind, due_at, rule_id[, payload, owner])."""
        now = clock.now()
        writes = [UpdateOne({"_id": d["key"]}, {"$setOnInsert": self._fields(d, now)}, upsert=True) for d in deadlines]
        return self.collection.bulk_write(writes, ordered=False).upserted_count if writes else 0

    def schedule_new(self, deadlines: list[dict], into) -> None:
        """The deadlines of a record written in the same batch (`into`, a tianping.infra.together.Together the caller
        commits), which none can exist for yet: inserted — on the embedded store an upsert costs more than an insert
        — so a key already stored stops the batch there."""
        now = clock.now()
        for d in deadlines:
            into.insert(self.collection, {"_id": d["key"], **self._fields(d, now)}, "deadlines")

    @staticmethod
    def _fields(d: dict, now: datetime) -> dict:
        return {"subject": d["subject"], "kind": d["kind"], "due_at": d["due_at"], "rule_id": d["rule_id"],
                "payload": d.get("payload") or {}, "owner": d.get("owner") or "", "status": "pending", "attempts": 0,
                "created_at": now, "history": [{"event": "scheduled", "at": now, "due_at": d["due_at"]}]}

    def reschedule(self, key: str, due_at: datetime, reason: str) -> bool:
        now = clock.now()
        return self.collection.update_one({"_id": key, "status": "pending"}, {
            "$set": {"due_at": due_at},
            "$push": {"history": {"event": "rescheduled", "at": now, "due_at": due_at, "reason": reason}}},
        ).modified_count == 1

    def cancel(self, key: str, reason: str) -> bool:
        """Cancel a pending or paused deadline (its obligation was met); a fired one stays fired."""
        return self.cancel_many([key], reason) == 1

    def cancel_many(self, keys: list[str], reason: str) -> int:
        if not keys:
            return 0
        now = clock.now()
        return self.collection.update_many({"_id": {"$in": list(keys)}, "status": {"$in": list(OPEN)}}, {
            "$set": {"status": "cancelled", "closed_at": now},
            "$push": {"history": {"event": "cancelled", "at": now, "reason": reason}}}).modified_count

    def cancel_subject(self, subject: str, reason: str, kinds=()) -> int:
        """Cancel every open deadline of `subject` (of `kinds`, if given): its obligations ended with it."""
        now = clock.now()
        query = {"subject": subject, "status": {"$in": list(OPEN)}}
        if kinds:
            query["kind"] = {"$in": list(kinds)}
        return self.collection.update_many(query, {
            "$set": {"status": "cancelled", "closed_at": now},
            "$push": {"history": {"event": "cancelled", "at": now, "reason": reason}}}).modified_count

    def pause(self, key: str, reason: str) -> bool:
        """Stop the clock, keeping the time left."""
        now = clock.now()
        current = self.collection.find_one({"_id": key, "status": "pending"}, {"due_at": 1})
        if current is None:
            return False
        left = max(0.0, (clock.aware(current["due_at"]) - now).total_seconds())
        return self.collection.update_one({"_id": key, "status": "pending", "due_at": current["due_at"]}, {
            "$set": {"status": "paused", "seconds_left": left},
            "$push": {"history": {"event": "paused", "at": now, "reason": reason, "seconds_left": left}}},
        ).modified_count == 1

    def resume(self, key: str, reason: str) -> bool:
        """Restart the clock from now with the time that was left when it paused."""
        now = clock.now()
        current = self.collection.find_one({"_id": key, "status": "paused"}, {"seconds_left": 1})
        if current is None:
            return False
        due_at = now + timedelta(seconds=current.get("seconds_left", 0.0))
        return self.collection.update_one({"_id": key, "status": "paused"}, {
            "$set": {"status": "pending", "due_at": due_at}, "$unset": {"seconds_left": ""},
            "$push": {"history": {"event": "resumed", "at": now, "reason": reason, "due_at": due_at}}},
        ).modified_count == 1

    def get(self, key: str) -> dict | None:
        return self.collection.find_one({"_id": key})

    def of_subject(self, subject: str) -> list[dict]:
        return list(self.collection.find({"subject": subject}).sort("due_at", 1))

    def with_record(self, records, record_id: str) -> tuple[dict | None, list[dict]]:
        """The record of `records` whose `_id` is `record_id` (None if none) and its deadlines (`of_subject`), in one
        round trip when both live in one database: a `$documents` row joined to each by index (the embedded store's
        index-driven join). A read of a request or a case with its clocks was two (issue 30)."""
        if records.database.name != self.collection.database.name:
            return records.find_one({"_id": record_id}), self.of_subject(record_id)
        [row] = db.joined(self.collection.database, [record_id],
                          {"record": (records.name, "_id"), "deadlines": (self.collection.name, "subject")})
        return next(iter(row["record"]), None), sorted(row["deadlines"], key=lambda d: d["due_at"])


class Deadlines(DependencyProvider):
    """Gives workers the service's DeadlineBook (indexes made at container start)."""

    def setup(self):
        collection = db.database(self.container.config, self.container.service_name)[COLLECTION]
        self.book = DeadlineBook(collection, self.container.service_name)
        try:
            self.book.ensure_indexes()
        except pymongo.errors.PyMongoError:  # the store is not up yet: the first sweep's query still works
            log.warning("deadline indexes not created yet", exc_info=True)

    def get_dependency(self, worker_ctx):
        return self.book
