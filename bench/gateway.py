"""Gateway throughput and latency for a read route and a write route, next to a bare nameko RPC call measured
in the same run (the gateway's overhead as a ratio), plus onboarding applications decided per second through
the gateway on the automatic path (issue 5)."""

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

from nameko.standalone.rpc import ClusterRpcProxy

from gateway.auth import mint

from .common import Environment, summary_ms, write_result
from .filings import MERCHANT_DOCUMENTS

CONCURRENCY = 8
REQUESTS = 400


def _http(url, method="GET", body=None, token=""):
    req = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None, method=method,
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def load(fn, total=REQUESTS, concurrency=CONCURRENCY) -> dict:
    """Run `fn(i)` `total` times from `concurrency` threads; returns throughput and latency percentiles."""
    latencies, errors, lock, counter = [], [], threading.Lock(), iter(range(total))

    def worker():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            started = time.perf_counter()
            ok = fn(i)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(i)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {"requests": total, "concurrency": concurrency, "per_second": round(total / wall, 1),
            "errors": len(errors), **summary_ms(latencies)}


def cluster_per_thread(amqp_uri: str):
    """A function answering this thread's own started ClusterRpcProxy (load() calls from many threads)."""
    local = threading.local()

    def cluster():
        if not hasattr(local, "proxy"):
            local.ctx = ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30)
            local.proxy = local.ctx.start()
        return local.proxy

    return cluster


def seed_orders(amqp_uri: str, tag: str, count: int, delivered: bool) -> None:
    """`count` paid orders (`tag`-o0 ...) of 40 buyers and 10 merchants, paid two days ago (and delivered then)."""
    paid = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    dates = {"paid_at": paid, **({"shipped_at": paid, "delivered_at": paid} if delivered else {})}
    with ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30) as cluster:
        for i in range(count):
            cluster.aftersale.record_order({
                "order_id": f"{tag}-o{i}", "consumer_id": f"{tag}-b{i % 40}", "merchant_id": f"{tag}-m{i % 10}",
                "items": [{"sku": "s1", "category": "apparel", "amount": "59.00"}], "total_amount": "59.00",
                **dates})


def versus_bare(what: str, bare, through_gateway, total: int) -> dict:
    """The same work `total` times by bare RPC and through the gateway, in one run, with the throughput ratio."""
    results = {f"bare_rpc_{what}": load(bare, total=total), f"gateway_{what}": load(through_gateway, total=total)}
    results["gateway_to_bare_throughput_ratio"] = round(results[f"gateway_{what}"]["per_second"]
                                                        / results[f"bare_rpc_{what}"]["per_second"], 2)
    return results


def main() -> None:
    results = {}
    with Environment() as env:
        system = env.system(TIANPING_RATE_LIMIT_PER_SECOND="100000", TIANPING_RATE_LIMIT_BURST="100000")
        try:
            url = system.gateway_url
            admin = mint(system.jwt_secret, "bench-admin", "platform_admin")
            sre = mint(system.jwt_secret, "bench-sre", "sre")
            _http(f"{url}/v1/blacklist", "POST", {"subject_id": "bench-read", "subject_type": "merchant",
                                                   "reason": "bench", "rule_ids": ["R-REP-13"]}, admin)
            cluster = cluster_per_thread(env.amqp_uri)

            results["bare_rpc_read"] = load(lambda i: cluster().reputation.blacklist_get("bench-read")["seq"] > 0)
            results["gateway_read"] = load(lambda i: _http(f"{url}/v1/blacklist/bench-read", token=sre)[0] == 200)
            tag = uuid.uuid4().hex[:6]
            results["bare_rpc_write"] = load(lambda i: not cluster().reputation.record_violation(
                {"subject_id": f"r-{tag}-{i % 50}", "subject_type": "merchant", "rule_id": "PB-02",
                 "severity": "general", "evidence": ["bench://ev"]})["duplicate"])
            results["gateway_write"] = load(lambda i: _http(f"{url}/v1/violations", "POST", {
                "subject_id": f"w-{tag}-{i % 50}", "subject_type": "merchant", "rule_id": "PB-02",
                "severity": "general", "evidence": ["bench://ev"]}, admin)[0] == 201)
            results["gateway_overhead"] = {
                "read_p50_ratio": round(results["gateway_read"]["p50_ms"] / results["bare_rpc_read"]["p50_ms"], 2),
                "read_throughput_ratio": round(results["bare_rpc_read"]["per_second"]
                                               / results["gateway_read"]["per_second"], 2),
                "write_p50_ratio": round(results["gateway_write"]["p50_ms"] / results["bare_rpc_write"]["p50_ms"], 2),
                "write_throughput_ratio": round(results["bare_rpc_write"]["per_second"]
                                                / results["gateway_write"]["per_second"], 2)}

            def apply(i):
                status, body = _http(f"{url}/v1/applications", "POST", {
                    "applicant_type": "merchant", "subject_id": f"bench-{tag}-{i}",
                    "identity": {"real_name": "Bench Co", "credit_code": f"91BENCH{tag}{i:05d}", "address": "Shenzhen",
                                 "contact_phone": "13800138000"},
                    "documents": MERCHANT_DOCUMENTS}, admin)
                return status == 201 and body["status"] == "approved"

            results["applications_auto_decided"] = load(apply, total=200)
        finally:
            system.stop()
    for name, r in results.items():
        if "per_second" in r:
            print(f"{name:<28} {r['per_second']:>7}/s  p50 {r['p50_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  "
                  f"errors {r['errors']}", flush=True)
    print("gateway overhead:", results["gateway_overhead"])
    print("results:", write_result("gateway", results))


if __name__ == "__main__":
    main()
