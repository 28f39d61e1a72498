"""Back up and restore one service's database in mongodump's layout (DIR/<db>/<collection>.bson, documents
concatenated), for the embedded store, which has no mongodump of its own — and for a drill on any MongoDB.

    python -m tianping.runtime.backup dump    --service reputation --out /backups/2024-05-01
    python -m tianping.runtime.backup restore --service reputation --from /backups/2024-05-01 [--drop]

Consistency: this reads collection by collection. On the embedded store stop the service's writers first (scale
the service to 0, or stop it under `make run`); on a replica set use `mongodump --oplog` instead (docs/operations.md,
"Backups"). A restore is safe for the blacklist even from an inconsistent backup: the authority repairs its counter
and rotates its epoch when a replica shows it was restored (services/reputation/repository/restore.py).
"""

import argparse
import sys
from pathlib import Path

import bson
import pymongo

from tianping.lib import config as cfg


def dump(database, out: Path) -> dict[str, int]:
    """Write every collection of `database` under out/<db name>/; returns documents per collection."""
    target = Path(out) / database.name
    target.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in sorted(database.list_collection_names()):
        with open(target / f"{name}.bson", "wb") as file:
            counts[name] = 0
            for document in database[name].find().sort("_id", 1):
                file.write(bson.encode(document))
                counts[name] += 1
    return counts


def restore(database, source: Path, drop: bool = True) -> dict[str, int]:
    """Load out/<db name>/*.bson into `database` (each collection emptied first when `drop`)."""
    counts = {}
    for path in sorted((Path(source) / database.name).glob("*.bson")):
        documents = bson.decode_all(path.read_bytes())
        if drop:
            database[path.stem].drop()
        for start in range(0, len(documents), 1000):
            database[path.stem].insert_many(documents[start:start + 1000], ordered=False)
        counts[path.stem] = len(documents)
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tianping.runtime.backup", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["dump", "restore"])
    parser.add_argument("--service", required=True)
    parser.add_argument("--out", "--from", dest="path", required=True, type=Path)
    parser.add_argument("--drop", action="store_true", help="empty each collection before restoring it")
    parser.add_argument("--uri", help="default: the service's store (MONGODB_URI, else its embedded store)")
    parser.add_argument("--prefix", default=cfg.env("TIANPING_DB_PREFIX", "tianping"))
    args = parser.parse_args(argv)
    args.uri = args.uri or cfg.settings().store_uri(args.service)
    database = pymongo.MongoClient(args.uri, tz_aware=True)[f"{args.prefix}_{args.service}"]
    counts = dump(database, args.path) if args.action == "dump" else restore(database, args.path, args.drop)
    for name, count in counts.items():
        print(f"{args.action} {database.name}.{name}: {count} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
