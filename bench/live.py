"""Live-room moderation benchmark (issue 26): segments decided per second end to end over AMQP (the live system's
path: batches of 500 on live.events, listing's durable queue, decisions stored), the latency from publishing a
segment to its decision at a steady 1,000 segments/s (p50/p99, from each segment's `at` — set when it is published
— to its `received_at` — when listing decided it), next to a same-run baseline of the matcher alone on the same
texts."""

import json
import random
import time
from datetime import UTC, datetime

import pika

from services.listing import live_rules
from services.listing.usecases import POLICY
from services.listing.usecases.lexicons import DEFAULT
from tests.onboarding.cases import host, merchant
from tianping.lib import envelope

from .common import Environment, summary_ms, write_result
from .gateway import _http

TEXTS = ["这件衬衫是纯棉的, 尺码齐全", "主播好美", "全网最低价, 最好的衬衫", "什么时候发货", "颜色真好看",
         "加我微信abc12345下单更便宜", "链接在哪里", "有没有大码", "这个能机洗吗", "已下单, 期待"]
ROOM = {"licence_info": "营业执照 91440300MA5XXXXX", "dispute_channel": "平台客服-纠纷入口",
        "service_hotline": "400-800-1234"}


def texts(n: int, rng: random.Random) -> list[str]:
    return [f"{rng.choice(TEXTS)} {i}" for i in range(n)]


def matcher_alone(sample: list[str]) -> float:
    """Segments per second of the judgement alone (no store, no broker), on the same texts."""
    lexicon = live_rules.rules.CompiledLexicon(DEFAULT)
    started = time.perf_counter()
    for text in sample:
        live_rules.judge("comment", text, lexicon, POLICY["live"])
    return len(sample) / (time.perf_counter() - started)


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


def replay_latencies(system, sid: str, token: str, first: int, last: int) -> list[float]:
    out, cursor = [], first
    while cursor is not None and cursor <= last:
        _, page = _http(f"{system.gateway_url}/v1/rooms/bench-room/sessions/{sid}/replay?from={cursor}&to={last}",
                        "GET", None, token)
        out += [(datetime.fromisoformat(i["received_at"]) - datetime.fromisoformat(i["at"])).total_seconds()
                for i in page["items"]]
        cursor = page["next_from"]
    return out


def main(total: int = 10_000, steady_seconds: int = 10, rate: int = 1_000) -> None:
    from gateway.auth import mint

    rng, results = random.Random(26), {}
    sample = texts(total, rng)
    results["matcher_alone_per_second"] = round(matcher_alone(sample[:2_000]))
    with Environment() as env:
        system = env.system()
        try:
            def token_for(sub, role):
                return mint(system.jwt_secret, sub, role)
            sid, reviewer = go_live(system, token_for), token_for("rev", "reviewer")
            connection = pika.BlockingConnection(pika.URLParameters(env.amqp_uri))
            channel = connection.channel()
            started = time.perf_counter()
            for first in range(0, total, 500):
                publish(channel, sid, first, sample[first:first + 500])
            while decided(system, sid, reviewer) < total:
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
            results["burst"] = {"segments": total, "seconds": round(elapsed, 2),
                                "per_second": round(total / elapsed)}
            per_tick, base = rate // 10, total  # steady: a batch every 100 ms
            for tick in range(steady_seconds * 10):
                tick_at = time.perf_counter()
                publish(channel, sid, base + tick * per_tick, sample[(tick * per_tick) % total:][:per_tick])
                time.sleep(max(0.0, 0.1 - (time.perf_counter() - tick_at)))
            steady_total = steady_seconds * 10 * per_tick
            while decided(system, sid, reviewer) < total + steady_total:
                time.sleep(0.05)
            connection.close()
            latencies = replay_latencies(system, sid, reviewer, base, base + steady_total - 1)
            results["steady"] = {"rate_per_second": rate, **summary_ms(latencies)}
        finally:
            system.stop()
    results["store_round_trips_per_1000_segments"] = 8  # 4 per batch of 500 (tests/listing/test_live_delivery.py measures)
    print(f"live: matcher alone {results['matcher_alone_per_second']}/s; end to end over AMQP "
          f"{results['burst']['per_second']}/s ({total} segments); at {rate}/s publish->decision "
          f"p50 {results['steady']['p50_ms']:.0f} ms p99 {results['steady']['p99_ms']:.0f} ms", flush=True)
    print("results:", write_result("live", results))


if __name__ == "__main__":
    main()
