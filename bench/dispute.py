"""Dispute benchmarks (issue 13).

1. The public statistics query over 100,000 stored cases next to the same query over 1,000 (both with their daily
   aggregate, as the service maintains it): the query reads days, so the ratio stays near 1.
2. Disputes opened and resolved per second through the gateway (a buyer opens, a mediator resolves), next to the
   bare RPC calls in the same run.
"""

import random
import time
import uuid
from datetime import UTC, datetime, timedelta

import pymongo

from gateway.auth import mint
from services.dispute import repository, rules
from services.dispute.usecases import Context, stats
from tianping.infra import db

from .common import Environment, write_result
from .gateway import _http, cluster_per_thread, seed_orders, versus_bare


def _store_cases(database, n: int, rng: random.Random) -> None:
    """`n` resolved cases over 2026 with their daily aggregate, as the service writes them."""
    cases, days = [], {}
    for i in range(n):
        opened = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(365 * 24 * 60))
        hours = rng.expovariate(1 / 60)
        outcome = rng.choice(rules.OUTCOMES)
        day = (opened + timedelta(hours=hours)).date().isoformat()
        cases.append({"_id": f"dsp_{i}", "consumer_id": f"b{i % 5000}", "merchant_id": f"m{i % 700}",
                      "order_id": f"o{i}", "claim": "bench", "status": "resolved", "outcome": outcome,
                      "opened_at": opened, "resolved_at": opened + timedelta(hours=hours), "trail": []})
        d = days.setdefault(day, {"opened": 0, "resolved": 0, "within_deadline": 0, "outcomes": {}, "hours": {}})
        d["opened"] += 1
        d["resolved"] += 1
        d["within_deadline"] += int(hours <= 30 * 24)
        d["outcomes"][outcome] = d["outcomes"].get(outcome, 0) + 1
        bucket = rules.hour_bucket(hours)
        d["hours"][bucket] = d["hours"].get(bucket, 0) + 1
    for start in range(0, n, 5000):
        database["cases"].insert_many(cases[start:start + 5000], ordered=False)
    database["daily_stats"].insert_many([{"_id": day, **d} for day, d in days.items()])


def stats_query(mongodb_uri: str) -> dict:
    rng, results = random.Random(12), {}
    client = pymongo.MongoClient(mongodb_uri)
    try:
        for n in (100_000, 1_000):
            name = f"tpbench_dispute_{n}_{uuid.uuid4().hex[:6]}"
            started = time.perf_counter()
            _store_cases(client[name], n, rng)
            filled = time.perf_counter() - started
            db.connect("dispute", mongodb_uri, name)
            ctx = Context(repository)
            stats.public(ctx, "2026-01-01", "2027-12-31")  # warm
            timings = []
            for _ in range(20):
                started = time.perf_counter()
                answer = stats.public(ctx, "2026-01-01", "2027-12-31")
                timings.append(time.perf_counter() - started)
            assert answer["resolved"] == n
            results[f"cases_{n}"] = {"stored_in_s": round(filled, 1), "query_ms_median": round(
                sorted(timings)[len(timings) // 2] * 1000, 2), "resolved_counted": answer["resolved"]}
            client.drop_database(name)
        results["ratio_100000_to_1000"] = round(results["cases_100000"]["query_ms_median"]
                                                / results["cases_1000"]["query_ms_median"], 2)
        return results
    finally:
        client.close()


def open_and_resolve(env) -> dict:
    system = env.system(TIANPING_RATE_LIMIT_PER_SECOND="100000", TIANPING_RATE_LIMIT_BURST="100000")
    try:
        url, tag = system.gateway_url, uuid.uuid4().hex[:6]
        seed_orders(env.amqp_uri, tag, 400, delivered=False)
        proxy = cluster_per_thread(env.amqp_uri)

        mediator = {"id": "bench-med", "platform": True}

        def bare(i):
            case = proxy().dispute.open_dispute({"order_id": f"{tag}-o{i}", "consumer_id": f"{tag}-b{i % 40}",
                                                 "claim": "bench", "amount_claimed": "59.00"})
            done = proxy().dispute.resolve(case["case_id"], {"outcome": "merchant_favoured", "reasoning": "bench"},
                                           mediator)
            return done["status"] == "resolved"

        buyers = {b: mint(system.jwt_secret, f"{tag}-b{b}", "consumer") for b in range(40)}
        med = mint(system.jwt_secret, "bench-med", "mediator")

        def through_gateway(i):
            i += 200
            status, case = _http(f"{url}/v1/disputes", "POST", {"order_id": f"{tag}-o{i}", "claim": "bench",
                                                                "amount_claimed": "59.00"}, buyers[i % 40])
            if status != 201:
                return False
            status, done = _http(f"{url}/v1/disputes/{case['case_id']}/resolution", "POST",
                                 {"outcome": "merchant_favoured", "reasoning": "bench"}, med)
            return status == 200 and done["status"] == "resolved"

        return versus_bare("open_and_resolve", bare, through_gateway, total=200)
    finally:
        system.stop()


def main() -> None:
    with Environment() as env:
        results = {"stats_query": stats_query(env.mongodb_uri), "cases_opened_and_resolved": open_and_resolve(env)}
    q = results["stats_query"]
    print(f"stats over 100,000 cases {q['cases_100000']['query_ms_median']} ms, over 1,000 "
          f"{q['cases_1000']['query_ms_median']} ms: ratio {q['ratio_100000_to_1000']}", flush=True)
    for name in ("bare_rpc_open_and_resolve", "gateway_open_and_resolve"):
        r = results["cases_opened_and_resolved"][name]
        print(f"{name:<28} {r['per_second']:>7}/s  p50 {r['p50_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  "
              f"errors {r['errors']}", flush=True)
    print("results:", write_result("dispute", results))


if __name__ == "__main__":
    main()
