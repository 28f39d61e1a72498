"""`make bench`: sanctions (issue 24). A sanction change applied in all five services, p50/p99, next to a blacklist
change's figure measured in the same run on the same system at the same offered rate — both travel the same log
(action "sanction" in the blacklist log), so the aim is a ratio near 1. And a liability-graph lookup
(onboarding's `subject_links`) with 1,000 and with 1,000,000 subjects' identity links stored (aim: ratio <= 2).

Sanction changes are made the way users make them: a violation recorded at reputation (PB-13, 12 points: the
subject reaches `warning`); blacklist changes by `blacklist_add`. Latency is the replicas' own record: each applied
change keeps its commit and apply times in the replica's history."""

import logging
import multiprocessing
import signal
import statistics
import time
import uuid
from datetime import UTC, datetime

import pymongo
from nameko.standalone.rpc import ClusterRpcProxy

from . import propagation
from .common import Environment, paced, summary_ms, write_result
from .propagation import wait_in_step

RATES, SECONDS = (10, 20), 15
GRAPH_SIZES = (1_000, 1_000_000)
LOOKUPS = 200
AIMS = {"sanction_p99_vs_blacklist_p99": 1.5, "graph_lookup_1m_vs_1k": 2.0}


def _offer(amqp_uri: str, kind: str, tag: str, rate: float, count: int, results) -> None:
    logging.getLogger("amqp").setLevel(logging.ERROR)
    with ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=300) as cluster:
        calls = []
        for i in paced(rate, count):
            subject = f"{tag}-{i}"
            if kind == "blacklist":
                calls.append(cluster.reputation.blacklist_add.call_async(
                    {"subject_id": subject, "subject_type": "merchant", "reason": "benchmark",
                     "rule_ids": ["R-REP-13"]}, "bench"))
            else:
                calls.append(cluster.reputation.record_violation.call_async(
                    {"subject_id": subject, "subject_type": "merchant", "rule_id": "PB-13", "severity": "general",
                     "evidence": ["bench://ev"], "dedupe_key": f"bench:{subject}"}))
        for call in calls:
            call.result()
    results.put(count)


def offer(amqp_uri: str, kind: str, tag: str, rate: int) -> None:
    """The changes come from a process of its own, as a platform's callers would."""
    mp = multiprocessing.get_context("spawn")
    results = mp.Queue()
    client = mp.Process(target=_offer, args=(amqp_uri, kind, tag, rate, rate * SECONDS, results), daemon=True)
    client.start()
    results.get(timeout=600)
    client.join(10)


def applied_everywhere(system, tag: str, sanction: bool) -> dict:
    """Per change: the slowest of the five replicas from commit to applied; and per service."""
    return propagation.applied_everywhere(system, {"_id": {"$regex": f"^{tag}-"}},
                                          lambda h: bool(h.get("level")) == sanction)


def seed_links(system, tag: str, subjects: int, already: int) -> None:
    """An identity link for each of subjects `already`..`subjects` (phone, bank account or address in turn), written
    straight into onboarding's database in batches — setting the scene is not what is measured."""
    client = pymongo.MongoClient(system.mongodb_uri)
    links = client[system.settings.database_name("onboarding")]["identity_links"]
    now = datetime.now(UTC)
    kinds = ("phone", "bank", "address")
    for start in range(already, subjects, 5_000):
        docs = [{"_id": f"{kinds[i % 3]}:{tag}-{i}|{tag}-s{i}", "key": f"{kinds[i % 3]}:{tag}-{i}",
                 "kind": kinds[i % 3], "subject_id": f"{tag}-s{i}", "at": now}
                for i in range(start, min(start + 5_000, subjects))]
        links.insert_many(docs, ordered=False)
    client.close()


def graph_lookups(cluster, probe: str) -> dict:
    """`LOOKUPS` calls of subject_links for a subject sharing identities with two others (the answer is checked)."""
    times = []
    for _ in range(LOOKUPS):
        started = time.perf_counter()
        answer = cluster.onboarding.subject_links(probe)
        times.append(time.perf_counter() - started)
    assert len(answer["links"]) == 2, answer
    return {**summary_ms(times), "mean_ms": round(statistics.mean(times) * 1000, 3)}


def graph(system, cluster, tag: str) -> dict:
    """The probe subject (an active merchant made through the API) and two others share its phone and bank."""
    client = pymongo.MongoClient(system.mongodb_uri)
    onboarding = client[system.settings.database_name("onboarding")]
    probe, now = f"{tag}-probe", datetime.now(UTC)
    onboarding["subjects"].insert_one({"_id": probe, "subject_type": "merchant", "status": "active", "history": [],
                                       "identity_keys": [], "created_at": now})
    shared = [("phone", f"phone:{tag}-shared-phone"), ("bank", f"bank:{tag}-shared-bank")]
    onboarding["identity_links"].insert_many(
        [{"_id": f"{key}|{who}", "key": key, "kind": kind, "subject_id": who, "at": now}
         for who in (probe, f"{tag}-other-1", f"{tag}-other-2") for kind, key in shared])
    client.close()
    result, already = {}, 0
    for size in GRAPH_SIZES:
        started = time.perf_counter()
        seed_links(system, tag, size, already)
        already = size
        result[str(size)] = {"seeded_s": round(time.perf_counter() - started, 1), **graph_lookups(cluster, probe)}
        print(f"liability graph at {size:,} subjects: lookup p50 {result[str(size)]['p50_ms']:.1f} ms, "
              f"p99 {result[str(size)]['p99_ms']:.1f} ms", flush=True)
    small, large = result[str(GRAPH_SIZES[0])], result[str(GRAPH_SIZES[-1])]
    result["ratio_p50"] = round(large["p50_ms"] / small["p50_ms"], 2)
    return result


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    logging.getLogger("amqp").setLevel(logging.ERROR)
    tag = uuid.uuid4().hex[:6]
    results = {"seconds": SECONDS, "aims": AIMS, "rates": {}}
    with Environment() as env:
        system = env.system()
        try:
            with ClusterRpcProxy({"AMQP_URI": env.amqp_uri}, timeout=300) as cluster:
                offer(env.amqp_uri, "blacklist", f"warm{tag}", 10)
                for rate in RATES:
                    row = results["rates"][str(rate)] = {}
                    for kind in ("blacklist", "sanction"):
                        offer(env.amqp_uri, kind, f"{kind}{rate}x{tag}", rate)
                        wait_in_step(system, cluster.reputation.blacklist_head()["head"])
                        row[kind] = applied_everywhere(system, f"{kind}{rate}x{tag}", sanction=kind == "sanction")
                        seen = row[kind]["all_five"]
                        print(f"{kind} change applied in all five at {rate}/s: n {seen['n']}, p50 "
                              f"{seen['p50_ms']:.0f} ms, p99 {seen['p99_ms']:.0f} ms", flush=True)
                    row["sanction_p99_vs_blacklist_p99"] = round(
                        row["sanction"]["all_five"]["p99_ms"] / row["blacklist"]["all_five"]["p99_ms"], 2)
                results["graph"] = graph(system, cluster, f"g{tag}")
        finally:
            system.stop()
    path = write_result("sanctions", results)
    ratios = {rate: row["sanction_p99_vs_blacklist_p99"] for rate, row in results["rates"].items()}
    print(f"sanction p99 / blacklist p99 per rate: {ratios}; graph lookup 1M / 1k (p50): "
          f"{results['graph']['ratio_p50']}; results: {path}")


if __name__ == "__main__":
    main()
