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
from bson import Binary, ObjectId
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

from tianping.infra import metrics, roundtrips
from tianping.infra.groupcommit import GroupCommitter
from tianping.lib import clock
from tianping.lib.errors import Conflict, ServiceUnavailable
from tianping.platform.outbox import MARKS

from .. import rules
from . import restore, sanction_log

log = logging.getLogger(__name__)
COMMIT_RETRY_SECONDS = 3.0   # then 503: the caller retries with its key
HEARTBEAT_SECONDS = 1.0
DEAD_AFTER_SECONDS = 5.0     # a writer silent this long is dead: its transaction is aborted, its locks freed


MAX_BATCH = 200


class Authority:
    def __init__(self, database, audit=None):
        self.db = database
        self.audit = audit  # tianping.platform.audit.AuditLog: each batch's decisions appended in one insert after commit
        self.on_commit = None  # (changes in seq order) -> None: the outbox relay's hand-off
        # One writer per process at a time, committing whole batches (group commit); instances on other machines
        # serialise on the counter document, which every commit writes, and retry with jittered backoff.
        self._group = GroupCommitter(self._commit_with_retries, MAX_BATCH)
        self.changes = database["blacklist_changes"]
        self.entries = database["blacklist_entries"]
        self.counters = database["counters"]
        self.decisions = database["decisions"]
        # A writer killed mid-commit leaves its transaction, and its lock on the counter, to the store's
        # transaction lifetime (60 s on mongod and the embedded store). Each process therefore commits through one
        # session it announces with a heartbeat; the others abort a silent writer's session (killSessions).
        self.writers = database["authority_writers"]
        self.instance = uuid.uuid4().hex
        self._session = None
        self._last_reap = 0.0
        self.batches = 0  # transactions committed by this process, and the changes in them
        self.committed = 0
        self.largest_batch = 0

    def record(self, subject_id: str, subject_type: str, action: str, rule_ids, reason: str,
               identity_keys=(), actor: str = "", caused_by: str = "", correlation_id: str | None = None,
               request_key: str | None = None, decision: dict | None = None, sanction: dict | None = None) -> dict:
        """Commit one change and return it with its sequence number. `request_key` names the request that asked
        for it: a redelivered request whose change is already committed gets that change back, not a conflict.
        `decision` ({kind, outcome, policy_version}) is the decision record committed in the same transaction
        (and audited right after), so a blacklisting is never committed without the decision that took it.

        Group commit: the caller that finds no commit under way becomes the writer and commits whatever is waiting
        (up to MAX_BATCH) in one transaction; the others wait for their own answer."""
        return self._group.submit({
            "subject_id": subject_id, "subject_type": subject_type, "action": action, "rule_ids": list(rule_ids),
            "reason": reason, "identity_keys": list(identity_keys), "actor": actor, "caused_by": caused_by,
            "correlation_id": correlation_id, "request_key": request_key, "decision": decision,
            "sanction": sanction})

    def _commit_with_retries(self, batch: list[dict]) -> list:
        give_up = time.monotonic() + COMMIT_RETRY_SECONDS
        attempt = 0
        with roundtrips.doing(roundtrips.AUTHORITY_WORK):
            while True:
                try:
                    answers, decided = self._commit_batch(batch)
                    break
                except (BulkWriteError, DuplicateKeyError) as exc:  # a counter restored behind its log
                    if time.monotonic() > give_up or not _duplicate_seq(exc):
                        raise
                    restore.repair_counter(self.counters, self.changes, self.db[MARKS])
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
            new = sum(1 for a in answers if isinstance(a, dict) and not a.get("replayed"))
            metrics.BLACKLIST_COMMIT_BATCH.observe(new)
            if new:
                self.batches, self.committed = self.batches + 1, self.committed + new
                self.largest_batch = max(self.largest_batch, new)
                roundtrips.handled("reputation", roundtrips.AUTHORITY_WORK, new)
            if new and self.on_commit is not None:
                self.on_commit(sorted((a for a in answers if isinstance(a, dict) and not a.get("replayed")),
                                      key=lambda change: change["seq"]))
            if decided and self.audit is not None:
                self.audit.append_many([self.audit_draft(d) for d in decided])
        return answers

    def audit_draft(self, decision: dict) -> dict:
        """The audit entry of a decision committed with a change (keyed: a resumed request appends it once)."""
        return self.audit.draft(decision["actor"], f"{decision['kind']}_{decision['outcome']}",
                                f"decision:{decision['_id']}", subject=decision["subject_id"],
                                rule_ids=decision["rule_ids"], versions={"points_policy": decision["policy_version"]},
                                after=decision["outcome"], request_id=decision["request_id"],
                                key=f"decision:{decision['_id']}",
                                detail={"reason": decision["reason"], "evidence": decision["evidence"],
                                        "caused_by": decision["caused_by"]})

    def commit_stats(self) -> dict:
        trips = roundtrips.per_change("reputation", roundtrips.AUTHORITY_WORK)
        return {"transactions": self.batches, "changes": self.committed, "largest_batch": self.largest_batch,
                "mean_batch": round(self.committed / self.batches, 2) if self.batches else None,
                "store_round_trips": trips["store_round_trips"], "round_trips_per_change": trips["round_trips_per_change"]}

    def decision_of(self, seq: int) -> dict | None:
        """The decision committed with change `seq` (to re-audit it when a request is resumed)."""
        return self.decisions.find_one({"key": f"change:{seq}"})

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

    def _commit_batch(self, batch: list[dict]) -> tuple[list, list[dict]]:
        """One transaction for a whole batch: the entries read once, the counter moved once by the number of valid
        changes, the changes inserted with one insert_many, the entries written with one bulk_write. Changes are
        checked in arrival order against the state the earlier ones in the batch leave (add then lift is fine; a
        second add of one subject is a conflict)."""
        session = self.session()
        with session.start_transaction():
            keys = [f["request_key"] for f in batch if f["request_key"]]
            committed = {c["request_key"]: c for c in self.changes.find(
                {"request_key": {"$in": keys}}, {"_id": 0}, session=session)} if keys else {}
            subjects = list({c["subject_id"] for c in batch})
            status = {e["_id"]: e for e in self.entries.find({"_id": {"$in": subjects}}, session=session)}
            answers, valid, first_of_key = [], [], {}
            for fields in batch:
                key = fields["request_key"]
                if key in committed:  # a redelivered request: its change, never a second one
                    answers.append(dict(committed[key], replayed=True))
                    continue
                if key in first_of_key:  # the same request twice in one batch: answered with the first's change
                    answers.append(("same-as", first_of_key[key]))
                    continue
                current = status.get(fields["subject_id"])
                problem = rules.blacklist_transition(current and current.get("status"), fields["action"])
                if problem:
                    answers.append(Conflict(problem, {"subject_id": [problem]}))
                    continue
                if not sanction_log.is_sanction(fields):  # a sanction leaves the blacklist status as it is
                    status[fields["subject_id"]] = {"status": "blacklisted" if fields["action"] == "add" else "lifted",
                                                    "subject_type": (current or {}).get("subject_type")}
                if key:
                    first_of_key[key] = len(valid)
                answers.append(("new", len(valid)))
                valid.append(fields)
            if not valid:
                session.abort_transaction()
                return self._answers(answers, []), []
            counter = self.counters.find_one_and_update(
                {"_id": "blacklist_seq"}, {"$inc": {"value": len(valid)}, "$setOnInsert": {"epoch": uuid.uuid4().hex}},
                upsert=True, return_document=True, session=session)
            now, first_seq = clock.now(), counter["value"] - len(valid) + 1
            changes = [self._change(fields, first_seq + n, counter["epoch"], now) for n, fields in enumerate(valid)]
            self.changes.insert_many(changes, session=session)
            entry_writes, sanction_writes = sanction_log.state_writes(changes, now)
            if entry_writes:
                self.entries.bulk_write(entry_writes, ordered=True, session=session)
            if sanction_writes:
                self.db[sanction_log.COLLECTION].bulk_write(sanction_writes, ordered=True, session=session)
            decided = [self._decision(fields, change, now) for fields, change in zip(valid, changes, strict=True)
                       if fields["decision"]]
            if decided:
                self.decisions.insert_many([{k: v for k, v in d.items() if k != "request_id"} for d in decided],
                                           session=session)
        return self._answers(answers, changes), decided

    @staticmethod
    def _answers(answers: list, changes: list[dict]) -> list:
        return [changes[a[1]] if isinstance(a, tuple) and a[0] == "new"
                else dict(changes[a[1]], replayed=True) if isinstance(a, tuple) else a for a in answers]

    @staticmethod
    def _decision(fields: dict, change: dict, now) -> dict:
        decision = fields["decision"]
        return {"_id": ObjectId(), "subject_id": change["subject_id"], "kind": decision["kind"],
                "outcome": decision["outcome"], "rule_ids": change["rule_ids"],
                "policy_version": decision["policy_version"], "reason": change["reason"],
                "evidence": list(decision.get("evidence", ())), "caused_by": f"seq:{change['seq']}",
                "actor": change["actor"], "key": f"change:{change['seq']}", "at": now,
                "request_id": fields["request_key"] or fields["correlation_id"]}

    @staticmethod
    def _change(fields: dict, seq: int, epoch: str, now) -> dict:
        change = {"seq": seq, "subject_id": fields["subject_id"], "subject_type": fields["subject_type"] or "merchant",
                  "action": fields["action"], "rule_ids": fields["rule_ids"], "reason": fields["reason"],
                  "identity_keys": fields["identity_keys"], "actor": fields["actor"], "caused_by": fields["caused_by"],
                  "committed_at": now, "epoch": epoch, "correlation_id": fields["correlation_id"]}
        if fields["request_key"]:
            change["request_key"] = fields["request_key"]
        if fields.get("sanction"):
            change["sanction"] = fields["sanction"]
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
        restore.repair_counter(self.counters, self.changes, self.db[MARKS])

    def head(self, report: dict | None = None) -> dict:
        """The head and epoch of the log. `report` is a replica's cursor (restore.diverged): a replica ahead of the
        authority, or holding another change at its seq, means the database was restored — the epoch rotates."""
        doc = self.counters.find_one({"_id": "blacklist_seq"}) or {}
        reason = restore.diverged(doc, self.changes, report)
        if reason and restore.rotate_epoch(self.counters, doc["epoch"], reason):
            doc = self.counters.find_one({"_id": "blacklist_seq"}) or {}
        return {"head": doc.get("value", 0), "epoch": doc.get("epoch")}

    def changes_after(self, after: int, limit: int) -> list[dict]:
        """Changes of the log after `after`, named with its current epoch (a restored log's changes keep the epoch
        they were committed under in the store, for the audit; replicas follow the log as it is now)."""
        epoch = (self.counters.find_one({"_id": "blacklist_seq"}, {"epoch": 1}) or {}).get("epoch")
        found = list(self.changes.find({"seq": {"$gt": after}}, {"_id": 0}).sort("seq", 1).limit(limit))
        return [dict(change, epoch=epoch) for change in found]

    def change_caused_by(self, cause: str) -> dict | None:
        return self.changes.find_one({"caused_by": cause, "action": {"$ne": "sanction"}}, {"seq": 1})

    def entry(self, subject_id: str) -> dict | None:
        return self.entries.find_one({"_id": subject_id})

    def history(self, subject_id: str) -> list[dict]:
        return list(self.changes.find({"subject_id": subject_id, "action": {"$ne": "sanction"}},
                                      {"_id": 0}).sort("seq", 1))

    def sanction_entry(self, subject_id: str) -> dict | None:
        return sanction_log.entry(self.db, subject_id)

    def sanction_history(self, subject_id: str) -> list[dict]:
        return sanction_log.history(self.db, subject_id)


def _duplicate_seq(exc) -> bool:
    errors = exc.details.get("writeErrors", []) if isinstance(exc, BulkWriteError) else [exc.details or {}]
    return any(e.get("code") == 11000 and "seq" in (e.get("keyPattern") or {"seq": 1}) for e in errors)
