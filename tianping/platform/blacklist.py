"""Each service's own durable replica of the platform blacklist, and the entrypoints that keep it in step.

Reputation is the authority: every change (add / lift) has a gap-free sequence number. Each service keeps
a replica in its own database and checks it on its hot path with one indexed read — never an RPC per
check. Changes arrive as `reputation.blacklist_changed` events (batches, in an envelope) and are applied
idempotently and strictly in sequence order:
  - seq <= applied  -> duplicate, ignored;
  - seq >  applied+1 -> gap: the missing range is fetched from the authority first (a repair);
  - every write is idempotent and the cursor moves last with a conditional update, so two instances of
    one service never both count a change, and a crash mid-change is finished by the redelivery.
A timer (eager, so it also runs at start-up) compares the applied sequence with the authority's head and
catches up (anti-entropy). A service reacts in `blacklist_reaction(changes)` — a gap-free run, so one bulk write
can serve many changes — which must be idempotent: it runs before the cursor moves, so a crash re-runs it.
"""

import logging
import time

import eventlet
from marshmallow import EXCLUDE, Schema, validate
from nameko.extensions import DependencyProvider
from nameko.timer import timer

from tianping.infra import bulk, db, metrics, probes, roundtrips
from tianping.infra.groupcommit import GroupCommitter
from tianping.infra.rpc import TimedRpc, rpc
from tianping.lib import clock, envelope, fields
from tianping.lib import config as cfg
from tianping.platform import blacklist_restore, sanctions
from tianping.platform.contracts import durable_event_handler
from tianping.platform.sanction_views import SanctionEnforcing

log = logging.getLogger(__name__)

AUTHORITY = "reputation"
EVENT_TYPE = "blacklist_changed"
ADD, LIFT = "add", "lift"
REPAIR_BATCH = 500
SIZE_SECONDS = 30.0  # a replica's size (a metric and a status field) is recounted at most this often
ANTI_ENTROPY_SECONDS = float(cfg.env("TIANPING_ANTI_ENTROPY_SECONDS", "2"))


class ChangeSchema(Schema):
    """One blacklist change as published by the authority (payload schema version 1)."""

    class Meta:
        unknown = EXCLUDE

    seq = fields.Integer(required=True, validate=validate.Range(min=1))
    subject_id = fields.String(required=True, validate=validate.Length(min=1, max=128))
    subject_type = fields.String(required=True)
    action = fields.String(required=True, validate=validate.OneOf([ADD, LIFT, sanctions.SANCTION]))
    sanction = fields.Nested(sanctions.SanctionSchema, load_default=None, allow_none=True)  # action "sanction"
    rule_ids = fields.List(fields.String(), load_default=list)
    reason = fields.String(load_default="")
    identity_keys = fields.List(fields.String(), load_default=list)
    committed_at = fields.DateTime(required=True)
    epoch = fields.String(load_default=None, allow_none=True)  # which authority log the seq belongs to


class BatchSchema(Schema):
    changes = fields.List(fields.Nested(ChangeSchema), required=True)


class RoundTripsOut(Schema):
    """Store round trips a kind of work spent in this process since it started, and the changes it handled."""
    store_round_trips = fields.Integer()
    changes = fields.Integer()
    round_trips_per_change = fields.Float(allow_none=True)


class ReplicaStatusOut(Schema):
    service = fields.String()
    applied_seq = fields.Integer()
    epoch = fields.String(allow_none=True)
    last_applied_at = fields.DateTime(allow_none=True)
    size = fields.Integer()
    lost_in_restore = fields.Integer()  # changes applied here that a restore of the authority's database lost
    lost = fields.List(fields.Dict())   # the latest of them (seq, epoch, subject_id, action, committed_at, rule_ids)
    round_trips = fields.Nested(RoundTripsOut)  # of applying changes to the replica, reactions included
    round_trips_by_work = fields.Dict(keys=fields.String(), values=fields.Integer())  # every command of the service


class ReplicaEntryOut(Schema):
    status = fields.String()
    seq = fields.Integer()
    since = fields.DateTime()
    applied_at = fields.DateTime()
    rule_ids = fields.List(fields.String())


class AppliedOut(Schema):
    seq = fields.Integer()
    epoch = fields.String(allow_none=True)
    subject_id = fields.String()
    action = fields.String()
    committed_at = fields.DateTime()
    applied_at = fields.DateTime()
    path = fields.String()
    rule_ids = fields.List(fields.String())
    level = fields.String()  # a sanction change: the level it set, and its end
    until = fields.DateTime(allow_none=True)


class ReplicaViewOut(Schema):
    service = fields.String()
    entry = fields.Nested(ReplicaEntryOut, allow_none=True)
    history = fields.List(fields.Nested(AppliedOut))


CHANGE_SCHEMA = ChangeSchema()
BATCH_SCHEMA = BatchSchema()
REPLICA_STATUS = ReplicaStatusOut()
REPLICA_ENTRY = ReplicaViewOut()



class Replica:
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
        self._cursor: tuple[int, str | None] | None = None
        self._tip: dict | None = None  # the change the cursor last moved to (to notice a log changed under us)
        self.diverged = False          # a delivery differed from what was applied at its seq: check the authority now
        self.restores = blacklist_restore.LostTracker(database, service)
        self._group = GroupCommitter(self._apply_together, max_batch=50)
        self.checked_at: float | None = None     # monotonic time of the last comparison with the authority
        self.behind_since: float | None = None   # since when the replica has been behind the head it saw

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

    @staticmethod
    def _same_log(changes: list[dict], epoch: str | None) -> list[dict]:
        """Only changes of the authority log this replica follows. Sequence numbers of another log (a restored
        or replaced authority database, a stray publisher on the same broker) must never be taken as ours."""
        return [c for c in changes if c.get("epoch") == epoch]

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

    # -- applying ---------------------------------------------------------------------------------
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
            run = _contiguous(sorted(pending.values(), key=lambda c: c["seq"]), current)
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

    def catch_up(self, head: int, fetch, reaction=None, epoch: str | None = None, cursor: dict | None = None) -> int:
        """Anti-entropy: bring the replica up to the authority's `head` in the authority's log `epoch`.

        A replica that follows no log yet adopts the authority's. One that follows a different log (the
        authority's database was restored or replaced) rebuilds its state from the authority's log from seq 1;
        reactions already taken are not undone, the rebuild is logged at CRITICAL for an operator, and the changes
        it had applied that the new log does not hold are reported as lost (blacklist_restore). `cursor` is the
        cursor document the caller already read for its report.
        """
        with roundtrips.doing(roundtrips.REPLICA_WORK), self.lock:
            self._cursor = None  # compared with the authority: read the cursor itself
            current, followed = self._cursor_state(cursor)
            self.diverged = False
            if epoch is not None and followed != epoch:
                current = self._follow(epoch, followed, current, head)
            applied = 0
            if head > current:
                applied, current = self._repair(current, head, self.restores.watching(fetch), reaction)
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
            run = _contiguous(sorted(fetched, key=lambda c: c["seq"]), current)
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
        def state(change):
            return {"status": "blacklisted" if change["action"] == ADD else "lifted", "seq": change["seq"],
                    "subject_type": change["subject_type"], "rule_ids": change["rule_ids"], "reason": change["reason"],
                    "since": change["committed_at"], "applied_at": now}

        latest, applied, merged = {}, {}, {}
        for change in run:  # one entry write per subject: its last change in the run wins, all of them in its history
            keys = latest.get(change["subject_id"], {}).get("identity_keys", [])
            latest[change["subject_id"]] = dict(change, identity_keys=keys + change["identity_keys"])
            # a blacklist change sets the status, a sanction change the sanction: one subject's run sets both
            merged.setdefault(change["subject_id"], {}).update(
                sanctions.replica_fields(change, now) if change["action"] == sanctions.SANCTION else state(change))
            applied.setdefault(change["subject_id"], []).append({
                "seq": change["seq"], "epoch": change.get("epoch"), "subject_id": change["subject_id"],
                "action": change["action"], "committed_at": change["committed_at"], "applied_at": now, "path": path,
                "rule_ids": change["rule_ids"], **sanctions.history_fields(change)})

        def insert(subject_id, change):
            return {"_id": subject_id, **merged[subject_id], "identity_keys": sorted(set(change["identity_keys"])),
                    "history": applied[subject_id]}

        def update(subject_id, change):
            body = {"$set": merged[subject_id], "$push": {"history": {"$each": applied[subject_id]}}}
            if change["identity_keys"]:
                body["$addToSet"] = {"identity_keys": {"$each": change["identity_keys"]}}
            # a replayed older change never overwrites a newer one, nor is it pushed into the history twice
            return {"seq": {"$lt": change["seq"]}}, body

        # the state and the history of what this replica applied live in one document per subject: one insert_many
        # for new subjects — a separate applied log cost another document per change on every replica
        bulk.upsert_each(self.entries, latest, insert, update)
        tip = blacklist_restore.tip_of(run[-1])
        moved = self.cursor.update_one({"_id": "cursor", "applied_seq": run[0]["seq"] - 1},
                                       {"$set": {"applied_seq": run[-1]["seq"], "updated_at": now, "tip": tip}})
        if moved.modified_count == 0:
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


def _contiguous(changes: list[dict], after: int) -> list[dict]:
    """The prefix of sorted `changes` that continues `after` with no gap (duplicates skipped)."""
    run = []
    for change in changes:
        expected = (run[-1]["seq"] if run else after) + 1
        if change["seq"] < expected:
            continue
        if change["seq"] > expected:
            break
        run.append(change)
    return run


class BlacklistReplica(DependencyProvider):
    """Gives the worker this service's Replica (one per service process; one lock orders its appliers)."""

    def setup(self):
        service = self.container.service_name
        database = db.database(self.container.config, service)
        self.replica = Replica(database, service, eventlet.semaphore.Semaphore())
        self.replica.ensure_indexes()

    def get_dependency(self, worker_ctx):
        return self.replica


def replica_readiness(container) -> str:
    """/readyz's "replica" check: the replica has compared itself with the authority and is not behind it for
    longer than TIANPING_READY_REPLICA_SECONDS."""
    for provider in container.extensions:
        if isinstance(provider, BlacklistReplica):
            replica = getattr(provider, "replica", None)
            if replica is None or replica.checked_at is None:
                return "blacklist replica not yet compared with the authority"
            if replica.behind_since is not None and \
                    time.monotonic() - replica.behind_since > probes.replica_bound_seconds():
                return f"blacklist replica behind the authority for over {probes.replica_bound_seconds():g}s"
    return "ok"


probes.register_check("replica", replica_readiness)


class BlacklistEnforcing(SanctionEnforcing):
    """Mixin for every service: keeps the replica in step and reports on it.

    Subclasses override `blacklist_reaction(changes)` with their own idempotent reaction to a run of changes.
    """

    blacklist = BlacklistReplica()
    authority_rpc = TimedRpc()

    def blacklist_reaction(self, changes: list[dict]) -> None:
        """Service-specific reaction to a gap-free run of changes, in order; must be idempotent."""

    def sanction_reaction(self, changes: list[dict]) -> None:
        """Service-specific reaction to the sanction changes of a run (tianping.platform.sanctions); must be idempotent."""

    def replica_reaction(self, changes: list[dict]) -> None:
        blacklisted, sanctioned = sanctions.split(changes)
        if blacklisted:
            self.blacklist_reaction(blacklisted)
        if sanctioned:
            self.sanction_reaction(sanctioned)

    def _fetch_from_authority(self, after: int, limit: int) -> list[dict]:
        return self.authority_rpc.call(AUTHORITY, "blacklist_changes", after, limit)

    def _authority_head(self, report: dict | None = None) -> dict:
        return self.authority_rpc.call(AUTHORITY, "blacklist_head", report, timeout=2)

    @durable_event_handler(AUTHORITY, EVENT_TYPE)
    def on_blacklist_changed(self, message):
        body = envelope.unwrap(message)
        # every change of a real authority names its log; anything else is not ours to apply
        changes = [c for c in BATCH_SCHEMA.load(body["payload"])["changes"] if c.get("epoch")]
        self.blacklist.apply(changes, fetch=self._fetch_from_authority, reaction=self.replica_reaction)
        if self.blacklist.diverged:  # the authority's log changed under this replica: compare with it now
            self.blacklist_anti_entropy()

    @timer(interval=ANTI_ENTROPY_SECONDS, eager=True)
    def blacklist_anti_entropy(self):
        cursor = self.blacklist.cursor_doc()
        try:  # the report lets the authority notice a restore of its database (replica ahead of it)
            head = self._authority_head(self.blacklist.report(cursor))
        except Exception as exc:  # noqa: BLE001 - authority down: next tick retries
            log.debug("anti-entropy skipped: %s", exc)
            return
        repaired = self.blacklist.catch_up(head["head"], self._fetch_from_authority, self.replica_reaction,
                                           epoch=head.get("epoch"), cursor=cursor)
        if repaired:
            log.warning("anti-entropy applied %d missed blacklist changes", repaired)

    @rpc
    def blacklist_status(self):
        """This service's replica: applied sequence, last applied time, size."""
        return REPLICA_STATUS.dump({**self.blacklist.status(),
                                    "round_trips": roundtrips.per_change(self.name, roundtrips.REPLICA_WORK),
                                    "round_trips_by_work": roundtrips.by_work(self.name)})

    @rpc
    def blacklist_entry(self, subject_id):
        """This service's replica entry for a subject and the changes it applied (seq, committed_at, applied_at, path)."""
        return REPLICA_ENTRY.dump({"service": self.name, "entry": self.blacklist.entry(subject_id),
                                   "history": self.blacklist.history(subject_id)})
