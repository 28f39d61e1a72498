"""The blacklist authority: gap-free sequence numbers, each change committed with its outbox record.

Sequence allocation, the change log insert and the current-state upsert happen in one transaction on the
counter document, so concurrent writers serialise on it (MongoDB write conflicts) and commit order equals
sequence order: a consumer that sees seq N can always fetch every seq below N.
"""

import random
import uuid
from datetime import UTC, datetime

import eventlet
import eventlet.semaphore
from pymongo.errors import OperationFailure

from tianping.errors import Conflict

from . import rules


class Authority:
    def __init__(self, database, lock=None):
        self.db = database
        # Writers in one process take turns (no self-inflicted write conflicts); instances on other machines
        # still serialise on the counter document and retry with jittered backoff.
        self.lock = lock or eventlet.semaphore.Semaphore()
        self.changes = database["blacklist_changes"]
        self.entries = database["blacklist_entries"]
        self.counters = database["counters"]

    def record(self, subject_id: str, subject_type: str, action: str, rule_ids, reason: str,
               identity_keys=(), actor: str = "", caused_by: str = "", correlation_id: str | None = None) -> dict:
        for attempt in range(50):
            try:
                with self.lock:
                    return self._record_once(subject_id, subject_type, action, list(rule_ids), reason,
                                             list(identity_keys), actor, caused_by, correlation_id)
            except OperationFailure as exc:
                if exc.has_error_label("TransientTransactionError") and attempt < 49:
                    eventlet.sleep(random.uniform(0.001, 0.004) * min(attempt + 1, 10))
                    continue
                raise
        raise AssertionError("unreachable")

    def _record_once(self, subject_id, subject_type, action, rule_ids, reason, identity_keys, actor,
                     caused_by, correlation_id) -> dict:
        client = self.db.client
        with client.start_session() as session, session.start_transaction():
            counter = self.counters.find_one_and_update(
                {"_id": "blacklist_seq"}, {"$inc": {"value": 1}, "$setOnInsert": {"epoch": uuid.uuid4().hex}},
                upsert=True, return_document=True,
                session=session)
            current = self.entries.find_one({"_id": subject_id}, session=session)
            problem = rules.blacklist_transition(current and current.get("status"), action)
            if problem:
                session.abort_transaction()
                raise Conflict(problem, {"subject_id": [problem]})
            now = datetime.now(UTC)
            change = {
                "seq": counter["value"], "subject_id": subject_id,
                "subject_type": subject_type or (current or {}).get("subject_type", "merchant"),
                "action": action, "rule_ids": rule_ids, "reason": reason, "identity_keys": identity_keys,
                "actor": actor, "caused_by": caused_by, "committed_at": now, "published": False,
                "epoch": counter["epoch"],
                "correlation_id": correlation_id,
            }
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

    def entry(self, subject_id: str) -> dict | None:
        return self.entries.find_one({"_id": subject_id})

    def history(self, subject_id: str) -> list[dict]:
        return list(self.changes.find({"subject_id": subject_id}, {"_id": 0}).sort("seq", 1))

    def page(self, status: str | None, subject_type: str | None, after_seq: int | None, limit: int) -> list[dict]:
        query = {}
        if status:
            query["status"] = status
        if subject_type:
            query["subject_type"] = subject_type
        if after_seq:
            query["seq"] = {"$lt": after_seq}
        return list(self.entries.find(query).sort("seq", -1).limit(limit))
