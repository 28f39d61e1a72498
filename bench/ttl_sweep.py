"""The store's TTL sweep against the kit's purge, on a TTL-indexed collection of 20,000 and 100,000 unexpired
records (what a 30-minute soak leaves in the command logs, rate windows and idempotency keys).

SecantusDB's sweeper (`secantusAdmin.pruneTtl`, every 60 s unless `[storage] ttl_sweep_seconds = 0`, as the kit's
store now runs) decodes every document of every TTL-indexed collection under the store's one lock; every other
command waits. The kit's purge (tianping.infra.ttlpurge) reads only the index range that expired. Measured here: how
long one pass holds the store, and point reads (`find_one` by `_id`) from another client while passes run back to
back, next to the same reads on a quiet store. `python -m bench.ttl_sweep` (or `make bench ONLY=ttl_sweep`).
"""

import os
import threading
import time
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import pymongo

from tianping.infra import ttlpurge
from tianping.infra.store import EmbeddedStore
from tianping.lib import clock

from .common import free_port, summary_ms, write_result

SIZES = (20_000, 100_000)
PASSES = 5
BACKLOG = 5_000


def _fill(coll, n: int) -> None:
    coll.create_index("at", expireAfterSeconds=86400)
    now = clock.now()
    for start in range(0, n, 5_000):
        coll.insert_many([{"_id": f"k{i:07d}", "state": "done", "at": now - timedelta(seconds=i % 3600)}
                          for i in range(start, min(n, start + 5_000))], ordered=False)


def _reads_during(client, n: int, sweep, passes: int = PASSES) -> tuple[list[float], list[float]]:
    """Point reads in a thread while `sweep()` runs `passes` times; returns (read latencies, sweep durations)."""
    coll, stop, reads = client.tianping_bench.claims, threading.Event(), []

    def reader():
        i = 0
        while not stop.is_set():
            started = time.perf_counter()
            coll.find_one({"_id": f"k{(i * 7919) % n:07d}"})
            reads.append(time.perf_counter() - started)
            i += 1

    thread = threading.Thread(target=reader)
    thread.start()
    sweeps = []
    for _ in range(passes):
        started = time.perf_counter()
        sweep()
        sweeps.append(time.perf_counter() - started)
    stop.set()
    thread.join()
    return reads, sweeps


def _quiet_reads(client, n: int) -> list[float]:
    coll, reads = client.tianping_bench.claims, []
    for i in range(500):
        started = time.perf_counter()
        coll.find_one({"_id": f"k{(i * 7919) % n:07d}"})
        reads.append(time.perf_counter() - started)
    return reads


def run(n: int) -> dict:
    with TemporaryDirectory(prefix="tianping-ttl-") as tmp:
        store = EmbeddedStore(Path(tmp) / "store", free_port(), Path(tmp) / "store.log")
        uri = store.start()
        try:
            with pymongo.MongoClient(uri) as client, pymongo.MongoClient(uri) as sweeper:
                _fill(client.tianping_bench.claims, n)
                quiet = _quiet_reads(client, n)
                reads, sweeps = _reads_during(client, n, lambda: sweeper.admin.command("secantusAdmin.pruneTtl"))
                result = {"records": n, "quiet_reads": summary_ms(quiet),
                          "store_sweep": {"pass": summary_ms(sweeps), "reads_during": summary_ms(reads)}}
                result.update(_kit_purge(client, sweeper, n))
                return result
        finally:
            store.stop()


def _kit_purge(client, sweeper, n: int) -> dict:
    """The kit's purge (tianping.infra.ttlpurge, every TIANPING_TTL_PURGE_SECONDS per process) on the same collection:
    nothing in it expired, as in the store sweep's case; its first pass in a process, then the passes after."""
    purger = ttlpurge.Purger(ttlpurge.purge_seconds())
    reads, sweeps = _reads_during(client, n, lambda: purger.purge_database(sweeper.tianping_bench, clock.now()))
    result = {"kit_purge": {"pass": summary_ms(sweeps), "reads_during": summary_ms(reads)}}
    # A backlog: 5,000 records expired over the half hour before the cutoff, purged by a process's first pass.
    old = clock.now() - timedelta(days=1, minutes=1)
    client.tianping_bench.claims.insert_many([{"_id": f"old{i:05d}", "state": "done", "at": old - timedelta(
        seconds=i % 1800)} for i in range(BACKLOG)])
    deleted = {}
    reads, sweeps = _reads_during(client, n, lambda: deleted.update(
        ttlpurge.Purger(ttlpurge.purge_seconds()).purge_database(sweeper.tianping_bench, clock.now())), passes=1)
    result["kit_purge_backlog"] = {"deleted": deleted, "pass": summary_ms(sweeps), "reads_during": summary_ms(reads)}
    return result


def main() -> None:
    body = {"sizes": [run(n) for n in SIZES], "load_average_1m_after": round(os.getloadavg()[0], 2),
            "note": "pass: one sweep's time (the store is locked for all of it in the store's sweep); reads_during: "
                    "find_one by _id from another client while passes run back to back; quiet_reads: the same reads "
                    "with no sweep. The store's sweeper runs a pass every 60 s per store."}
    for size in body["sizes"]:
        print(size)
    print(write_result("ttl_sweep", body))


if __name__ == "__main__":
    main()
