"""`make bench ONLY=store_oplog`: the embedded store's CPU per statement with its oplog written (TIANPING_STORE_OPLOG=1)
and without (the default), alternated in one run so the machine's drift falls on both: 3,000 inserts, 3,000 updates
by `_id`, 3,000 point reads and 500 two-statement transactions per round, the store process's CPU (utime + stime) per
operation, and the ratio without / with (issue 30)."""

import os
import tempfile
import time
from pathlib import Path

import psutil
import pymongo

from tianping.infra.store import EmbeddedStore

from .common import free_port, write_result

ROUNDS, OPS, TRANSACTIONS = 2, 3_000, 500


def _cpu_ms_per_op(process, count: int, work) -> float:
    before = sum(process.cpu_times()[:2])
    for i in range(count):
        work(i)
    return round((sum(process.cpu_times()[:2]) - before) * 1000 / count, 3)


def one_round(oplog: bool) -> dict:
    os.environ["TIANPING_STORE_OPLOG"] = "1" if oplog else "0"
    store = EmbeddedStore(Path(tempfile.mkdtemp()) / "data", free_port())
    client = pymongo.MongoClient(store.start())
    try:
        process, docs = psutil.Process(store.process.pid), client.bench.docs
        docs.insert_one({"_id": "counter", "n": 0})

        def transaction(i):
            with client.start_session() as session, session.start_transaction():
                docs.insert_one({"k": i}, session=session)
                docs.update_one({"_id": "counter"}, {"$inc": {"n": 1}}, session=session)

        return {"insert": _cpu_ms_per_op(process, OPS, lambda i: docs.insert_one(
                    {"_id": i, "a": i, "text": "x" * 200, "tags": ["a", "b"]})),
                "update": _cpu_ms_per_op(process, OPS, lambda i: docs.update_one(
                    {"_id": i}, {"$set": {"a": -i}, "$push": {"tags": "c"}})),
                "find": _cpu_ms_per_op(process, OPS, lambda i: docs.find_one({"_id": i})),
                "transaction": _cpu_ms_per_op(process, TRANSACTIONS, transaction)}
    finally:
        client.close()
        store.stop()
        os.environ.pop("TIANPING_STORE_OPLOG", None)


def main() -> None:
    rounds = {"with_oplog": [], "without_oplog": []}
    started = time.perf_counter()
    for _ in range(ROUNDS):
        rounds["with_oplog"].append(one_round(True))
        rounds["without_oplog"].append(one_round(False))
    mean = {name: {op: round(sum(r[op] for r in runs) / len(runs), 3) for op in runs[0]} for name, runs in rounds.items()}
    ratios = {op: round(mean["without_oplog"][op] / mean["with_oplog"][op], 2) for op in mean["with_oplog"]}
    path = write_result("store_oplog", {"store_cpu_ms_per_op": mean, "rounds": rounds,
                                        "ratio_without_to_with": ratios,
                                        "seconds": round(time.perf_counter() - started, 1)})
    print(f"store CPU ms per op with oplog {mean['with_oplog']}, without {mean['without_oplog']}; ratio {ratios} -> {path}")


if __name__ == "__main__":
    main()
