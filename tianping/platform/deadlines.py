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
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

import pymongo
from nameko.extensions import DependencyProvider
from pymongo import UpdateOne

from tianping.infra import db, metrics
from tianping.lib import clock
from tianping.lib import config as cfg
from tianping.platform.deadline_schemas import DeadlineOut, SweepOut  # noqa: F401 - readers import them from here

log = logging.getLogger(__name__)

COLLECTION = "deadlines"
OPEN = ("pending", "paused")
MAX_ATTEMPTS = 5
RETRY_SECONDS = 30


def lease_seconds() -> float:
    return float(cfg.env("TIANPING_DEADLINE_LEASE_SECONDS", "60"))


def sweep_seconds() -> float:
    return float(cfg.env("TIANPING_SWEEP_SECONDS", "2"))


class DeadlineBook:
    """The deadlines of one service, over its `deadlines` collection."""

    def __init__(self, collection, service: str, lease: float | None = None):
        self.collection = collection
        self.service = service
        self.lease = lease if lease is not None else lease_seconds()
        self.sweeping = threading.Lock()

    def ensure_indexes(self) -> None:
        self.collection.create_index([("status", 1), ("due_at", 1)])
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

    # -- firing ---------------------------------------------------------------------------------------
    def sweep(self, handler: Callable[[dict], str], batch: int = 500, report: list | None = None,
              before: Callable[[], object] | None = None) -> dict:
        """Fire every due deadline, in batches; returns counts. `handler(deadline)` returns an outcome word (recorded
        on the deadline); raising leaves the deadline to be retried later. Each claim reads the clock when it is made:
        what is due, and its lease, count from that moment. `report`, if given, receives each fired deadline. One
        sweep at a time per process: `before()` runs once the others are done (a test clock moves time there)."""
        with self.sweeping:
            if before is not None:
                before()
            return self._sweep(handler, batch, report)

    def _sweep(self, handler, batch: int, report: list | None) -> dict:
        totals = {"fired": 0, "failed": 0, "retry": 0, "batches": 0}
        metrics.DEADLINES_DUE.labels(self.service).set(
            self.collection.count_documents({"status": "pending", "due_at": {"$lte": clock.now()}}))
        while True:
            claimed = self._claim(batch)
            if not claimed:
                return totals
            totals["batches"] += 1
            for outcome, count in self._fire(claimed, handler, report).items():
                totals[outcome] += count
            if len(claimed) < batch:
                return totals

    def _claim(self, batch: int) -> list[dict]:
        """Claim up to `batch` deadlines due now: one indexed find, one bulk of conditional updates by _id (a deadline
        another sweeper claimed first no longer matches), one indexed find of what this claim won. (No $or and no
        long $in: the embedded store scans the collection for those.) The lease runs from this moment."""
        now = clock.now()
        due = [d["_id"] for d in self.collection.find({"status": "pending", "due_at": {"$lte": now}}, {"_id": 1})
               .sort("due_at", 1).limit(batch)]
        # A claim whose owner died before marking it (its lease ran out) is claimable again.
        expired = [d["_id"] for d in self.collection.find({"status": "firing", "lease_until": {"$lte": now}}, {"_id": 1})
                   .limit(max(0, batch - len(due)))]
        if not due and not expired:
            return []
        token = uuid.uuid4().hex
        claim = {"$set": {"status": "firing", "claim": token, "lease_until": now + timedelta(seconds=self.lease)},
                 "$inc": {"attempts": 1}}
        self.collection.bulk_write(
            [UpdateOne({"_id": key, "status": "pending", "due_at": {"$lte": now}}, claim) for key in due]
            + [UpdateOne({"_id": key, "status": "firing", "lease_until": {"$lte": now}}, claim) for key in expired],
            ordered=False)
        return list(self.collection.find({"claim": token}))

    def _fire(self, claimed: list[dict], handler, report: list | None) -> dict:
        counts = {"fired": 0, "failed": 0, "retry": 0}
        writes = []
        for deadline in claimed:
            try:
                outcome = handler(deadline) or "fired"
            except Exception as exc:  # noqa: BLE001 - one bad deadline must not stop the others
                now = clock.now()
                log.exception("deadline %s failed", deadline["_id"])
                final = deadline.get("attempts", 1) >= MAX_ATTEMPTS
                status = "failed" if final else "pending"
                counts["failed" if final else "retry"] += 1
                writes.append(UpdateOne({"_id": deadline["_id"], "claim": deadline["claim"]}, {
                    "$set": {"status": status, "due_at": now + timedelta(seconds=RETRY_SECONDS),
                             "last_error": f"{type(exc).__name__}: {exc}"[:500]},
                    "$unset": {"claim": "", "lease_until": ""},
                    "$push": {"history": {"event": "error", "at": now, "error": str(exc)[:200]}}}))
                metrics.DEADLINES_FIRED.labels(self.service, deadline["kind"], status).inc()
                continue
            counts["fired"] += 1
            fired_at = clock.now()
            writes.append(UpdateOne({"_id": deadline["_id"], "claim": deadline["claim"]}, {
                "$set": {"status": "fired", "fired_at": fired_at, "outcome": outcome, "closed_at": fired_at},
                "$unset": {"lease_until": ""},
                "$push": {"history": {"event": "fired", "at": fired_at, "outcome": outcome}}}))
            metrics.DEADLINES_FIRED.labels(self.service, deadline["kind"], outcome).inc()
            metrics.DEADLINE_LAG.labels(self.service).observe(
                max(0.0, (fired_at - clock.aware(deadline["due_at"])).total_seconds()))
            if report is not None:
                report.append({"key": deadline["_id"], "subject": deadline["subject"], "kind": deadline["kind"],
                               "rule_id": deadline["rule_id"], "outcome": outcome,
                               "due_at": clock.aware(deadline["due_at"])})
        if writes:
            self.collection.bulk_write(writes, ordered=False)
        return counts


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
