"""Aftersale benchmarks (issue 12).

1. Deadline sweeps on the store: one sweep over 100,000 pending deadlines of which 1,000 are due, next to the same
   1,000 due deadlines alone (the ratio shows what the 99,000 not-yet-due cost: with the (status, due_at) index,
   nothing), and an empty sweep over the 100,000. Round trips counted with pymongo command monitoring.
2. Requests opened per second through the gateway, next to the bare RPC `open_request` in the same run.
"""

import time
import uuid
from datetime import UTC, datetime, timedelta

import pymongo

from gateway.auth import mint
from tianping.lib import clock
from tianping.platform.deadlines import DeadlineBook

from .common import Environment, RoundTrips, write_result
from .gateway import _http, cluster_per_thread, seed_orders, versus_bare

PENDING, DUE = 100_000, 1_000


def _fill(collection, total: int, due: int, now: datetime) -> None:
    docs = [{"_id": f"d{i:06}", "subject": f"r{i}", "kind": "respond", "rule_id": "R-AFT-05", "payload": {},
             "owner": "merchant", "status": "pending", "attempts": 0, "created_at": now, "history": [],
             "due_at": now - timedelta(seconds=1 + i % 60) if i < due else now + timedelta(hours=1 + i % 500)}
            for i in range(total)]
    for start in range(0, total, 5000):
        collection.insert_many(docs[start:start + 5000], ordered=False)


def _sweep(book: DeadlineBook, listener: RoundTrips) -> dict:
    before = listener.count
    started = time.perf_counter()
    result = book.sweep(lambda d: "counted", batch=500)
    return {"seconds": round(time.perf_counter() - started, 4), "fired": result["fired"],
            "round_trips": listener.count - before}


def sweeps(mongodb_uri: str) -> dict:
    listener = RoundTrips()
    client = pymongo.MongoClient(mongodb_uri, tz_aware=True, event_listeners=[listener])
    database = client[f"tpbench_deadlines_{uuid.uuid4().hex[:6]}"]
    now = datetime.now(UTC)
    clock.set_now(now)
    try:
        big, small = (DeadlineBook(database[name], "bench", lease=60) for name in ("big", "small"))
        for book in (big, small):
            book.ensure_indexes()
        started = time.perf_counter()
        _fill(big.collection, PENDING, DUE, now)
        fill_seconds = time.perf_counter() - started
        _fill(small.collection, DUE, DUE, now)
        results = {"fill": {"deadlines": PENDING, "seconds": round(fill_seconds, 1),
                            "per_second": round(PENDING / fill_seconds)},
                   "sweep_1000_due_of_100000": _sweep(big, listener),
                   "sweep_1000_due_of_1000": _sweep(small, listener),
                   "empty_sweep_of_99000_pending": _sweep(big, listener)}
        results["ratio_100000_to_1000_pending"] = round(results["sweep_1000_due_of_100000"]["seconds"]
                                                        / results["sweep_1000_due_of_1000"]["seconds"], 2)
        results["fired_per_second"] = round(DUE / results["sweep_1000_due_of_100000"]["seconds"])
        return results
    finally:
        clock.set_now(None)
        client.drop_database(database.name)
        client.close()


def requests(env) -> dict:
    system = env.system(TIANPING_RATE_LIMIT_PER_SECOND="100000", TIANPING_RATE_LIMIT_BURST="100000")
    try:
        url, tag = system.gateway_url, uuid.uuid4().hex[:6]
        seed_orders(env.amqp_uri, tag, 800, delivered=True)
        cluster_proxy = cluster_per_thread(env.amqp_uri)

        def bare(i):
            return cluster_proxy().aftersale.open_request({"order_id": f"{tag}-o{i}", "buyer_id": f"{tag}-b{i % 40}",
                                                           "kind": "no_reason_return"})["status"] == "awaiting_merchant"

        tokens = {b: mint(system.jwt_secret, f"{tag}-b{b}", "consumer") for b in range(40)}

        def through_gateway(i):
            i += 400
            status, body = _http(f"{url}/v1/aftersale/requests", "POST",
                                 {"order_id": f"{tag}-o{i}", "kind": "no_reason_return"}, tokens[i % 40])
            return status == 201 and body["status"] == "awaiting_merchant"

        return versus_bare("open_request", bare, through_gateway, total=400)
    finally:
        system.stop()


def main() -> None:
    with Environment() as env:
        results = {"deadline_sweeps": sweeps(env.mongodb_uri), "requests_opened": requests(env)}
    sweeps_ = results["deadline_sweeps"]
    for name in ("sweep_1000_due_of_100000", "sweep_1000_due_of_1000", "empty_sweep_of_99000_pending"):
        print(f"{name:<32} {sweeps_[name]['seconds']:.3f} s  fired {sweeps_[name]['fired']}  "
              f"round trips {sweeps_[name]['round_trips']}", flush=True)
    print(f"ratio 100,000 pending / 1,000 pending: {sweeps_['ratio_100000_to_1000_pending']}")
    for name in ("bare_rpc_open_request", "gateway_open_request"):
        r = results["requests_opened"][name]
        print(f"{name:<28} {r['per_second']:>7}/s  p50 {r['p50_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  "
              f"errors {r['errors']}", flush=True)
    print("results:", write_result("aftersale", results))


if __name__ == "__main__":
    main()
