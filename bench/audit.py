"""Audit log (issue 18): what appending every decision costs on the listing review path, and how fast a chain
verifies — measured in one run on the same store.

- Review path: the listing review use case (`reviews.submit`, one stored listing each) with the audit log and
  without, in alternating rounds so both see the same store state; p50 per review and the ratio, plus store round
  trips per review counted by pymongo command monitoring.
- Verify: a chain of 50,000 entries written through `AuditLog` semantics (each entry's hash and `prev`), read back
  and verified; entries per second.
"""

import statistics
import time
import uuid

import eventlet
import mongoengine
import pymongo.monitoring

from services.listing import models, repository
from services.listing.usecases import Context, reviews
from tianping.infra import db
from tianping.lib import clock
from tianping.platform import audit
from tianping.platform.blacklist_replica import Replica
from tianping.platform.subjects import COLLECTION as SUBJECTS
from tianping.platform.subjects import SubjectStatuses

from .common import Environment, RoundTrips, write_result

ROUNDS, PER_ROUND, CHAIN = 10, 40, 50_000


def draft(i: int) -> dict:
    return {"operator_id": "bench-shop", "kind": "product", "category": "apparel", "title": f"纯棉衬衫 {i}",
            "description": "100%棉, 机洗30度, 尺码S-XL。", "price": "129.00", "shipping_fee": "0.00",
            "source": "自有工厂, 广东佛山"}


def review_path(uri: str, counter: RoundTrips) -> dict:
    database = db.connect("listing", uri, f"tpbench_audit_{uuid.uuid4().hex[:6]}")
    db.ensure_indexes(models)
    replica = Replica(database, "listing", eventlet.semaphore.Semaphore())
    replica.ensure_indexes()
    subjects = SubjectStatuses(database[SUBJECTS])
    subjects.apply({"subject_id": "bench-shop", "subject_type": "merchant", "status": "active", "version": 1,
                    "cause": "bench"})
    log = audit.AuditLog(database[audit.COLLECTION], "listing")
    log.ensure_indexes()
    contexts = {"with_audit": Context(repository, replica, lambda *_: None, None, subjects, audit=log),
                "without_audit": Context(repository, replica, lambda *_: None, None, subjects, audit=None)}
    timings = {name: [] for name in contexts}
    trips = {name: 0 for name in contexts}
    n = 0
    for _ in range(ROUNDS):
        for name, ctx in contexts.items():
            for _ in range(PER_ROUND):
                n += 1
                before = counter.count
                started = time.perf_counter()
                reviews.submit(ctx, draft(n))
                timings[name].append((time.perf_counter() - started) * 1000)
                trips[name] += counter.count - before
    out = {name: {"reviews": len(t), "p50_ms": round(statistics.median(t), 3),
                  "p99_ms": round(sorted(t)[int(len(t) * 0.99) - 1], 3),
                  "round_trips_per_review": round(trips[name] / len(t), 2)} for name, t in timings.items()}
    out["p50_ratio_with_to_without"] = round(out["with_audit"]["p50_ms"] / out["without_audit"]["p50_ms"], 2)
    out["audit_entries"] = log.collection.count_documents({})
    mongoengine.disconnect("listing")
    return out


def verify_speed(uri: str) -> dict:
    database = db.connect("audit-bench", uri, f"tpbench_chain_{uuid.uuid4().hex[:6]}")
    collection = database[audit.COLLECTION]
    prev, batch, started = audit.GENESIS, [], time.perf_counter()
    at = clock.now().isoformat(timespec="milliseconds")
    for seq in range(1, CHAIN + 1):
        entry = {"_id": seq, "service": "listing", "at": at, "actor": "listing", "action": "listing_published",
                 "record": f"listing:l{seq}", "subject": f"m{seq % 500}", "rule_ids": ["R-LST-02"],
                 "versions": {"lexicon": "v1"}, "before": None, "after": "published", "request_id": None,
                 "detail": {}, "prev": prev}
        entry["hash"] = prev = audit.digest(entry)
        batch.append(entry)
        if len(batch) == 1000:
            collection.insert_many(batch)
            batch = []
    if batch:
        collection.insert_many(batch)
    written_s = time.perf_counter() - started
    started = time.perf_counter()
    verdict = audit.AuditLog(collection, "listing").verify()
    seconds = time.perf_counter() - started
    assert verdict.ok and verdict.entries == CHAIN, verdict
    mongoengine.disconnect("audit-bench")
    return {"entries": CHAIN, "written_s": round(written_s, 2), "verify_s": round(seconds, 2),
            "verified_per_second": round(CHAIN / seconds)}


def main() -> None:
    counter = RoundTrips()
    pymongo.monitoring.register(counter)
    with Environment() as env:
        results = {"review_path": review_path(env.mongodb_uri, counter), "verify": verify_speed(env.mongodb_uri)}
    path = write_result("audit", results)
    r = results["review_path"]
    print(f"audit: review p50 {r['with_audit']['p50_ms']} ms with / {r['without_audit']['p50_ms']} ms without "
          f"(ratio {r['p50_ratio_with_to_without']}), round trips {r['with_audit']['round_trips_per_review']} vs "
          f"{r['without_audit']['round_trips_per_review']}; verify {results['verify']['verified_per_second']} "
          f"entries/s -> {path}")


if __name__ == "__main__":
    main()
