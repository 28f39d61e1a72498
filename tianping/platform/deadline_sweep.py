"""Firing due deadlines (the sweep of tianping.platform.deadlines' DeadlineBook): claim a batch with a lease, run the
handler for each, mark them fired, or pending again later, or failed after MAX_ATTEMPTS, in one bulk write."""

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from pymongo import UpdateOne

from tianping.infra import metrics
from tianping.lib import clock

log = logging.getLogger("tianping.platform.deadlines")

MAX_ATTEMPTS = 5
RETRY_SECONDS = 30


class Sweeper:
    """The firing half of a DeadlineBook (its `collection`, `service`, `lease` and `sweeping` lock)."""

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
