"""What a replica does when its authority's log was restored under it (issue 29): it finds out which of the changes
it had applied the restored log no longer holds, and reports them — a CRITICAL log, a metric and its status (so the
propagation view shows them) — instead of forgetting them silently when it rebuilds.

While a replica rebuilds from the authority's new epoch, every change it fetches that matches one it had applied
(same seq, subject, action and commit time) is struck from the candidates; what is left once the rebuild reaches the
head is lost. The candidates live in memory: a replica restarted mid-rebuild reports nothing for that rebuild (its
CRITICAL log of the rebuild itself remains), which the runbook covers.
"""

import logging
from datetime import datetime

from pymongo.errors import BulkWriteError

from tianping.infra import metrics
from tianping.lib import clock

log = logging.getLogger(__name__)
LOST = "blacklist_lost"
SHOWN = 100  # lost changes listed in a replica's status


def fingerprint(subject_id, action, committed_at) -> tuple:
    """What identifies one change of a log besides its seq (the store keeps milliseconds)."""
    if isinstance(committed_at, str):
        committed_at = datetime.fromisoformat(committed_at)
    moment = clock.aware(committed_at)
    return subject_id, action, moment.replace(microsecond=moment.microsecond // 1000 * 1000).isoformat()


def of(change: dict) -> tuple:
    return fingerprint(change["subject_id"], change["action"], change["committed_at"])


def tip_of(change: dict) -> dict:
    """The last applied change as the cursor keeps it (and a replica reports it, JSON-ready)."""
    moment = change["committed_at"]
    return {"seq": change["seq"], "subject_id": change["subject_id"], "action": change["action"],
            "committed_at": moment.isoformat() if isinstance(moment, datetime) else moment}


class LostTracker:
    """The changes of the followed epoch a rebuilding replica has not yet found again in the new log."""

    def __init__(self, database, service: str):
        self.collection = database[LOST]
        self.service = service
        self.pending: dict[int, dict] | None = None
        self.old_epoch: str | None = None

    def begin(self, entries, applied_log, epoch: str | None) -> None:
        """Before the replica drops its state: remember every change it applied under `epoch`."""
        items = [h for entry in entries.find({}, {"history": 1}) for h in entry.get("history", [])]
        items += list(applied_log.find({"epoch": epoch}, {"_id": 0}))
        self.pending = {h["seq"]: h for h in items if h.get("epoch") == epoch}
        self.old_epoch = epoch

    def watching(self, fetch):
        """`fetch` that strikes each fetched change of the new log matching what was applied at its seq."""
        if self.pending is None or fetch is None:
            return fetch

        def fetch_and_match(after, limit):
            fetched = fetch(after, limit)
            for change in fetched:
                held = self.pending.get(change["seq"])
                if held is not None and of(held) == of(change):
                    del self.pending[change["seq"]]
            return fetched

        return fetch_and_match

    def settle(self, current: int, head: int) -> int:
        """Once the rebuild reached the head: record what is left as lost; returns how many."""
        if self.pending is None or current < head:
            return 0
        lost, self.pending = sorted(self.pending.values(), key=lambda h: h["seq"]), None
        if not lost:
            return 0
        now = clock.now()
        docs = [{"_id": f"{self.old_epoch}:{h['seq']}", "service": self.service, "epoch": self.old_epoch,
                 "seq": h["seq"], "subject_id": h["subject_id"], "action": h["action"],
                 "committed_at": h["committed_at"], "rule_ids": h.get("rule_ids", []), "detected_at": now}
                for h in lost]
        try:
            recorded = len(self.collection.insert_many(docs, ordered=False).inserted_ids)
        except BulkWriteError as exc:  # another instance of this service recorded some first
            recorded = exc.details.get("nInserted", 0)
        metrics.BLACKLIST_LOST.labels(self.service).inc(recorded)
        log.critical("blacklist changes LOST by the authority's restore (applied here under epoch %s, not in the "
                     "restored log): %s — re-issue them (docs/operations.md, 'Restoring reputation')",
                     self.old_epoch, ", ".join(f"{h['action']} {h['subject_id']} (seq {h['seq']})" for h in lost[:50]))
        return len(lost)

    def recorded(self) -> list[dict]:
        return list(self.collection.find({}, {"_id": 0}).sort("detected_at", -1).limit(SHOWN))

    def count(self) -> int:
        return self.collection.count_documents({})
