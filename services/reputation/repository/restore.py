"""Keeping the blacklist log safe across a database restore (issue 29).

A restored reputation database takes the authority back in time while every replica keeps what it applied. Under
the same epoch, the sequence numbers the authority hands out next are ones the replicas already applied — they
would be ignored as duplicates and never enforced. So:
  - a replica reports its cursor (epoch, applied seq, and the change it applied last) with each anti-entropy tick;
    when the authority is behind it, or holds another change at that seq, the log was restored: the authority
    starts a new epoch, and every replica rebuilds from the authority's log and reports what the restore lost;
  - a counter behind the log's last seq (a backup taken from a live database, non-atomically) is raised to it at
    start and whenever a commit meets a duplicate seq, so commits never fail forever;
  - the outbox mark is never left above the log (the store pass would skip what was committed after the restore).
"""

import logging
import uuid

from tianping.infra import metrics
from tianping.lib import clock
from tianping.platform.blacklist_restore import fingerprint

log = logging.getLogger(__name__)
COUNTER = "blacklist_seq"


def last_seq(changes) -> int:
    last = changes.find_one({}, {"seq": 1}, sort=[("seq", -1)])
    return last["seq"] if last else 0


def repair_counter(counters, changes, marks=None) -> int:
    """Raise a counter left behind its log; returns the log's last seq. Clamp an outbox mark above the log."""
    top = last_seq(changes)
    raised = counters.update_one({"_id": COUNTER, "value": {"$lt": top}}, {"$max": {"value": top}})
    if raised.modified_count:
        log.critical("blacklist counter was behind its log (a backup taken from a live database?): raised to %s", top)
    if marks is not None:
        marks.update_one({"_id": changes.name, "seq": {"$gt": top}}, {"$set": {"seq": top}})
    held = changes.estimated_document_count()
    if held < top:
        log.critical("the blacklist log holds %s changes for seqs 1..%s: the restored backup has holes; replicas "
                     "stop at the first one (take backups with mongodump --oplog, see docs/operations.md)", held, top)
    return top


def diverged(counter: dict, changes, report: dict | None) -> str | None:
    """Why a replica's report shows the authority's log restored under it (None when it does not)."""
    if not report or not counter or report.get("epoch") != counter.get("epoch"):
        return None
    applied = int(report.get("applied_seq") or 0)
    if applied > counter.get("value", 0):
        return f"{report.get('service')} applied seq {applied}, the authority's head is {counter.get('value', 0)}"
    tip = report.get("tip")
    if applied and tip:
        held = changes.find_one({"seq": applied}, {"subject_id": 1, "action": 1, "committed_at": 1})
        if held is None or fingerprint(held["subject_id"], held["action"], held["committed_at"]) != \
                fingerprint(tip["subject_id"], tip["action"], tip["committed_at"]):
            return f"{report.get('service')} applied another change at seq {applied}"
    return None


def rotate_epoch(counters, old_epoch: str, reason: str) -> str | None:
    """Start a new epoch, conditionally on the old one (two reports rotate once). The log keeps its changes: the
    new epoch names the restored log, and replicas rebuild from its seq 1."""
    new = uuid.uuid4().hex
    moved = counters.update_one({"_id": COUNTER, "epoch": old_epoch}, {
        "$set": {"epoch": new},
        "$push": {"epochs": {"epoch": old_epoch, "ended_at": clock.now(), "reason": reason}}})
    if not moved.modified_count:
        return None
    metrics.BLACKLIST_EPOCH_ROTATIONS.labels("restore_detected").inc()
    log.critical("blacklist authority restored under its replicas (%s): log epoch %s -> %s; every replica rebuilds "
                 "and reports what the restore lost", reason, old_epoch, new)
    return new
