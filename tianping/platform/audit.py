"""The audit log: every decision a service takes, appended to its own `audit_log` collection, hash-chained.

Each entry carries who (a principal or the rule engine), what, on which record and subject, the rule IDs and the
policy or lexicon version, the state before and after, when, and the request id — and `prev`, the hash of the entry
before it, and `hash`, the SHA-256 of its own canonical JSON (prev included). Entries are numbered 1, 2, 3 … with no
gaps: an append takes the next number with an insert that fails if another writer took it first, and retries.
Editing, deleting or reordering an entry breaks the chain at that entry; `verify` names it. A checkpoint (count and
head hash) kept somewhere else catches a whole chain rewritten or its tail cut.

    python -m tianping.platform.audit verify --service listing     (exit 1 naming the first bad entry)
    python -m tianping.platform.audit verify-export export.json    (an export bundle: files, hashes, checkpoints)
"""

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass

from marshmallow import Schema, fields
from nameko.extensions import DependencyProvider
from nameko.timer import timer
from pymongo.errors import BulkWriteError

from tianping.infra.groupcommit import GroupCommitter
from tianping.infra.rpc import rpc
from tianping.lib import clock
from tianping.lib import config as cfg
from tianping.platform.contracts import Event, EventPublisher, subscribe

COLLECTION = "audit_log"
WITNESS_COLLECTION = "audit_witness"   # the checkpoints of another service's chain, kept here
GENESIS = "0" * 64
# Who keeps whose checkpoints: each service's chain head is kept by the next one, so rewriting a chain means
# rewriting another service's database too.
WITNESS = {"onboarding": "listing", "listing": "aftersale", "aftersale": "dispute", "dispute": "reputation",
           "reputation": "onboarding"}
WITNESSED = {witness: service for service, witness in WITNESS.items()}


def checkpoint_seconds() -> float:
    return float(cfg.env("TIANPING_AUDIT_CHECKPOINT_SECONDS", "60"))
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
                keys = [drafts[i]["key"] for i in todo if "key" in drafts[i]]
                earlier = {e["key"]: e for e in self.collection.find({"key": {"$in": keys}})} if keys else {}
                for i in todo:
                    if drafts[i].get("key") in earlier:
                        answers[i] = earlier[drafts[i]["key"]]
                todo = [i for i in todo if answers[i] is None]
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
        from tianping.infra import db

        service = self.container.service_name
        self.log = AuditLog(db.database(self.container.config, service)[COLLECTION], service)
        self.log.ensure_indexes()

    def get_dependency(self, worker_ctx):
        return self.log


# -- export ------------------------------------------------------------------------------------------------------
class EntryOut(Schema):
    """One audit entry as exported: `seq` is its number in its service's chain, `hash` its own SHA-256."""
    seq = fields.Integer(attribute="_id")
    service = fields.String()
    at = fields.String()
    actor = fields.String()
    action = fields.String()
    record = fields.String()
    subject = fields.String(allow_none=True)
    rule_ids = fields.List(fields.String())
    versions = fields.Dict()
    before = fields.String(allow_none=True)
    after = fields.String(allow_none=True)
    request_id = fields.String(allow_none=True)
    detail = fields.Dict()
    key = fields.String()
    prev = fields.String()
    hash = fields.String()


class CheckpointOut(Schema):
    service = fields.String()
    count = fields.Integer()
    hash = fields.String()


class ServiceExportOut(Schema):
    service = fields.String()
    entries = fields.List(fields.Nested(EntryOut))
    checkpoint = fields.Nested(CheckpointOut)
    truncated = fields.Boolean()


SERVICE_EXPORT = ServiceExportOut()


class CheckpointPayload(Schema):
    service = fields.String(required=True)
    count = fields.Integer(required=True)
    hash = fields.String(required=True)
    at = fields.String(required=True)


def checkpoint_event(service: str) -> Event:
    return Event(service, "audit_checkpoint", CheckpointPayload,
                 f"{service}'s audit chain head (count, hash), kept by {WITNESS[service]}")


class Witness:
    """The checkpoints of another service's chain, as this service received them (idempotent by count)."""

    def __init__(self, collection):
        self.collection = collection

    def keep(self, point: dict) -> bool:
        result = self.collection.update_one({"_id": f"{point['service']}:{point['count']}"},
                                            {"$setOnInsert": dict(point)}, upsert=True)
        return result.upserted_id is not None

    def checkpoints(self, service: str) -> list[dict]:
        return list(self.collection.find({"service": service}, {"_id": 0}).sort("count", 1))


class WitnessProvider(DependencyProvider):
    def setup(self):
        from tianping.infra import db

        self.witness = Witness(db.database(self.container.config, self.container.service_name)[WITNESS_COLLECTION])

    def get_dependency(self, worker_ctx):
        return self.witness


class AuditExport:
    """Mixin for every service with an audit log: the log itself and the RPC an export gathers from."""

    audit = AuditTrail()

    @rpc
    def audit_entries(self, subject_id, since, until):
        """Audit entries about a subject (or all, when subject_id is null) with since <= at < until (ISO-8601), in
        chain order, with the chain's checkpoint (count and head hash) at the time of reading."""
        entries = self.audit.entries(subject_id, since, until)
        checkpoint = self.audit.checkpoint()  # read after: every entry returned falls under it
        return SERVICE_EXPORT.dump({"service": self.audit.service, "entries": entries, "checkpoint": checkpoint,
                                    "truncated": len(entries) >= EXPORT_LIMIT})


def audited(service: str) -> type:
    """The audit mixin of `service`: its log and export RPC, its chain head published every
    TIANPING_AUDIT_CHECKPOINT_SECONDS (when it moved), and the checkpoints of the service it witnesses kept."""
    own, kept = checkpoint_event(service), checkpoint_event(WITNESSED[service])

    class Audited(AuditExport):
        audit_events = EventPublisher()
        witness = WitnessProvider()
        _published = {"count": -1}

        @timer(interval=checkpoint_seconds())
        def publish_audit_checkpoint(self):
            """Publish this service's chain head for its witness to keep (only when it moved)."""
            point = self.audit.checkpoint()
            if point["count"] != self._published["count"]:
                self.audit_events(own, {**point, "at": clock.now().isoformat(timespec="milliseconds")})
                self._published["count"] = point["count"]

        @subscribe(kept)
        def keep_audit_checkpoint(self, message):
            self.witness.keep(kept.load(message))

        @rpc
        def audit_checkpoints(self, service):
            """The checkpoints this service keeps of `service`'s audit chain (the service it witnesses)."""
            return CheckpointOut(many=True).dump(self.witness.checkpoints(service))

    Audited.__name__ = f"Audited{service.capitalize()}"
    return Audited


def canonical_lines(entries: list[dict]) -> str:
    return "".join(json.dumps(e, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n" for e in entries)


def bundle(parts: list[dict], scope: dict) -> dict:
    """An export: one JSON-lines file per service and a manifest naming each file's sha256, its entry count and
    the checkpoint of the chain its entries fall under."""
    files, manifest_files = {}, []
    for part in sorted(parts, key=lambda p: p["service"]):
        name = f"{part['service']}.jsonl"
        files[name] = canonical_lines(part["entries"])
        manifest_files.append({"name": name, "service": part["service"], "entries": len(part["entries"]),
                               "sha256": hashlib.sha256(files[name].encode()).hexdigest(),
                               "checkpoint": part["checkpoint"], "truncated": part["truncated"]})
    manifest = {"scope": scope, "generated_at": clock.now().isoformat(timespec="seconds"), "files": manifest_files}
    return {"manifest": manifest, "files": files}


def verify_bundle(export: dict) -> list[str]:
    """What is wrong with an export (empty when it verifies): each file's sha256 as its manifest says, each entry's
    hash its own, each entry within the checkpoint it falls under."""
    problems = []
    for item in export["manifest"]["files"]:
        text = export["files"].get(item["name"])
        if text is None:
            problems.append(f"{item['name']}: missing")
            continue
        if hashlib.sha256(text.encode()).hexdigest() != item["sha256"]:
            problems.append(f"{item['name']}: sha256 differs from the manifest")
        for number, line in enumerate(text.splitlines(), 1):
            try:
                entry = json.loads(line)
                entry["seq"], entry["hash"]
            except (ValueError, TypeError, KeyError):
                problems.append(f"{item['name']}: line {number} is not an audit entry")
                continue
            stored = {k: v for k, v in entry.items() if k != "seq"} | {"_id": entry["seq"]}
            if digest(stored) != entry["hash"]:
                problems.append(f"{item['name']}: entry {entry['seq']} does not match its hash")
            if entry["seq"] > item["checkpoint"]["count"]:
                problems.append(f"{item['name']}: entry {entry['seq']} is past its checkpoint")
    return problems


def verify_service(uri: str, database_name, service: str) -> tuple[Verdict, int]:
    """A service's chain, against the checkpoints its witness keeps (read from the witness's own database)."""
    from tianping.infra import db

    chain = db.connect(f"audit-{service}", uri, database_name(service))[COLLECTION]
    witness = db.connect(f"audit-witness-{service}", uri, database_name(WITNESS[service]))[WITNESS_COLLECTION]
    checkpoints = Witness(witness).checkpoints(service)
    return verify(chain.find({}).sort("_id", 1), checkpoints), len(checkpoints)


def main(argv=None) -> int:

    parser = argparse.ArgumentParser(prog="python -m tianping.platform.audit", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("verify", help="verify a service's audit chain")
    check.add_argument("--service", required=True, choices=sorted(WITNESS))
    exported = sub.add_parser("verify-export", help="verify an export bundle (GET /v1/audit/export saved to a file)")
    exported.add_argument("path")
    args = parser.parse_args(argv)
    if args.command == "verify-export":
        with open(args.path, encoding="utf-8") as f:
            problems = verify_bundle(json.load(f))
        print("\n".join(problems) if problems else "export verifies: every file's sha256 and every entry's hash")
        return 1 if problems else 0
    settings = cfg.settings()
    uri = settings.mongodb_uri or f"mongodb://127.0.0.1:{settings.store_port}/?directConnection=true"  # embedded
    verdict, kept = verify_service(uri, settings.database_name, args.service)
    if verdict.ok:
        print(f"{args.service}: {verdict.entries} entries, chain intact, {kept} checkpoints kept by "
              f"{WITNESS[args.service]} agree")
        return 0
    print(f"{args.service}: {verdict.problem} (first bad entry: {verdict.entry})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
