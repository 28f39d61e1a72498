"""The audit log: every decision a service takes, appended to its own `audit_log` collection, hash-chained.

Each entry carries who (a principal or the rule engine), what, on which record and subject, the rule IDs and the
policy or lexicon version, the state before and after, when, and the request id — and `prev`, the hash of the entry
before it, and `hash`, the SHA-256 of its own canonical JSON (prev included). Entries are numbered 1, 2, 3 … with no
gaps: an append takes the next number with an insert that fails if another writer took it first, and retries.
Editing, deleting or reordering an entry breaks the chain at that entry; `verify` names it. A checkpoint (count and
head hash) kept somewhere else catches a whole chain rewritten or its tail cut.

    python -m tianping.audit verify --service listing     (exit 1 naming the first bad entry)
"""

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass

from nameko.extensions import DependencyProvider
from pymongo.errors import DuplicateKeyError

from . import clock

COLLECTION = "audit_log"
GENESIS = "0" * 64


def digest(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k not in ("hash", "_id")}
    body["seq"] = entry["_id"]
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class AuditLog:
    def __init__(self, collection, service: str):
        self.collection = collection
        self.service = service

    def append(self, actor: str, action: str, record: str, *, subject: str | None = None, rule_ids=(),
               versions: dict | None = None, before: str | None = None, after: str | None = None,
               request_id: str | None = None, detail: dict | None = None) -> dict:
        """Append one decision; returns the entry (with its number and hash)."""
        for _ in range(100):
            last = self.collection.find_one({}, {"hash": 1}, sort=[("_id", -1)])
            entry = {"_id": (last["_id"] + 1) if last else 1, "service": self.service,
                     "at": clock.now().isoformat(timespec="milliseconds"), "actor": actor, "action": action,
                     "record": record, "subject": subject, "rule_ids": sorted(rule_ids), "versions": versions or {},
                     "before": before, "after": after, "request_id": request_id, "detail": detail or {},
                     "prev": last["hash"] if last else GENESIS}
            entry["hash"] = digest(entry)
            try:
                self.collection.insert_one(entry)
                return entry
            except DuplicateKeyError:  # another writer took this number: chain onto its entry instead
                continue
        raise RuntimeError("could not append to the audit log (contention)")

    def checkpoint(self) -> dict:
        """The head of the chain, to be kept by someone else: {service, count, hash}."""
        last = self.collection.find_one({}, {"hash": 1}, sort=[("_id", -1)])
        return {"service": self.service, "count": last["_id"] if last else 0, "hash": last["hash"] if last else GENESIS}

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
    """Gives workers the service's AuditLog (an index on _id is all it needs)."""

    def setup(self):
        from . import db

        service = self.container.service_name
        self.log = AuditLog(db.database(self.container.config, service)[COLLECTION], service)

    def get_dependency(self, worker_ctx):
        return self.log


def main(argv=None) -> int:
    from . import config as cfg
    from . import db

    parser = argparse.ArgumentParser(prog="python -m tianping.audit", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("verify", help="verify a service's audit chain")
    check.add_argument("--service", required=True)
    args = parser.parse_args(argv)
    settings = cfg.settings()
    uri = settings.mongodb_uri or f"mongodb://127.0.0.1:{settings.store_port}/?directConnection=true"  # embedded
    database = db.connect(f"audit-{args.service}", uri, settings.database_name(args.service))
    verdict = AuditLog(database[COLLECTION], args.service).verify()
    if verdict.ok:
        print(f"{args.service}: {verdict.entries} entries, chain intact")
        return 0
    print(f"{args.service}: {verdict.problem} (first bad entry: {verdict.entry})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
