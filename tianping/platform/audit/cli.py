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
import json

from tianping.lib import config as cfg
from tianping.platform.audit.export import verify_bundle
from tianping.platform.audit.witness import WITNESS, verify_service


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
    verdict, kept = verify_service(settings.store_uri, settings.database_name, args.service)
    if verdict.ok:
        print(f"{args.service}: {verdict.entries} entries, chain intact, {kept} checkpoints kept by "
              f"{WITNESS[args.service]} agree")
        return 0
    print(f"{args.service}: {verdict.problem} (first bad entry: {verdict.entry})")
    return 1
