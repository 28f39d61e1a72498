"""Exports: a service's entries with the checkpoint they fall under, and the bundle an export is (one JSON-lines
file per service, a manifest of hashes) with its verification."""

import hashlib
import json

from marshmallow import Schema

from tianping.infra.rpc import rpc
from tianping.lib import clock, fields
from tianping.platform.audit.chain import EXPORT_LIMIT, AuditTrail, CheckpointOut, digest


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


class ServiceExportOut(Schema):
    service = fields.String()
    entries = fields.List(fields.Nested(EntryOut))
    checkpoint = fields.Nested(CheckpointOut)
    truncated = fields.Boolean()


SERVICE_EXPORT = ServiceExportOut()


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
