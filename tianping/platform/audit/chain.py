"""The hash chain: appending decisions (numbered, each entry hashing the one before) and verifying a chain."""

import hashlib
import json
from dataclasses import dataclass

from marshmallow import Schema
from nameko.extensions import DependencyProvider
from pymongo.errors import BulkWriteError

from tianping.infra import db
from tianping.infra.groupcommit import GroupCommitter
from tianping.infra.together import Stopped
from tianping.lib import clock, fields
from tianping.lib.enforcement import enforces, rewrite

COLLECTION = "audit_log"
GENESIS = "0" * 64
EXPORT_LIMIT = 50_000  # entries one service returns for one export (a subject's whole history fits)


def digest(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k not in ("hash", "_id")}
    body["seq"] = entry["_id"]
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class AuditLog:
    def __init__(self, collection, service: str):
        self.collection = collection
        self.service = service
        # The chain head as this process last wrote or read it: an append is one insert while this process is the
        # only writer; when another writer (instance) got there first the insert fails on the number and the head
        # is read again. Correctness rests on the unique number and `prev`, never on this cache.
        self._head: tuple[int, str] | None = None
        # Appends in one process go through one writer that chains and inserts whatever is waiting in one
        # insert_many: concurrent appends no longer race each other for the next number.
        self._group = GroupCommitter(self._append_batch, max_batch=500)

    def append(self, actor: str, action: str, record: str, *, subject: str | None = None, rule_ids=(),
               versions: dict | None = None, before: str | None = None, after: str | None = None,
               request_id: str | None = None, detail: dict | None = None, key: str | None = None) -> dict:
        """Append one decision; returns the entry (with its number and hash). With a `key`, once only: a use case
        resumed after a crash appends what it may or may not have appended before, and gets the earlier entry."""
        return self._group.submit(self.draft(actor, action, record, subject=subject, rule_ids=rule_ids,
                                             versions=versions, before=before, after=after, request_id=request_id,
                                             detail=detail, key=key))

    def append_many(self, drafts: list[dict]) -> list[dict]:
        """Append several entries made by `draft` in this order, in one insert when nothing else is waiting."""
        return self._group.submit_many(drafts)

    def append_with(self, drafts: list[dict], writes) -> list[dict] | None:
        """Append `drafts` (keyless) after `writes` (a tianping.infra.together.Together), committed together in one
        round trip, when no other append of this process is under way; else None, the writes left to the caller (to
        commit, then append the drafts as append_many does). Raises Stopped when one of `writes` failed: none of the
        drafts is appended then."""
        landed: list[dict] = []
        with self._group.alone() as alone:
            if not alone or not drafts or any("key" in d for d in drafts):
                return None
            chained = self._chain(drafts, list(range(len(drafts))))[0]
            for entry in chained:
                writes.insert(self.collection, entry, "audit")
            try:
                writes.commit()
                landed = chained
            except Stopped as stop:
                if stop.label != "audit":
                    raise  # ordered, the entries last: none was written, the head stands
                self._head = None  # another instance numbered first: the rest chained again after its entries
                landed = chained[:stop.done.count("audit")]
            else:
                self._head = (chained[-1]["_id"], chained[-1]["hash"])
        # outside the writer's turn: append_many waits for whoever writes next
        return landed + (self.append_many(drafts[len(landed):]) if len(landed) < len(drafts) else [])

    def draft(self, actor: str, action: str, record: str, *, subject: str | None = None, rule_ids=(),
              versions: dict | None = None, before: str | None = None, after: str | None = None,
              request_id: str | None = None, detail: dict | None = None, key: str | None = None) -> dict:
        entry = {"service": self.service, "at": clock.now().isoformat(timespec="milliseconds"), "actor": actor,
                 "action": action, "record": record, "subject": subject, "rule_ids": sorted(rule_ids),
                 "versions": versions or {}, "before": before, "after": after, "request_id": request_id,
                 "detail": detail or {}}
        if key is not None:
            entry["key"] = key
        return entry

    def _append_batch(self, drafts: list[dict]) -> list:
        """Chain `drafts` after the head and insert them in one ordered insert_many. Optimistic about keys: a key
        taken earlier (a resumed use case) fails its insert, and only then are keys looked up."""
        answers: list = [None] * len(drafts)
        todo = list(range(len(drafts)))
        look_up_keys = False
        for _ in range(100):
            if look_up_keys:
                todo = self._answer_taken_keys(drafts, todo, answers)
            chained, owners, first_of_key = self._chain(drafts, todo)
            if not chained:
                break
            try:
                self.collection.insert_many(chained, ordered=True)
                inserted = len(chained)
            except BulkWriteError as exc:  # another writer took a number, or a key was taken before
                if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                    raise
                inserted = exc.details.get("nInserted", 0)
            for n in range(inserted):
                answers[owners[n]] = chained[n]
            for i in todo:
                if answers[i] is None and drafts[i].get("key") in first_of_key \
                        and first_of_key[drafts[i]["key"]] in chained[:inserted]:
                    answers[i] = first_of_key[drafts[i]["key"]]
            self._head = (chained[inserted - 1]["_id"], chained[inserted - 1]["hash"]) if inserted else None
            todo = [i for i in todo if answers[i] is None]
            if not todo:
                break
            self._head, look_up_keys = None, True
        else:
            raise RuntimeError("could not append to the audit log (contention)")
        return answers

    def _answer_taken_keys(self, drafts: list[dict], todo: list[int], answers: list) -> list[int]:
        """Answer the drafts whose key an earlier entry took with that entry; returns those still to append."""
        keys = [drafts[i]["key"] for i in todo if "key" in drafts[i]]
        earlier = {e["key"]: e for e in self.collection.find({"key": {"$in": keys}})} if keys else {}
        for i in todo:
            if drafts[i].get("key") in earlier:
                answers[i] = earlier[drafts[i]["key"]]
        return [i for i in todo if answers[i] is None]

    def _chain(self, drafts: list[dict], todo: list[int]) -> tuple[list[dict], list[int], dict]:
        """The entries of drafts `todo` numbered and hashed after the head: the entries, the draft each came from,
        and the entry of each key (a key twice in the batch makes one entry)."""
        first_of_key: dict = {}
        chained, owners = [], []
        head = self._head or self._read_head()
        for i in todo:
            key = drafts[i].get("key")
            if key is not None and key in first_of_key:  # the same key twice in one batch: one entry
                continue
            entry = {"_id": head[0] + 1, **drafts[i], "prev": head[1]}
            entry["hash"] = digest(entry)
            head = (entry["_id"], entry["hash"])
            chained.append(entry)
            owners.append(i)
            if key is not None:
                first_of_key[key] = entry
        return chained, owners, first_of_key

    def _read_head(self) -> tuple[int, str]:
        last = self.collection.find_one({}, {"hash": 1}, sort=[("_id", -1)])
        return (last["_id"], last["hash"]) if last else (0, GENESIS)

    def ensure_indexes(self) -> None:
        """Keyed appends once only; exports read by subject and by time."""
        self.collection.create_index("key", unique=True, sparse=True)
        self.collection.create_index([("subject", 1), ("_id", 1)])
        self.collection.create_index([("at", 1)])

    def checkpoint(self) -> dict:
        """The head of the chain, to be kept by someone else: {service, count, hash}."""
        last = self.collection.find_one({}, {"hash": 1}, sort=[("_id", -1)])
        return {"service": self.service, "count": last["_id"] if last else 0, "hash": last["hash"] if last else GENESIS}

    def entries(self, subject: str | None, since: str, until: str, limit: int = EXPORT_LIMIT) -> list[dict]:
        """Entries about `subject` (all, if None) with since <= at < until (ISO-8601 UTC, as stored), in order."""
        query = {"at": {"$gte": since, "$lt": until}}
        if subject:
            query["subject"] = subject
        return list(self.collection.find(query).sort("_id", 1).limit(limit))

    def verify(self, checkpoints=()) -> "Verdict":
        return verify(self.collection.find({}).sort("_id", 1), checkpoints)


@dataclass
class Verdict:
    ok: bool
    entries: int
    problem: str = ""
    entry: int | None = None


def _whole(verdict: Verdict, _rule_ids) -> Verdict:
    return Verdict(True, verdict.entries)


@enforces("R-XC-04", neutral=rewrite(_whole, "every chain verifies"),
          partly="which steps of a service process are recorded is decided by each use case, not by this check; "
                 "this check makes the kept record checkable (a changed, removed or reordered entry is found)")
def verify(entries, checkpoints=()) -> Verdict:
    """Walk the chain in order: numbers without gaps, each entry's hash its own, each `prev` the hash before. Then
    every checkpoint must match the entry it names (a rewritten chain or a cut tail does not)."""
    expected_prev, count, heads = GENESIS, 0, {}
    for entry in entries:
        count += 1
        if entry["_id"] != count:
            return Verdict(False, count - 1, f"entry {count} is missing (next is {entry['_id']})", count)
        if entry.get("prev") != expected_prev:
            return Verdict(False, count - 1, f"entry {count} does not follow entry {count - 1} (reordered or "
                                             "replaced)", count)
        if digest(entry) != entry.get("hash"):
            return Verdict(False, count - 1, f"entry {count} was changed after it was written", count)
        expected_prev = entry["hash"]
        heads[count] = entry["hash"]
    for point in checkpoints:
        if point["count"] > count:
            return Verdict(False, count, f"the log ends at {count} but a checkpoint saw {point['count']} entries "
                                         "(the tail was cut)", count + 1)
        if point["count"] and heads.get(point["count"]) != point["hash"]:
            return Verdict(False, count, f"entry {point['count']} differs from its checkpoint (the chain was "
                                         "rewritten)", point["count"])
    return Verdict(True, count)


class AuditTrail(DependencyProvider):
    """Gives workers the service's AuditLog (entries are numbered by _id; exports read by subject and time)."""

    def setup(self):
        service = self.container.service_name
        self.log = AuditLog(db.database(self.container.config, service)[COLLECTION], service)
        self.log.ensure_indexes()

    def get_dependency(self, worker_ctx):
        return self.log


class CheckpointOut(Schema):
    service = fields.String()
    count = fields.Integer()
    hash = fields.String()
