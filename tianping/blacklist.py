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
catches up (anti-entropy). A service reacts to a change in `blacklist_reaction`, which must be idempotent:
it runs before the cursor commits, so a crash in between re-runs it.
"""

import logging
from datetime import UTC, datetime

import eventlet
from marshmallow import EXCLUDE, Schema, fields, validate
from nameko.events import SERVICE_POOL, event_handler
from nameko.extensions import DependencyProvider
from nameko.rpc import rpc
from nameko.timer import timer
from pymongo.errors import DuplicateKeyError

from . import config as cfg
from . import db, envelope, metrics
from .rpc import TimedRpc

log = logging.getLogger(__name__)

AUTHORITY = "reputation"
EVENT_TYPE = "blacklist_changed"
ADD, LIFT = "add", "lift"
REPAIR_BATCH = 500
ANTI_ENTROPY_SECONDS = float(cfg.env("TIANPING_ANTI_ENTROPY_SECONDS", "2"))


class ChangeSchema(Schema):
    """One blacklist change as published by the authority (payload schema version 1)."""

    class Meta:
        unknown = EXCLUDE

    seq = fields.Integer(required=True, validate=validate.Range(min=1))
    subject_id = fields.String(required=True, validate=validate.Length(min=1, max=128))
    subject_type = fields.String(required=True)
    action = fields.String(required=True, validate=validate.OneOf([ADD, LIFT]))
    rule_ids = fields.List(fields.String(), load_default=list)
    reason = fields.String(load_default="")
    identity_keys = fields.List(fields.String(), load_default=list)
    committed_at = fields.DateTime(required=True)


class BatchSchema(Schema):
    changes = fields.List(fields.Nested(ChangeSchema), required=True)


CHANGE_SCHEMA = ChangeSchema()
BATCH_SCHEMA = BatchSchema()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Replica:
    """The replica of one service, over its own pymongo database."""

    def __init__(self, database, service: str, lock):
        self.db = database
        self.service = service
        self.lock = lock
        self.entries = database["blacklist_replica"]
        self.cursor = database["blacklist_cursor"]
        self.applied_log = database["blacklist_applied"]

    def ensure_indexes(self) -> None:
        self.entries.create_index("identity_keys")
        self.entries.create_index([("status", 1), ("since", -1)])
        self.applied_log.create_index("seq", unique=True)
        self.applied_log.create_index([("subject_id", 1), ("seq", 1)])
        self.cursor.update_one({"_id": "cursor"}, {"$setOnInsert": {"applied_seq": 0}}, upsert=True)

    # -- hot path ---------------------------------------------------------------------------------
    def is_blacklisted(self, subject_id: str) -> bool:
        return self.entries.count_documents({"_id": subject_id, "status": "blacklisted"}, limit=1) > 0

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
        return {"service": self.service, "applied_seq": doc.get("applied_seq", 0),
                "last_applied_at": doc.get("updated_at"),
                "size": self.entries.count_documents({"status": "blacklisted"})}

    def history(self, subject_id: str) -> list[dict]:
        return list(self.applied_log.find({"subject_id": subject_id}, {"_id": 0}).sort("seq", 1))

    # -- applying ---------------------------------------------------------------------------------
    def apply(self, changes: list[dict], fetch=None, reaction=None, path: str = "event") -> int:
        """Apply `changes` (loaded ChangeSchema dicts) in order; fill gaps with `fetch(after, limit)`.

        Returns the number of changes this call applied.
        """
        applied = 0
        with self.lock:
            pending = sorted(changes, key=lambda c: c["seq"])
            current = self.applied_seq()
            for change in pending:
                if change["seq"] <= current:
                    continue
                if change["seq"] > current + 1:
                    if fetch is None:
                        break
                    filled = self._fill(current, change["seq"] - 1, fetch, reaction)
                    applied += filled
                    current = self.applied_seq()
                    if change["seq"] != current + 1:
                        log.warning("blacklist gap %s..%s not yet available from the authority; "
                                    "anti-entropy will retry", current + 1, change["seq"] - 1)
                        break
                if self._apply_one(change, reaction, path):
                    applied += 1
                current = self.applied_seq()
            self._record_gauges(current)
        return applied

    def catch_up(self, head: int, fetch, reaction=None) -> int:
        """Anti-entropy: bring the replica up to the authority's `head`."""
        with self.lock:
            current = self.applied_seq()
            metrics.BLACKLIST_AUTHORITY_HEAD.labels(self.service).set(head)
            applied = self._fill(current, head, fetch, reaction) if head > current else 0
            self._record_gauges(self.applied_seq(), head)
        return applied

    def _fill(self, current: int, upto: int, fetch, reaction) -> int:
        applied = 0
        while current < upto:
            batch = fetch(current, min(REPAIR_BATCH, upto - current))
            changes = [CHANGE_SCHEMA.load(c) for c in batch]
            if not changes:
                break
            for change in sorted(changes, key=lambda c: c["seq"]):
                if change["seq"] != current + 1:
                    if change["seq"] <= current:
                        continue
                    return applied
                if self._apply_one(change, reaction, "repair"):
                    applied += 1
                    metrics.BLACKLIST_REPAIRS.labels(self.service).inc()
                current = change["seq"]
        return applied

    def _apply_one(self, change: dict, reaction, path: str) -> bool:
        """Apply one change as a chain of idempotent single-document writes, the cursor last.

        No multi-document transaction on purpose: a service killed mid-transaction would leave the cursor
        locked for the store's transaction lifetime (60 s), stalling its restarted self. Each step below can
        be repeated after a crash, and only the conditional cursor move decides who applied it.
        """
        seq, subject_id = change["seq"], change["subject_id"]
        if reaction is not None:
            reaction(change)
        now = datetime.now(UTC)
        update = {"$set": {
            "status": "blacklisted" if change["action"] == ADD else "lifted",
            "seq": seq, "subject_type": change["subject_type"], "rule_ids": change["rule_ids"],
            "reason": change["reason"], "since": change["committed_at"], "applied_at": now}}
        if change["identity_keys"]:
            update["$addToSet"] = {"identity_keys": {"$each": change["identity_keys"]}}
        try:  # the seq guard keeps a replayed older change from overwriting a newer one
            self.entries.update_one({"_id": subject_id, "seq": {"$not": {"$gte": seq}}}, update, upsert=True)
        except DuplicateKeyError:
            pass  # the entry already holds this or a newer change
        try:
            self.applied_log.insert_one({
                "seq": seq, "subject_id": subject_id, "action": change["action"],
                "committed_at": change["committed_at"], "applied_at": now, "path": path,
                "rule_ids": change["rule_ids"]})
        except DuplicateKeyError:
            pass
        moved = self.cursor.update_one({"_id": "cursor", "applied_seq": seq - 1},
                                       {"$set": {"applied_seq": seq, "updated_at": now}})
        if moved.modified_count == 0:
            return False  # another instance of this service moved the cursor first
        latency = (now - _aware(change["committed_at"])).total_seconds()
        metrics.BLACKLIST_PROPAGATION.labels(self.service).observe(max(latency, 0.0))
        log.info("blacklist change applied", extra={"seq": seq, "subject_id": subject_id,
                                                    "event": change["action"], "service": self.service})
        return True

    def _record_gauges(self, applied: int, head: int | None = None) -> None:
        metrics.BLACKLIST_APPLIED_SEQ.labels(self.service).set(applied)
        metrics.BLACKLIST_SIZE.labels(self.service).set(self.entries.count_documents({"status": "blacklisted"}))
        if head is not None:
            metrics.BLACKLIST_LAG.labels(self.service).set(max(head - applied, 0))


class BlacklistReplica(DependencyProvider):
    """Gives the worker this service's Replica (one per service process; one lock orders its appliers)."""

    def setup(self):
        service = self.container.service_name
        database = db.database(self.container.config, service)
        self.replica = Replica(database, service, eventlet.semaphore.Semaphore())
        self.replica.ensure_indexes()

    def get_dependency(self, worker_ctx):
        return self.replica


class BlacklistEnforcing:
    """Mixin for every service: keeps the replica in step and reports on it.

    Subclasses override `blacklist_reaction(change)` with their own idempotent reaction.
    """

    blacklist = BlacklistReplica()
    authority_rpc = TimedRpc()

    def blacklist_reaction(self, change: dict) -> None:
        """Service-specific reaction to one change; must be idempotent."""

    def _fetch_from_authority(self, after: int, limit: int) -> list[dict]:
        return self.authority_rpc.call(AUTHORITY, "blacklist_changes", after, limit)

    def _authority_head(self) -> int:
        return self.authority_rpc.call(AUTHORITY, "blacklist_head", timeout=2)["head"]

    @event_handler(AUTHORITY, EVENT_TYPE, handler_type=SERVICE_POOL, reliable_delivery=True)
    def on_blacklist_changed(self, message):
        body = envelope.unwrap(message)
        changes = BATCH_SCHEMA.load(body["payload"])["changes"]
        self.blacklist.apply(changes, fetch=self._fetch_from_authority, reaction=self.blacklist_reaction)

    @timer(interval=ANTI_ENTROPY_SECONDS, eager=True)
    def blacklist_anti_entropy(self):
        try:
            head = self._authority_head()
        except Exception as exc:  # noqa: BLE001 - authority down: next tick retries
            log.debug("anti-entropy skipped: %s", exc)
            return
        repaired = self.blacklist.catch_up(head, self._fetch_from_authority, self.blacklist_reaction)
        if repaired:
            log.warning("anti-entropy applied %d missed blacklist changes", repaired)

    @rpc
    def blacklist_status(self):
        status = self.blacklist.status()
        if status["last_applied_at"] is not None:
            status["last_applied_at"] = status["last_applied_at"].isoformat()
        return status

    @rpc
    def blacklist_entry(self, subject_id):
        entry = self.blacklist.entry(subject_id)
        history = self.blacklist.history(subject_id)
        for item in history:
            for key in ("committed_at", "applied_at"):
                item[key] = _aware(item[key]).isoformat()
        if entry:
            entry = {"status": entry["status"], "seq": entry["seq"], "since": _aware(entry["since"]).isoformat(),
                     "applied_at": _aware(entry["applied_at"]).isoformat(), "rule_ids": entry.get("rule_ids", [])}
        return {"service": self.name, "entry": entry, "history": history}
