"""`make bench`: the blacklist under load (issue 14). Decision commit -> applied in all five services at 20, 100 and
400 changes/s offered, a burst of 5,000 changes, and an MCN cascade (1,000 contracted hosts, 50,000 listings); next
to what this machine can do measured in the same run on the same broker and store:

- the store's own ceiling: one client's insert_one rate, and a 20-document insert_many rate;
- a raw pika fanout to five queues, and that fanout plus one store write per consumer — each consumer in its own
  process (threads in one Python process share the GIL and are no ceiling).

Load is offered by client processes of their own. Store round trips are counted by each service's pymongo command
monitoring (tianping.infra.roundtrips) and read through the `blacklist_status` / `blacklist_commit_stats` RPCs."""

import argparse
import json
import logging
import multiprocessing
import signal
import sys
import threading
import time
import uuid
from datetime import UTC, datetime

import pika
import pymongo
from nameko.standalone.rpc import ClusterRpcProxy

from tianping import SERVICE_NAMES

from .common import Environment, paced, percentile, summary_ms, write_result

STEADY = ((20, 10), (100, 30), (400, 30))     # (changes/s offered, seconds)
BASELINE_SECONDS = 10
BURST = 5_000
CLIENTS = 2                                   # load-generating processes
MCN_HOSTS, MCN_LISTINGS = 1_000, 50_000
AIMS = {"20": {"p99_vs_fanout_plus_write": 3.0}, "100": {"commits_per_s": 98, "p99_ms": 50},
        "400": {"commits_per_s": 390, "p99_ms": 250, "round_trips_per_change": 0.3},
        "burst": {"replicas_equal_within_s": 10}}


# -- what the machine can do -----------------------------------------------------------------------------------
def store_ceiling(mongodb_uri: str) -> dict:
    """One client, nothing else running: insert_one per second, and documents per second in 20-document
    insert_many calls (the shape of a batched commit)."""
    client = pymongo.MongoClient(mongodb_uri)
    collection = client[f"bench_ceiling_{uuid.uuid4().hex[:6]}"]["docs"]
    collection.insert_one({"warm": True})
    started = time.perf_counter()
    for i in range(1_000):
        collection.insert_one({"i": i, "subject_id": f"s{i}", "action": "add"})
    one = 1_000 / (time.perf_counter() - started)
    started = time.perf_counter()
    for b in range(100):
        collection.insert_many([{"i": b * 20 + j, "subject_id": f"t{b}-{j}", "action": "add"} for j in range(20)])
    many = 2_000 / (time.perf_counter() - started)
    client.drop_database(collection.database.name)
    client.close()
    return {"insert_one_per_s": round(one, 1), "insert_many_20_docs_per_s": round(many, 1)}


def _baseline_consumer(amqp_uri, mongodb_uri, queue, tag, index, count, ready, results):
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = conn.channel()
    channel.basic_qos(prefetch_count=10)
    collection = None
    if mongodb_uri:
        collection = pymongo.MongoClient(mongodb_uri)[f"bench_{tag}"][f"consumer{index}"]
        collection.insert_one({"warm": True})
    ready.wait()
    latencies = {}
    for method, _props, body in channel.consume(queue, inactivity_timeout=30):
        if method is None:
            break
        msg = json.loads(body)
        if collection is not None:
            collection.insert_one({"i": msg["i"], "seq": msg["i"]})
        latencies[msg["i"]] = time.time() - msg["t"]
        channel.basic_ack(method.delivery_tag)
        if len(latencies) == count:
            break
    conn.close()
    results.put(latencies)


def fanout_baseline(amqp_uri: str, mongodb_uri: str | None, rate: float, count: int) -> dict:
    """Publish `count` messages at `rate` to a fanout exchange bound to five queues, each consumed by its own
    process (optionally writing one document per message). Per message: the slowest of the five."""
    tag = uuid.uuid4().hex[:6]
    exchange = f"bench-fanout-{tag}"
    setup = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = setup.channel()
    channel.exchange_declare(exchange, exchange_type="fanout", durable=True)
    queues = [f"{exchange}-{i}" for i in range(5)]
    for q in queues:
        channel.queue_declare(q, durable=True)
        channel.queue_bind(q, exchange)
    mp = multiprocessing.get_context("spawn")
    ready, results = mp.Barrier(len(queues) + 1), mp.Queue()
    consumers = [mp.Process(target=_baseline_consumer, args=(amqp_uri, mongodb_uri, q, tag, i, count, ready, results),
                            daemon=True) for i, q in enumerate(queues)]
    for p in consumers:
        p.start()
    ready.wait()
    channel.confirm_delivery()
    for i in paced(rate, count):
        channel.basic_publish(exchange, "", json.dumps({"i": i, "t": time.time()}),
                              pika.BasicProperties(delivery_mode=2, content_type="application/json"))
    latencies = [results.get(timeout=120) for _ in consumers]
    for p in consumers:
        p.join(10)
    for q in queues:
        channel.queue_delete(q)
    channel.exchange_delete(exchange)
    setup.close()
    if mongodb_uri:
        client = pymongo.MongoClient(mongodb_uri)
        client.drop_database(f"bench_{tag}")
        client.close()
    per_message = [max(lat[i] for lat in latencies) for i in range(count) if all(i in lat for lat in latencies)]
    return summary_ms(per_message)


# -- offering load ---------------------------------------------------------------------------------------------
def _client(amqp_uri, tag, rate, count, window, start_at, results):
    """One load-generating process: `count` blacklist_add calls, paced at `rate` (None: as fast as `window` calls in
    flight allow). Reports the sequence numbers, the first send and the last answer (wall clock)."""
    logging.getLogger("amqp").setLevel(logging.ERROR)
    with ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=300) as cluster:
        add = cluster.reputation.blacklist_add
        while time.time() < start_at:
            time.sleep(0.001)
        first, in_flight, seqs = time.time(), [], []
        ticks = paced(rate, count) if rate else range(count)
        for i in ticks:
            in_flight.append(add.call_async({"subject_id": f"{tag}-{i}", "subject_type": "merchant",
                                             "reason": "benchmark", "rule_ids": ["R-REP-13"]}, "bench"))
            if len(in_flight) >= window:
                seqs.append(in_flight.pop(0).result()["seq"])
        seqs += [p.result()["seq"] for p in in_flight]
        results.put({"seqs": seqs, "first": first, "last": time.time()})


def offer(amqp_uri: str, tag: str, rate: float | None, count: int, window: int = 10_000) -> dict:
    mp = multiprocessing.get_context("spawn")
    results = mp.Queue()
    start_at = time.time() + 3  # every client connected before the first call
    share = count // CLIENTS
    clients = [mp.Process(target=_client, args=(amqp_uri, f"{tag}-c{n}", rate / CLIENTS if rate else None,
                                                share + (count % CLIENTS if n == 0 else 0), window, start_at, results),
                          daemon=True) for n in range(CLIENTS)]
    for p in clients:
        p.start()
    reports = [results.get(timeout=900) for _ in clients]
    for p in clients:
        p.join(10)
    seqs = sorted(s for r in reports for s in r["seqs"])
    first, last = min(r["first"] for r in reports), max(r["last"] for r in reports)
    return {"seqs": seqs, "commits_per_s": round(len(seqs) / (last - first), 1), "last_commit_at": last}


class LagSampler(threading.Thread):
    """Every 0.5 s: the authority's head and each replica's cursor, read directly from the store (one indexed
    read each), so the lag curve can be checked for growth."""

    def __init__(self, system):
        super().__init__(daemon=True)
        self.client = pymongo.MongoClient(system.mongodb_uri)
        self.counter = self.client[system.settings.database_name("reputation")]["counters"]
        self.cursors = [self.client[system.settings.database_name(s)]["blacklist_cursor"] for s in SERVICE_NAMES]
        self.samples: list[tuple[float, int]] = []
        self.stopping = threading.Event()

    def lag(self) -> int:
        head = (self.counter.find_one({"_id": "blacklist_seq"}) or {}).get("value", 0)
        return head - min((c.find_one({"_id": "cursor"}) or {}).get("applied_seq", 0) for c in self.cursors)

    def run(self):
        while not self.stopping.wait(0.5):
            self.samples.append((time.time(), self.lag()))

    def summary(self, since: float, until: float) -> dict:
        self.stopping.set()
        self.join(5)
        self.client.close()
        window = [lag for at, lag in self.samples if since + 2 <= at <= until]  # the first 2 s ramp up
        half = len(window) // 2
        first, second = window[:half] or [0], window[half:] or [0]
        return {"samples": len(window), "mean_first_half": round(sum(first) / len(first), 1),
                "mean_second_half": round(sum(second) / len(second), 1), "max": max(window or [0]),
                "p50": percentile(window, 50) if window else 0}


def wait_in_step(system, head: int, timeout: float = 180) -> float:
    """Seconds until every replica's cursor reaches `head` (polled directly every 50 ms)."""
    client = pymongo.MongoClient(system.mongodb_uri)
    cursors = [client[system.settings.database_name(s)]["blacklist_cursor"] for s in SERVICE_NAMES]
    started = time.perf_counter()
    try:
        while time.perf_counter() - started < timeout:
            if all((c.find_one({"_id": "cursor"}) or {}).get("applied_seq", 0) >= head for c in cursors):
                return time.perf_counter() - started
            time.sleep(0.05)
    finally:
        client.close()
    raise RuntimeError(f"replicas did not reach seq {head} within {timeout}s")


def propagation(system, seqs) -> dict:
    low, high = min(seqs), max(seqs)
    return applied_everywhere(system, {}, lambda h: low <= h["seq"] <= high)


def applied_everywhere(system, query: dict, counts) -> dict:
    """Per change: the slowest of the five replicas from commit to applied; and per service. The replicas' entries
    matching `query`, their history steps for which `counts(step)`."""
    client = pymongo.MongoClient(system.mongodb_uri, tz_aware=True)
    worst, per_service = {}, {}
    for service in SERVICE_NAMES:
        entries = client[system.settings.database_name(service)]["blacklist_replica"].find(query, {"history": 1})
        lat = {h["seq"]: (h["applied_at"] - h["committed_at"]).total_seconds()
               for entry in entries for h in entry.get("history", []) if counts(h)}
        per_service[service] = summary_ms(list(lat.values()))
        for seq, value in lat.items():
            worst[seq] = max(worst.get(seq, 0.0), value)
    client.close()
    return {"all_five": summary_ms(list(worst.values())), "per_service": per_service}


# -- round trips -----------------------------------------------------------------------------------------------
def counters(cluster) -> dict:
    """Store round trips so far, per service and kind of work, and the changes that work handled."""
    statuses = {s: getattr(cluster, s).blacklist_status() for s in SERVICE_NAMES}
    return {"authority": cluster.reputation.blacklist_commit_stats(),
            "replicas": {s: st["round_trips"] for s, st in statuses.items()}}


def round_trips_between(before: dict, after: dict) -> dict:
    def per_change(a, b):
        changes = b["changes"] - a["changes"]
        trips = b["store_round_trips"] - a["store_round_trips"]
        return {"store_round_trips": trips, "changes": changes,
                "per_change": round(trips / changes, 3) if changes else None}

    authority_a, authority_b = before["authority"], after["authority"]
    batches = authority_b["transactions"] - authority_a["transactions"]
    committed = authority_b["changes"] - authority_a["changes"]
    return {"authority": {**per_change(authority_a, authority_b), "transactions": batches,
                          "mean_commit_batch": round(committed / batches, 1) if batches else None},
            "replicas": {s: per_change(before["replicas"][s], after["replicas"][s]) for s in SERVICE_NAMES}}


def total_round_trips(cluster) -> dict:
    return {s: sum(getattr(cluster, s).blacklist_status()["round_trips_by_work"].values()) for s in SERVICE_NAMES}


# -- the MCN cascade -------------------------------------------------------------------------------------------
def seed_mcn(system, tag: str) -> tuple[str, list[str]]:
    """An active MCN with MCN_HOSTS active contracted hosts, and MCN_LISTINGS published listings hosted by them —
    written straight into the two services' databases (setting the scene is not what is measured)."""
    client = pymongo.MongoClient(system.mongodb_uri)
    onboarding = client[system.settings.database_name("onboarding")]
    listing = client[system.settings.database_name("listing")]
    now = datetime.now(UTC)
    mcn, hosts = f"{tag}-mcn", [f"{tag}-host-{i}" for i in range(MCN_HOSTS)]
    onboarding["subjects"].insert_many([{"_id": sid, "subject_type": kind, "status": "active", "history": [],
                                         "identity_keys": [], "created_at": now}
                                        for sid, kind in [(mcn, "mcn")] + [(h, "host") for h in hosts]])
    onboarding["contracts"].insert_many([{"mcn_id": mcn, "host_id": h, "status": "active", "signed_at": now}
                                         for h in hosts])
    for start in range(0, MCN_LISTINGS, 5_000):
        listing["listings"].insert_many([{"_id": f"{tag}-l{i}", "operator_id": f"{tag}-merchant-{i % 50}",
                                          "host_id": hosts[i % MCN_HOSTS], "title": f"listing {i}",
                                          "status": "published", "trail": [], "created_at": now}
                                         for i in range(start, min(start + 5_000, MCN_LISTINGS))])
    client.close()
    return mcn, hosts


def mcn_cascade(system, cluster, tag: str) -> dict:
    mcn, hosts = seed_mcn(system, tag)
    client = pymongo.MongoClient(system.mongodb_uri)
    subjects = client[system.settings.database_name("onboarding")]["subjects"]
    listings = client[system.settings.database_name("listing")]["listings"]
    before = total_round_trips(cluster)
    started = time.perf_counter()
    cluster.reputation.blacklist_add({"subject_id": mcn, "subject_type": "mcn", "reason": "benchmark cascade",
                                      "rule_ids": ["R-REP-13"]}, "bench")
    hosts_done = listings_done = None
    # polled once a second with indexed equality reads (the embedded store scans for $in over a field other than
    # _id: a poll like that would load the store it measures); every listing is counted once the samples are done
    samples = [hosts[0], hosts[len(hosts) // 2], hosts[-1]]
    while time.perf_counter() - started < 900 and (hosts_done is None or listings_done is None):
        if hosts_done is None and subjects.find_one({"_id": {"$in": hosts}, "status": "active"}, {"_id": 1}) is None:
            hosts_done = time.perf_counter() - started
        if listings_done is None and all(listings.find_one({"host_id": h, "status": "published"}, {"_id": 1}) is None
                                         for h in samples) and listings.count_documents({"status": "published"}) == 0:
            listings_done = time.perf_counter() - started
        time.sleep(1)
    time.sleep(1)  # let the last reactions' bookkeeping land before counting
    spent = {s: n - before[s] for s, n in total_round_trips(cluster).items()}
    client.close()
    return {"hosts": len(hosts), "listings": MCN_LISTINGS, "all_hosts_suspended_s": round(hosts_done or -1, 2),
            "all_listings_withdrawn_s": round(listings_done or -1, 2), "store_round_trips": spent,
            "store_round_trips_total": sum(spent.values())}


# -- the run ---------------------------------------------------------------------------------------------------
def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.propagation", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", type=lambda v: [int(r) for r in v.split(",")],
                        help="a probe: only these offered rates (comma-separated, e.g. 100), no baselines, burst or "
                             "MCN cascade; written as propagation-probe-*.json (propagation-latest.json untouched)")
    parser.add_argument("--seconds", type=int, help="seconds per rate (default: 10 at 20/s, else 30)")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="an environment variable for every service process (repeatable)")
    return parser.parse_args(argv)


def steady(options: argparse.Namespace | None) -> tuple[tuple[int, int], ...]:
    if options is None or not options.rates:
        return STEADY
    return tuple((rate, options.seconds or dict(STEADY).get(rate, 30)) for rate in options.rates)


def main(options: argparse.Namespace | None = None) -> None:
    """The whole benchmark (`make bench`), or a probe of chosen rates only (`python -m bench.propagation --rates 100
    --seconds 20`)."""
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))  # clean up on kill
    logging.getLogger("amqp").setLevel(logging.ERROR)  # 'method during closing channel' noise
    probe = options is not None and bool(options.rates)
    results = {"rates": {}, "aims": AIMS}
    with Environment() as env:
        if not probe:
            machine_baselines(env, results)
        system = env.system(**dict(pair.split("=", 1) for pair in (options.env if options else [])))
        try:
            with ClusterRpcProxy({"AMQP_URI": env.amqp_uri}, timeout=300) as cluster:
                offer(env.amqp_uri, "warmup", 20, 40)
                wait_in_step(system, cluster.reputation.blacklist_head()["head"])
                for rate, seconds in steady(options):
                    before, sampler = counters(cluster), LagSampler(system)
                    sampler.start()
                    began = time.time()
                    offered = offer(env.amqp_uri, f"r{rate}", rate, rate * seconds)
                    lag = sampler.summary(began, offered["last_commit_at"])
                    drain = wait_in_step(system, offered["seqs"][-1])
                    trips = round_trips_between(before, counters(cluster))
                    seen = propagation(system, offered["seqs"])
                    row = {"offered_per_s": rate, "seconds": seconds, "changes": len(offered["seqs"]),
                           "commits_per_s": offered["commits_per_s"], "tianping": seen, "lag": lag,
                           "drained_after_last_commit_s": round(drain, 3), "round_trips": trips}
                    if str(rate) in results.get("baselines", {}):
                        base = results["baselines"][str(rate)]["fanout_plus_write"]
                        row["ratio_p99_vs_fanout_plus_write"] = round(seen["all_five"]["p99_ms"] / base["p99_ms"], 2)
                    results["rates"][str(rate)] = row
                    worst_replica = max(v["per_change"] or 0 for v in trips["replicas"].values())
                    print(f"{rate:>4}/s for {seconds} s: commits {offered['commits_per_s']}/s, all-five p50 "
                          f"{seen['all_five']['p50_ms']:.0f} ms p99 {seen['all_five']['p99_ms']:.0f} ms, lag "
                          f"{lag['mean_first_half']} -> {lag['mean_second_half']} (max {lag['max']}), batch "
                          f"{trips['authority']['mean_commit_batch']}, round trips/change authority "
                          f"{trips['authority']['per_change']} replicas <= {worst_replica}", flush=True)
                if probe:
                    return
                before = counters(cluster)
                offered = offer(env.amqp_uri, "burst", None, BURST, window=200)
                wait_in_step(system, offered["seqs"][-1])
                equal_after = max(0.0, time.time() - offered["last_commit_at"])
                results["burst"] = {"changes": len(offered["seqs"]), "commits_per_s": offered["commits_per_s"],
                                    "replicas_equal_after_last_commit_s": round(equal_after, 3),
                                    "round_trips": round_trips_between(before, counters(cluster)),
                                    "tianping": propagation(system, offered["seqs"])}
                print(f"burst of {BURST}: commits {offered['commits_per_s']}/s, all five equal to the authority "
                      f"{equal_after:.2f} s after the last commit", flush=True)
                results["mcn_cascade"] = mcn_cascade(system, cluster, "cascade")
                c = results["mcn_cascade"]
                print(f"MCN with {c['hosts']} hosts and {c['listings']} listings: hosts suspended in "
                      f"{c['all_hosts_suspended_s']} s, listings withdrawn in {c['all_listings_withdrawn_s']} s, "
                      f"{c['store_round_trips_total']} store round trips", flush=True)
        finally:
            system.stop()
            if probe:
                print(f"results: {write_result('propagation-probe', results)}")
    print(f"results: {write_result('propagation', results)}")


def machine_baselines(env, results: dict) -> None:
    """What this machine can do, in the same run: the store's ceiling, a fanout and a fanout plus one write."""
    results["store_ceiling"] = store_ceiling(env.mongodb_uri)
    print(f"store ceiling: insert_one {results['store_ceiling']['insert_one_per_s']}/s, insert_many of 20: "
          f"{results['store_ceiling']['insert_many_20_docs_per_s']} docs/s", flush=True)
    results["baselines"] = {str(rate): {
        "raw_fanout": fanout_baseline(env.amqp_uri, None, rate, rate * BASELINE_SECONDS),
        "fanout_plus_write": fanout_baseline(env.amqp_uri, env.mongodb_uri, rate, rate * BASELINE_SECONDS)}
        for rate in (20, 100)}
    for rate, b in results["baselines"].items():
        print(f"baseline {rate:>3}/s: raw fanout p99 {b['raw_fanout']['p99_ms']:.1f} ms, fanout + write p99 "
              f"{b['fanout_plus_write']['p99_ms']:.1f} ms (one process per consumer)", flush=True)


if __name__ == "__main__":
    main(parse(sys.argv[1:]))
