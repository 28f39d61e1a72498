"""The blacklist authority: gap-free sequence numbers, each change committed with its outbox record.

Sequence allocation, the change log insert and the current-state upsert happen in one transaction on the
counter document, so concurrent writers serialise on it (MongoDB write conflicts) and commit order equals
sequence order: a consumer that sees seq N can always fetch every seq below N.
"""

import random
import time
import uuid

import eventlet
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

from tianping.infra import metrics, roundtrips
from tianping.infra.groupcommit import GroupCommitter
from tianping.lib.errors import ServiceUnavailable
from tianping.platform.outbox import MARKS

from . import restore, sanction_log
from .commit import commit_batch
from .writers import Writers

COMMIT_RETRY_SECONDS = 3.0   # then 503: the caller retries with its key
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
        self.writers = Writers(database)  # one announced session per process; a dead writer's locks are freed
        self.batches = 0  # transactions committed by this process, and the changes in them
        self.committed = 0
        self.largest_batch = 0

    def record(self, subject_id: str, subject_type: str, action: str, rule_ids, reason: str,
               identity_keys=(), actor: str = "", caused_by: str = "", correlation_id: str | None = None,
               request_key: str | None = None, decision: dict | None = None, sanction: dict | None = None,
               replaces: int | None = None) -> dict:
        """Commit one change and return it with its sequence number. `request_key` names the request that asked
        for it: a redelivered request whose change is already committed gets that change back, not a conflict.
        `decision` ({kind, outcome, policy_version}) is the decision record committed in the same transaction
        (and audited right after), so a blacklisting is never committed without the decision that took it.
        `replaces` (a sanction's change): committed only while the subject's sanction in force is still that change's
        seq, in the same transaction; otherwise a Conflict (a later change replaced it).

        Group commit: the caller that finds no commit under way becomes the writer and commits whatever is waiting
        (up to MAX_BATCH) in one transaction; the others wait for their own answer. A caller whose change carries a
        decision is answered once the decision is in the audit log too — appended beside the next transaction, not
        before it (`_committed`)."""
        change, audited = self._group.submit({
            "subject_id": subject_id, "subject_type": subject_type, "action": action, "rule_ids": list(rule_ids),
            "reason": reason, "identity_keys": list(identity_keys), "actor": actor, "caused_by": caused_by,
            "correlation_id": correlation_id, "request_key": request_key, "decision": decision,
            "sanction": sanction, "replaces": replaces})
        if audited is not None:
            audited.wait()  # raises what the append raised: the caller retries with its key (a replay re-audits)
        return change

    def _commit_with_retries(self, batch: list[dict]) -> list:
        give_up = time.monotonic() + COMMIT_RETRY_SECONDS
        attempt, read_keys = 0, False
        with roundtrips.doing(roundtrips.AUTHORITY_WORK):
            while True:
                try:
                    answers, decided = commit_batch(self, self.writers.session(), batch, read_keys)
                    break
                except (BulkWriteError, DuplicateKeyError) as exc:
                    if _duplicate(exc, "request_key") and not read_keys:  # a redelivered request: answer its change
                        read_keys = True
                        continue
                    if time.monotonic() > give_up or not _duplicate(exc, "seq"):
                        raise
                    restore.repair_counter(self.counters, self.changes, self.db[MARKS])  # a counter restored behind its log
                except OperationFailure as exc:
                    if not exc.has_error_label("TransientTransactionError"):
                        raise
                    if time.monotonic() > give_up:
                        raise ServiceUnavailable("the blacklist authority is busy; retry with the same key",
                                                 {"retry": ["write conflict"]}) from exc
                    attempt += 1
                    if attempt >= 5:  # persistent conflicts: perhaps a dead writer holds the lock
                        self.writers.reap_dead()
                    eventlet.sleep(random.uniform(0.001, 0.004) * min(attempt, 10))
            audited = self._committed(answers, decided)
        seqs = {d["caused_by"] for d in decided}
        return [a if isinstance(a, BaseException) else (a, audited if f"seq:{a['seq']}" in seqs else None)
                for a in answers]

    def _committed(self, answers: list, decided: list[dict]):
        """After a batch's commit: count it, hand its new changes to the outbox relay, and start the append of its
        decisions to the audit log (the greenthread doing it; None: nothing to audit). The writer does not wait for
        that append: the next batch's transaction goes to the store beside it (it was one audit insert, ~10-20 ms on
        a busy store, between every two transactions at 100 changes/s — issue 30); the callers wait for it."""
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
            return eventlet.spawn(self._audit, [self.audit_draft(d) for d in decided])
        return None

    def _audit(self, drafts: list[dict]) -> list[dict]:
        with roundtrips.doing(roundtrips.AUTHORITY_WORK):  # counted as the authority's, as when the writer appended
            return self.audit.append_many(drafts)

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
        # equality on the indexed field alone (the embedded store scans the whole log for `field: x, action: $ne`)
        return next((c for c in self.changes.find({"caused_by": cause}, {"seq": 1, "action": 1})
                     if c.get("action") != "sanction"), None)

    def entry(self, subject_id: str) -> dict | None:
        return self.entries.find_one({"_id": subject_id})

    def history(self, subject_id: str) -> list[dict]:
        """The subject's blacklist changes, oldest first: a range of the (subject_id, seq) index, sanctions left out
        here (a filter on `action` beside it makes the embedded store scan the whole log)."""
        return [c for c in self.changes.find({"subject_id": subject_id}, {"_id": 0}).sort("seq", 1)
                if c.get("action") != "sanction"]

    def entry_and_history(self, subject_id: str) -> tuple[dict | None, list[dict]]:
        """The subject's entry and its blacklist changes in one read: the entry is what its last change wrote
        (commit.state_writes: status, seq, since = committed_at, rules, reason, type). A subject without changes in
        the log (none, or an entry older than its log) is read from the entries."""
        history = self.history(subject_id)
        if not history:
            return self.entry(subject_id), history
        last = history[-1]
        return {"_id": subject_id, "status": "blacklisted" if last["action"] == "add" else "lifted",
                "seq": last["seq"], "since": last["committed_at"], "rule_ids": last["rule_ids"],
                "reason": last["reason"], "subject_type": last["subject_type"]}, history

    def sanction_entry(self, subject_id: str) -> dict | None:
        return sanction_log.entry(self.db, subject_id)

    def sanction_history(self, subject_id: str) -> list[dict]:
        return sanction_log.history(self.db, subject_id)


def _duplicate(exc, key: str) -> bool:
    """A duplicate key on the log's `key` index (a store that names no key pattern: taken as `seq`)."""
    errors = exc.details.get("writeErrors", []) if isinstance(exc, BulkWriteError) else [exc.details or {}]
    return any(e.get("code") == 11000 and key in (e.get("keyPattern") or {"seq": 1}) for e in errors)
