"""`make bench`: blacklist propagation latency (decision commit -> applied in all five services) at 20 and
100 changes/s, the 400 changes/s drain, and two baselines measured in the same run on the same broker and
store: a raw pika fanout to five queues, and that fanout plus one store write per consumer."""

import json
import logging
import signal
import threading
import time
import uuid

import pika
import pymongo
from nameko.standalone.rpc import ClusterRpcProxy

from tianping import SERVICE_NAMES

from .common import Environment, paced, summary_ms, write_result

RATES = (20, 100)
SECONDS = 5
BURST_RATE, BURST_SECONDS = 400, 2


def fanout_baseline(amqp_uri: str, mongodb_uri: str | None, rate: float, count: int) -> dict:
    """Publish `count` messages at `rate` to a fanout exchange bound to five queues; each consumer (optionally
    after one insert into the store) records its latency. Per message: the slowest of the five."""
    tag = uuid.uuid4().hex[:6]
    exchange = f"bench-fanout-{tag}"
    setup = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = setup.channel()
    channel.exchange_declare(exchange, exchange_type="fanout", durable=True)
    queues = [f"{exchange}-{i}" for i in range(5)]
    for q in queues:
        channel.queue_declare(q, durable=True)
        channel.queue_bind(q, exchange)
    latencies = [dict() for _ in queues]
    done = [threading.Event() for _ in queues]
    ready = threading.Barrier(len(queues) + 1)

    def consume(index: int, queue: str):
        conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        ch = conn.channel()
        ch.basic_qos(prefetch_count=10)
        collection = None
        if mongodb_uri:
            collection = pymongo.MongoClient(mongodb_uri)[f"bench_{tag}"][f"consumer{index}"]
            collection.insert_one({"warm": True})
        ready.wait()
        for method, _props, body in ch.consume(queue, inactivity_timeout=30):
            if method is None:
                break
            msg = json.loads(body)
            if collection is not None:
                collection.insert_one({"i": msg["i"], "seq": msg["i"]})
            latencies[index][msg["i"]] = time.time() - msg["t"]
            ch.basic_ack(method.delivery_tag)
            if len(latencies[index]) == count:
                break
        ch.cancel()
        conn.close()
        done[index].set()

    threads = [threading.Thread(target=consume, args=(i, q), daemon=True) for i, q in enumerate(queues)]
    for t in threads:
        t.start()
    ready.wait()
    channel.confirm_delivery()
    for i in paced(rate, count):
        channel.basic_publish(exchange, "", json.dumps({"i": i, "t": time.time()}),
                              pika.BasicProperties(delivery_mode=2, content_type="application/json"))
    for event in done:
        event.wait(60)
    for q in queues:
        channel.queue_delete(q)
    channel.exchange_delete(exchange)
    setup.close()
    per_message = [max(lat[i] for lat in latencies) for i in range(count) if all(i in lat for lat in latencies)]
    return summary_ms(per_message)


def commit_changes(cluster, tag: str, rate: float, count: int) -> tuple[list[int], float, float]:
    started = time.perf_counter()
    pending = [cluster.reputation.blacklist_add.call_async(
        {"subject_id": f"{tag}-{i}", "subject_type": "merchant", "reason": "benchmark", "rule_ids": ["R-REP-13"]},
        "bench") for i in paced(rate, count)]
    seqs = [p.result()["seq"] for p in pending]
    finished = time.perf_counter()
    return seqs, count / (finished - started), finished  # commits confirmed per second


def wait_in_step(system, head: int, timeout: float = 120) -> float:
    """Poll each replica's cursor document directly (one indexed read each, every 50 ms) so that the
    measurement itself adds next to no load to the store it measures."""
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
    client = pymongo.MongoClient(system.mongodb_uri, tz_aware=True)
    worst = {}
    per_service = {}
    for service in SERVICE_NAMES:
        db = client[system.settings.database_name(service)]
        rows = db["blacklist_applied"].find({"seq": {"$gte": min(seqs), "$lte": max(seqs)}},
                                            {"seq": 1, "committed_at": 1, "applied_at": 1})
        lat = {r["seq"]: (r["applied_at"] - r["committed_at"]).total_seconds() for r in rows}
        per_service[service] = summary_ms(list(lat.values()))
        for seq, value in lat.items():
            worst[seq] = max(worst.get(seq, 0.0), value)
    client.close()
    return {"all_five": summary_ms(list(worst.values())), "per_service": per_service}


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))  # clean up on kill
    logging.getLogger("amqp").setLevel(logging.ERROR)  # 'method during closing channel' noise
    results = {"rates": {}, "notes": []}
    with Environment() as env:
        system = env.system()
        try:
            with ClusterRpcProxy({"AMQP_URI": env.amqp_uri}, timeout=300) as cluster:
                commit_changes(cluster, "warmup", 20, 20)
                wait_in_step(system, cluster.reputation.blacklist_head()["head"])
                for rate in RATES:
                    count = rate * SECONDS
                    seqs, achieved, _ = commit_changes(cluster, f"r{rate}", rate, count)
                    wait_in_step(system, max(seqs))
                    tianping = propagation(system, seqs)
                    raw = fanout_baseline(env.amqp_uri, None, rate, count)
                    with_write = fanout_baseline(env.amqp_uri, env.mongodb_uri, rate, count)
                    results["rates"][str(rate)] = {
                        "changes": count, "achieved_commit_rate": round(achieved, 1),
                        "tianping": tianping, "baseline_raw_fanout": raw, "baseline_fanout_plus_write": with_write,
                        "ratio_p50_vs_fanout_plus_write": round(tianping["all_five"]["p50_ms"] / with_write["p50_ms"], 2),
                        "ratio_p99_vs_fanout_plus_write": round(tianping["all_five"]["p99_ms"] / with_write["p99_ms"], 2),
                        "ratio_p99_vs_raw_fanout": round(tianping["all_five"]["p99_ms"] / raw["p99_ms"], 2),
                    }
                    print(f"{rate:>4}/s  tianping p50 {tianping['all_five']['p50_ms']:.2f} ms "
                          f"p99 {tianping['all_five']['p99_ms']:.2f} ms | raw fanout p99 {raw['p99_ms']:.2f} ms | "
                          f"fanout+write p99 {with_write['p99_ms']:.2f} ms", flush=True)
                count = BURST_RATE * BURST_SECONDS
                seqs, achieved, last_commit = commit_changes(cluster, "burst", BURST_RATE, count)
                drain = wait_in_step(system, max(seqs))
                burst = propagation(system, seqs)
                results["burst_400"] = {"changes": count, "achieved_commit_rate": round(achieved, 1),
                                        "drain_after_last_commit_s": round(drain, 3), "tianping": burst,
                                        "aim_drain_within_s": 5}
                print(f" 400/s  offered; commits confirmed {achieved:.0f}/s; every replica drained "
                      f"{drain:.2f} s after the last commit; p99 {burst['all_five']['p99_ms']:.1f} ms", flush=True)
        finally:
            system.stop()
    results["aims"] = {"p99_ms_at_100_per_s": 50, "ratio_vs_fanout_plus_write": 5, "drain_s_at_400_per_s": 5}
    path = write_result("propagation", results)
    print(f"results: {path}")


if __name__ == "__main__":
    main()
