"""How a service's blacklist replica (tianping.platform.blacklist_replica) follows the authority's log.

Changes are applied idempotently and strictly in sequence order:
  - seq <= applied  -> duplicate, ignored;
  - seq >  applied+1 -> gap: the missing range is fetched from the authority first (a repair);
  - every write is idempotent and the cursor moves last with a conditional update, so two instances of
    one service never both count a change, and a crash mid-change is finished by the redelivery.
Anti-entropy compares the applied sequence with the authority's head and catches up (`catch_up`), rebuilding the
replica when the authority's log itself changed (a restored database: tianping.platform.blacklist_restore).
A reaction to a gap-free run runs before the cursor moves, so a crash re-runs it: it must be idempotent.
"""

import logging
import time
from typing import Any

from tianping.infra import bulk, metrics, roundtrips
from tianping.infra.groupcommit import GroupCommitter
from tianping.lib import clock
from tianping.platform import blacklist_restore, blacklist_runs
from tianping.platform.blacklist_schemas import CHANGE_SCHEMA

log = logging.getLogger(__name__)

REPAIR_BATCH = 500


class Following:
    """The Replica's half that writes: applying delivered runs, repairing gaps, catching up with the authority.

    The Replica provides its collections (`entries`, `cursor`, `applied_log`), `service`, `lock`, `restores`,
    `cursor_doc()` and `size()`, and calls `_start_following()` when it is made."""

    service: str
    lock: Any
    entries: Any
    cursor: Any
    applied_log: Any
    restores: blacklist_restore.LostTracker
    _size_unknown: bool

    def _start_following(self) -> None:
        self._cursor: tuple[int, str | None] | None = None
        self._tip: dict | None = None  # the change the cursor last moved to (to notice a log changed under us)
        self.diverged = False          # a delivery differed from what was applied at its seq: check the authority now
        self._group = GroupCommitter(self._apply_together, max_batch=50)
        self.checked_at: float | None = None     # monotonic time of the last comparison with the authority
        self.behind_since: float | None = None   # since when the replica has been behind the head it saw
        self._head_seen: tuple[str | None, int] | None = None  # (epoch, head) at anti-entropy's last comparison

    @staticmethod
    def _same_log(changes: list[dict], epoch: str | None) -> list[dict]:
        """Only changes of the authority log this replica follows. Sequence numbers of another log (a restored
        or replaced authority database, a stray publisher on the same broker) must never be taken as ours."""
        return [c for c in changes if c.get("epoch") == epoch]

    def apply(self, changes: list[dict], fetch=None, reaction=None, path: str = "event") -> int:
        """Apply `changes` (loaded ChangeSchema dicts) in sequence order, filling any gap below them with
        `fetch(after, limit)` from the authority. Returns how many changes were applied with them.

        Deliveries that arrive while a run is being applied wait and are then applied together, as one run: under
        load a replica spends its handful of writes on many changes (group commit), alone it applies at once."""
        return self._group.submit((changes, fetch, reaction, path))

    def _apply_together(self, deliveries: list[tuple]) -> list[int]:
        changes = [c for delivered, *_ in deliveries for c in delivered]
        fetch = next((f for _, f, _, _ in deliveries if f is not None), None)
        reaction = next((r for _, _, r, _ in deliveries if r is not None), None)
        with roundtrips.doing(roundtrips.REPLICA_WORK), self.lock:
            applied = self._apply_locked(changes, fetch, reaction, deliveries[0][3])
        return [applied] * len(deliveries)

    def _apply_locked(self, changes: list[dict], fetch, reaction, path: str) -> int:
        applied = 0
        current, epoch = self._cursor_state()
        kept = self._same_log(changes, epoch)
        if len(kept) < len(changes):
            log.warning("ignored %d blacklist changes of another authority log (this replica follows %s)",
                        len(changes) - len(kept), epoch)
        self._notice_divergence(kept, current)
        pending = {c["seq"]: c for c in kept if c["seq"] > current}
        while pending:
            first = min(pending)
            if first > current + 1:  # a gap: repair it from the authority first
                if fetch is None:
                    break
                repaired, current = self._repair(current, first - 1, fetch, reaction)
                applied += repaired
                if current < first - 1:
                    log.warning("blacklist gap %s..%s not yet available from the authority; "
                                "anti-entropy will retry", current + 1, first - 1)
                    break
                continue
            run = blacklist_runs.contiguous(sorted(pending.values(), key=lambda c: c["seq"]), current)
            done = self._apply_run(run, reaction, path)
            applied += done
            for change in run:
                pending.pop(change["seq"])
            current = run[-1]["seq"] if done == len(run) else self._cursor_state()[0]
            pending = {seq: c for seq, c in pending.items() if seq > current}
        metrics.BLACKLIST_APPLIED_SEQ.labels(self.service).set(current)
        return applied

    def _notice_divergence(self, kept: list[dict], current: int) -> None:
        """seq `current` delivered again as another change: the authority's log was restored under this replica."""
        tip = self._tip
        again = next((c for c in kept if c["seq"] == current), None)
        if again is not None and tip and tip.get("seq") == current and \
                blacklist_restore.of(again) != blacklist_restore.of(tip):
            log.error("blacklist seq %s delivered as another change than the one applied: checking the authority",
                      current)
            self.diverged = True

    def _cursor_state(self, doc: dict | None = None) -> tuple[int, str | None]:
        """The applied seq and followed epoch, as this process last moved or read them. Another instance moving the
        cursor meanwhile makes the next conditional move fail, which forgets this (and the caller reads again)."""
        if self._cursor is None:
            doc = doc if doc is not None else self.cursor_doc()
            self._cursor, self._tip = (doc.get("applied_seq", 0), doc.get("epoch")), doc.get("tip")
        return self._cursor

    def _cursor_state_again(self, doc: dict | None) -> tuple[int, str | None]:
        """The cursor as stored, for a comparison with the authority: `doc` as the caller read it, unless it is behind
        what this process has moved the cursor to since — anti-entropy reads it before asking the authority, and runs
        applied while that RPC waited moved it on. Taken as it was, the next delivery looked like a gap: a fetch from
        the authority (an RPC behind its busy workers, under this replica's lock), the run applied again and refused
        by the cursor, the cursor read again — every two seconds in every replica, the tail of propagation at
        100 changes/s (issue 30)."""
        known = self._cursor
        if doc is not None and known is not None and doc.get("epoch") == known[1] and \
                doc.get("applied_seq", 0) < known[0]:
            doc = None  # stale: read it again
        self._cursor = None
        return self._cursor_state(doc)

    def overdue(self, head: int, epoch: str | None) -> int:
        """How far anti-entropy repairs now: the head its previous comparison saw in the same log (those changes had a
        whole interval to arrive as events), `head` at the first comparison or in another log. Changes committed
        since are most likely in flight; fetching them repaired nothing, and the fetch is an RPC that queues behind
        the authority's busy workers while this replica's lock waits for it — under 20 sanctions/s, seconds of lag
        for every delivery behind it."""
        previous, self._head_seen = self._head_seen, (epoch, head)
        return head if previous is None or previous[0] != epoch else min(head, previous[1])

    def catch_up(self, head: int, fetch, reaction=None, epoch: str | None = None, cursor: dict | None = None,
                 upto: int | None = None) -> int:
        """Anti-entropy: bring the replica up to the authority's `head` in the authority's log `epoch`.

        A replica that follows no log yet adopts the authority's. One that follows a different log (the
        authority's database was restored or replaced) rebuilds its state from the authority's log from seq 1;
        reactions already taken are not undone, the rebuild is logged at CRITICAL for an operator, and the changes
        it had applied that the new log does not hold are reported as lost (blacklist_restore). `cursor` is the
        cursor document the caller already read for its report. `upto`: repair only that far (`overdue`); the
        replica is still measured against `head`.
        """
        with roundtrips.doing(roundtrips.REPLICA_WORK), self.lock:
            current, followed = self._cursor_state_again(cursor)
            self.diverged = False
            if epoch is not None and followed != epoch:
                current = self._follow(epoch, followed, current, head)
            applied, target = 0, head if upto is None else min(head, upto)
            if target > current:
                applied, current = self._repair(current, target, self.restores.watching(fetch), reaction)
            self.restores.settle(current, head)
            metrics.BLACKLIST_AUTHORITY_HEAD.labels(self.service).set(head)
            metrics.BLACKLIST_APPLIED_SEQ.labels(self.service).set(current)
            metrics.BLACKLIST_LAG.labels(self.service).set(max(head - current, 0))
            self.checked_at = time.monotonic()
            self.behind_since = (self.behind_since or self.checked_at) if head > current else None
            if self._size_unknown:
                metrics.BLACKLIST_SIZE.labels(self.service).set(self.size())
        return applied

    def _follow(self, epoch: str, followed: str | None, current: int, head: int) -> int:
        """Start following the authority's log `epoch`: from where it is when this replica followed none, else a
        rebuild from seq 1 (the changes applied under `followed` are kept aside to find which the restore lost)."""
        if followed is not None or current > 0:
            log.critical("blacklist authority log changed (%s at seq %s -> %s at head %s): rebuilding "
                         "the replica from the authority", followed, current, epoch, head)
            self.restores.begin(self.entries, self.applied_log, followed)
            self.entries.delete_many({})  # derived state; what it held is in the tracker until the rebuild settles
            current = 0
        self.cursor.update_one({"_id": "cursor"}, {"$set": {"applied_seq": current, "epoch": epoch},
                                                   "$unset": {"tip": ""}}, upsert=True)
        self._cursor, self._tip = (current, epoch), None
        return current

    def _repair(self, current: int, upto: int, fetch, reaction) -> tuple[int, int]:
        applied = 0
        epoch = self._cursor_state()[1]
        while current < upto:
            fetched = self._same_log([CHANGE_SCHEMA.load(c) for c in fetch(current, min(REPAIR_BATCH, upto - current))],
                                     epoch)
            run = blacklist_runs.contiguous(sorted(fetched, key=lambda c: c["seq"]), current)
            if not run:
                break
            count = self._apply_run(run, reaction, "repair")
            metrics.BLACKLIST_REPAIRS.labels(self.service).inc(count)
            applied += count
            current = run[-1]["seq"] if count == len(run) else self._cursor_state()[0]
        return applied, current

    def _apply_run(self, run: list[dict], reaction, path: str) -> int:
        """Apply a gap-free run of changes with a handful of idempotent writes, the cursor moved last.

        No multi-document transaction on purpose: a service killed mid-transaction would leave the cursor
        locked for the store's transaction lifetime (60 s), stalling its restarted self. Every write below
        can be repeated after a crash; only the conditional cursor move decides who applied the run.
        """
        if reaction is not None:
            reaction(run)  # idempotent by contract; before the cursor so a crash re-runs it
        now = clock.now()
        # the state and the history of what this replica applied live in one document per subject, and the cursor
        # moves in the same ordered bulkWrite after them: new subjects and the move, one round trip (was two)
        tip = blacklist_restore.tip_of(run[-1])
        moved = bulk.upsert_each_then(self.entries, *blacklist_runs.entry_writes(run, now, path), (
            self.cursor, {"_id": "cursor", "applied_seq": run[0]["seq"] - 1},
            {"$set": {"applied_seq": run[-1]["seq"], "updated_at": now, "tip": tip}}))
        if not moved:
            self._cursor = None
            return 0  # another instance of this service moved the cursor first
        self._cursor, self._tip = (run[-1]["seq"], run[-1].get("epoch")), tip  # a run holds only the followed log
        roundtrips.handled(self.service, roundtrips.REPLICA_WORK, len(run))
        self._size_unknown = True
        for change in run:
            latency = (now - clock.aware(change["committed_at"])).total_seconds()
            metrics.BLACKLIST_PROPAGATION.labels(self.service).observe(max(latency, 0.0))
        log.info("blacklist changes applied", extra={"seq": run[-1]["seq"], "service": self.service,
                                                     "event": f"{len(run)} changes via {path}"})
        return len(run)

