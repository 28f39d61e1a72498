"""Live-room moderation benchmark (issue 26): segments decided per second end to end over AMQP (the live system's
path: batches of 500 on live.events, listing's durable queue, decisions stored), the latency from publishing a
segment to its decision at a steady 1,000 segments/s (p50/p99, from each segment's `at` — set when it is published
— to its `decided_at` — when listing had decided its batch), next to a same-run baseline of the matcher alone on the
same texts (before and after the system ran: the machine is shared). Listing's and the store's CPU per 1,000 segments
(/proc) are set beside the matcher's own CPU per 1,000: the ratio holds better than rates when other work shares the
cores. TIANPING_BENCH_PYSPY=1 samples listing with py-spy during the burst (collapsed stacks in bench/results/)."""

import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pika

from services.listing import live_rules
from services.listing.usecases import POLICY
from services.listing.usecases.lexicons import DEFAULT
from tests.onboarding.cases import host, merchant
from tianping.lib import envelope

from .common import RESULTS, Environment, summary_ms, write_result
from .gateway import _http
from .profile import cpu_ms

TEXTS = ["这件衬衫是纯棉的, 尺码齐全", "主播好美", "全网最低价, 最好的衬衫", "什么时候发货", "颜色真好看",
         "加我微信abc12345下单更便宜", "链接在哪里", "有没有大码", "这个能机洗吗", "已下单, 期待"]
ROOM = {"licence_info": "营业执照 91440300MA5XXXXX", "dispute_channel": "平台客服-纠纷入口",
        "service_hotline": "400-800-1234"}


def texts(n: int, rng: random.Random) -> list[str]:
    return [f"{rng.choice(TEXTS)} {i}" for i in range(n)]


def matcher_alone(sample: list[str]) -> tuple[float, float]:
    """Segments per second of the judgement alone (no store, no broker), on the same texts; and its CPU ms per 1,000."""
    lexicon = live_rules.rules.CompiledLexicon(DEFAULT)
    live_rules.judge("comment", sample[0], lexicon, POLICY["live"])  # the segmenter loaded, as in a running listing
    started, cpu = time.perf_counter(), time.process_time()
    for text in sample:
        live_rules.judge("comment", text, lexicon, POLICY["live"])
    return len(sample) / (time.perf_counter() - started), (time.process_time() - cpu) * 1e6 / len(sample)


def spy(pid: int, name: str) -> subprocess.Popen | None:
    """TIANPING_BENCH_PYSPY=1: py-spy samples listing during the burst (collapsed stacks under bench/results/)."""
    if not os.environ.get("TIANPING_BENCH_PYSPY"):
        return None
    out = RESULTS / f"live-{name}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.txt"
    return subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(pid), "--rate",
                             "200", "--nonblocking", "--format", "raw", "--output", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def go_live(system, token_for) -> str:
    for application in (merchant(subject_id="bench-m"), host(subject_id="bench-h")):
        _http(f"{system.gateway_url}/v1/applications", "POST", application, token_for("ops", "platform_admin"))
    _http(f"{system.gateway_url}/v1/rooms/bench-room", "PUT", ROOM, token_for("bench-m", "merchant"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, answer = _http(f"{system.gateway_url}/v1/rooms/bench-room/sessions", "POST",
                               {"host_id": "bench-h", "operator_id": "bench-m"}, token_for("ops", "platform_admin"))
        if status == 201:
            return answer["session_id"]
        time.sleep(0.2)
    raise RuntimeError(f"could not go live: {answer}")


def publish(channel, sid: str, first: int, batch: list[str]) -> None:
    at = datetime.now(UTC).isoformat()
    segments = [{"seq": first + i, "kind": "comment", "text": t, "at": at} for i, t in enumerate(batch)]
    body = envelope.wrap("segment_batch", "live", {"room_id": "bench-room", "session_id": sid, "segments": segments})
    channel.basic_publish("live.events", "segment_batch", json.dumps(body),
                          pika.BasicProperties(content_type="application/json", delivery_mode=2))


def decided(system, sid: str, token: str) -> int:
    status, session = _http(f"{system.gateway_url}/v1/rooms/bench-room/sessions/{sid}", "GET", None, token)
    return session["counts"].get("segments", 0) if status == 200 else 0


def stored_latencies(env, system, sid: str, first: int) -> list[float]:
    """Publish-to-decision of the segments from seq `first`, read from the store (`at` to `decided_at`) in one query:
    no gateway deadline on a loaded machine (the replay route read a range of _id, which the embedded store scanned
    whole, 2-4 s a page at 20,000 segments, until the (session_id, seq) index)."""
    import pymongo

    with pymongo.MongoClient(env.mongodb_uri) as client:
        rows = client[f"{system.settings.db_prefix}_listing"]["live_segments"].find(
            {"session_id": sid, "seq": {"$gte": first}}, {"at": 1, "decided_at": 1, "received_at": 1})
        return [((r.get("decided_at") or r["received_at"]) - r["at"]).total_seconds() for r in rows]


def main(total: int = 10_000, steady_seconds: int = 10, rate: int = 1_000) -> None:
    from gateway.auth import mint

    rng, results = random.Random(26), {}
    sample = texts(total, rng)
    rate_before, cpu_before_ms = matcher_alone(sample[:2_000])
    results["matcher_alone_per_second"] = round(rate_before)
    with Environment() as env:
        system = env.system()
        try:
            def token_for(sub, role):
                return mint(system.jwt_secret, sub, role)
            sid, reviewer = go_live(system, token_for), token_for("rev", "reviewer")
            connection = pika.BlockingConnection(pika.URLParameters(env.amqp_uri))
            channel = connection.channel()
            pids = {"listing": system.processes["listing"].pid,
                    **({"store": env.store.process.pid} if env.store is not None else {})}
            sampler = spy(pids["listing"], "listing")
            cpu_before, started = {n: cpu_ms(p) for n, p in pids.items()}, time.perf_counter()
            for first in range(0, total, 500):
                publish(channel, sid, first, sample[first:first + 500])
            while decided(system, sid, reviewer) < total:
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
            cpu = {n: round((cpu_ms(p) - cpu_before[n]) * 1000 / total) for n, p in pids.items()}
            if sampler is not None:
                sampler.send_signal(2)
                sampler.wait(30)
            results["burst"] = {"segments": total, "seconds": round(elapsed, 2),
                                "per_second": round(total / elapsed), "cpu_ms_per_1000_segments": cpu}
            per_tick, base = rate // 10, total  # steady: a batch every 100 ms
            for tick in range(steady_seconds * 10):
                tick_at = time.perf_counter()
                publish(channel, sid, base + tick * per_tick, sample[(tick * per_tick) % total:][:per_tick])
                time.sleep(max(0.0, 0.1 - (time.perf_counter() - tick_at)))
            steady_total = steady_seconds * 10 * per_tick
            while decided(system, sid, reviewer) < total + steady_total:
                time.sleep(0.05)
            connection.close()
            latencies = stored_latencies(env, system, sid, base)
            results["steady"] = {"rate_per_second": rate, **summary_ms(latencies)}
        finally:
            system.stop()
    rate_after, cpu_after_ms = matcher_alone(sample[:2_000])  # the machine's load moves: measured again
    results["matcher_alone_after_per_second"] = round(rate_after)
    matcher_cpu = min(cpu_before_ms, cpu_after_ms)
    results["matcher_alone_cpu_ms_per_1000_segments"] = round(matcher_cpu)
    results["ratio_to_matcher"] = round(results["burst"]["per_second"] / max(rate_before, rate_after), 2)
    results["listing_cpu_to_matcher_cpu"] = round(results["burst"]["cpu_ms_per_1000_segments"]["listing"] / matcher_cpu, 2)
    results["load_average"] = os.getloadavg()
    results["store_round_trips_per_1000_segments"] = 8  # 4 per batch of 500 (tests/listing/test_live_delivery.py measures)
    print(f"live: matcher alone {results['matcher_alone_per_second']}/s then "
          f"{results['matcher_alone_after_per_second']}/s; end to end over AMQP "
          f"{results['burst']['per_second']}/s ({total} segments, ratio {results['ratio_to_matcher']}; CPU ms per "
          f"1,000: {results['burst']['cpu_ms_per_1000_segments']}, matcher {round(matcher_cpu)}); at {rate}/s "
          f"publish->decision "
          f"p50 {results['steady']['p50_ms']:.0f} ms p99 {results['steady']['p99_ms']:.0f} ms", flush=True)
    print("results:", write_result("live", results))


if __name__ == "__main__":
    main()
