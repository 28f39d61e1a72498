"""The blacklist authority: gap-free sequence numbers, each change committed with its outbox record.

Sequence allocation, the change log insert and the current-state upsert happen in one transaction on the
counter document, so concurrent writers serialise on it (MongoDB write conflicts) and commit order equals
sequence order: a consumer that sees seq N can always fetch every seq below N.
"""

import logging
import random
import time
import uuid
from datetime import timedelta

import eventlet
import eventlet.semaphore
from bson import Binary
from nameko.extensions import DependencyProvider
from pymongo.errors import OperationFailure

from tianping import clock, db
from tianping.errors import Conflict, ServiceUnavailable

from .. import rules

log = logging.getLogger(__name__)
COMMIT_RETRY_SECONDS = 3.0   # then 503: the caller retries with its key
HEARTBEAT_SECONDS = 1.0
DEAD_AFTER_SECONDS = 5.0     # a writer silent this long is dead: its transaction is aborted, its locks freed


class Authority:
    def __init__(self, database, lock=None):
        self.db = database
        # Writers in one process take turns (no self-inflicted write conflicts); instances on other machines
        # still serialise on the counter document and retry with jittered backoff.
        self.lock = lock or eventlet.semaphore.Semaphore()
        self.changes = database["blacklist_changes"]
        self.entries = database["blacklist_entries"]
        self.counters = database["counters"]
        # A writer killed mid-commit leaves its transaction, and its lock on the counter, to the store's
        # transaction lifetime (60 s on mongod and the embedded store). Each process therefore commits through one
        # session it announces with a heartbeat; the others abort a silent writer's session (killSessions).
        self.writers = database["authority_writers"]
        self.instance = uuid.uuid4().hex
        self._session = None
        self._last_reap = 0.0

    def record(self, subject_id: str, subject_type: str, action: str, rule_ids, reason: str,
               identity_keys=(), actor: str = "", caused_by: str = "", correlation_id: str | None = None,
               request_key: str | None = None) -> dict:
        """Commit one change. `request_key` names the request that asked for it: a redelivered request whose
        change is already committed gets that change back instead of a conflict."""
        give_up = time.monotonic() + COMMIT_RETRY_SECONDS
        attempt = 0
        while True:
            try:
                with self.lock:
                    return self._record_once(subject_id, subject_type, action, list(rule_ids), reason,
                                             list(identity_keys), actor, caused_by, correlation_id, request_key)
            except OperationFailure as exc:
                if not exc.has_error_label("TransientTransactionError"):
                    raise
                if time.monotonic() > give_up:
                    raise ServiceUnavailable("the blacklist authority is busy; retry with the same key",
                                             {"retry": ["write conflict"]}) from exc
                attempt += 1
                if attempt >= 5:  # persistent conflicts: perhaps a dead writer holds the lock
                    self.reap_dead_writers()
                eventlet.sleep(random.uniform(0.001, 0.004) * min(attempt, 10))

    # -- writers' sessions ------------------------------------------------------------------------
    def session(self):
        if self._session is None or self._session.has_ended:
            self._session = self.db.client.start_session()
            self.writers.replace_one({"_id": self.instance},
                                     {"lsid": self._session.session_id, "beat_at": clock.now()}, upsert=True)
        return self._session

    def heartbeat(self) -> None:
        if self._session is not None:
            self.writers.update_one({"_id": self.instance}, {"$set": {"beat_at": clock.now()}})
        if time.monotonic() - self._last_reap > DEAD_AFTER_SECONDS:
            self.reap_dead_writers()

    def reap_dead_writers(self) -> int:
        """Abort the transactions of writers that stopped beating; returns how many were reaped."""
        self._last_reap = time.monotonic()
        silent = clock.now() - timedelta(seconds=DEAD_AFTER_SECONDS)
        dead = list(self.writers.find({"beat_at": {"$lt": silent}, "_id": {"$ne": self.instance}}))
        if not dead:
            return 0
        # stored ids come back as uuid.UUID; the command is encoded with the default codec, which wants Binary
        lsids = [{"id": Binary.from_uuid(d["lsid"]["id"]) if isinstance(d["lsid"]["id"], uuid.UUID)
                  else d["lsid"]["id"]} for d in dead]
        self.db.client.admin.command("killSessions", lsids)
        self.writers.delete_many({"_id": {"$in": [d["_id"] for d in dead]}})
        log.warning("aborted the open transactions of %d dead blacklist writer(s)", len(dead))
        return len(dead)

    def _record_once(self, subject_id, subject_type, action, rule_ids, reason, identity_keys, actor,
                     caused_by, correlation_id, request_key) -> dict:
        session = self.session()
        with session.start_transaction():
            counter = self.counters.find_one_and_update(
                {"_id": "blacklist_seq"}, {"$inc": {"value": 1}, "$setOnInsert": {"epoch": uuid.uuid4().hex}},
                upsert=True, return_document=True,
                session=session)
            current = self.entries.find_one({"_id": subject_id}, session=session)
            problem = rules.blacklist_transition(current and current.get("status"), action)
            if problem:
                session.abort_transaction()
                earlier = request_key and self.changes.find_one({"request_key": request_key}, {"_id": 0})
                if earlier:  # this very request committed before (a redelivery after a crash or reconnect)
                    return dict(earlier, replayed=True)
                raise Conflict(problem, {"subject_id": [problem]})
            now = clock.now()
            change = {
                "seq": counter["value"], "subject_id": subject_id,
                "subject_type": subject_type or (current or {}).get("subject_type", "merchant"),
                "action": action, "rule_ids": rule_ids, "reason": reason, "identity_keys": identity_keys,
                "actor": actor, "caused_by": caused_by, "committed_at": now, "published": False,
                "epoch": counter["epoch"],
                "correlation_id": correlation_id,
            }
            if request_key:
                change["request_key"] = request_key
            self.changes.insert_one(change, session=session)
            self.entries.update_one({"_id": subject_id}, {"$set": {
                "status": "blacklisted" if action == "add" else "lifted", "seq": change["seq"],
                "since": now, "rule_ids": rule_ids, "reason": reason,
                "subject_type": change["subject_type"]}}, upsert=True, session=session)
        return change

    def ensure_log(self) -> None:
        """Create the counter with this log's epoch (a random id) before the first change, so replicas can tell
        this authority's sequence numbers from those of any other (a restored or replaced database)."""
        self.counters.update_one({"_id": "blacklist_seq"},
                                 {"$setOnInsert": {"value": 0, "epoch": uuid.uuid4().hex}}, upsert=True)
        # a log written before epochs existed gets one, stamped on its changes too
        self.counters.update_one({"_id": "blacklist_seq", "epoch": {"$exists": False}},
                                 {"$set": {"epoch": uuid.uuid4().hex}})
        epoch = self.counters.find_one({"_id": "blacklist_seq"})["epoch"]
        self.changes.update_many({"epoch": {"$exists": False}}, {"$set": {"epoch": epoch}})

    def head(self) -> dict:
        doc = self.counters.find_one({"_id": "blacklist_seq"}) or {}
        return {"head": doc.get("value", 0), "epoch": doc.get("epoch")}

    def changes_after(self, after: int, limit: int) -> list[dict]:
        return list(self.changes.find({"seq": {"$gt": after}}, {"_id": 0}).sort("seq", 1).limit(limit))

    def change_caused_by(self, cause: str) -> dict | None:
        return self.changes.find_one({"caused_by": cause}, {"seq": 1})

    def entry(self, subject_id: str) -> dict | None:
        return self.entries.find_one({"_id": subject_id})

    def history(self, subject_id: str) -> list[dict]:
        return list(self.changes.find({"subject_id": subject_id}, {"_id": 0}).sort("seq", 1))



class AuthorityProvider(DependencyProvider):
    """One Authority — and so one writer lock and one announced session — per reputation process."""

    def setup(self):
        self.authority = Authority(db.database(self.container.config, self.container.service_name))
        self.authority.ensure_log()

    def start(self):
        self.container.spawn_managed_thread(self._beat, identifier="authority-heartbeat")

    def _beat(self):
        while True:
            try:
                self.authority.heartbeat()
            except Exception:  # noqa: BLE001 - store briefly away: the next beat retries
                log.warning("authority heartbeat failed", exc_info=True)
            eventlet.sleep(HEARTBEAT_SECONDS)

    def get_dependency(self, worker_ctx):
        return self.authority
