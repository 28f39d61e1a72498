"""Metrics overhead (issue 16): p50 of the same RPC on a service with and without the metrics provider (entrypoint
counter and latency histogram), measured in the same run on the same broker, as a ratio."""

import json
import os
import subprocess
import sys
import time
import uuid

import eventlet
from nameko.containers import ServiceContainer
from nameko.rpc import rpc
from nameko.standalone.rpc import ClusterRpcProxy

from tianping.infra.metrics import Metrics

from .common import Environment, summary_ms, write_result

CALLS = 2000


class Bare:
    name = f"bench_bare_{uuid.uuid4().hex[:6]}"

    @rpc
    def echo(self, value):
        return value


class Measured(Bare):
    name = f"bench_measured_{uuid.uuid4().hex[:6]}"
    metrics = Metrics()


def measure(amqp_uri: str, cls) -> dict:
    container = ServiceContainer(cls, {"AMQP_URI": amqp_uri, "serializer": "json", "max_workers": 10})
    container.start()
    try:
        with ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30) as cluster:
            service = getattr(cluster, cls.name)
            for i in range(200):  # warm
                service.echo(i)
            latencies = []
            for i in range(CALLS):
                started = time.perf_counter()
                service.echo(i)
                latencies.append(time.perf_counter() - started)
        return summary_ms(latencies)
    finally:
        container.stop()


def measure_all(amqp_uri: str) -> dict:
    results = {}
    for round_ in range(2):  # alternate, so neither side always runs on a warmer machine
        for cls in (Bare, Measured):
            results[f"{cls.__name__.lower()}_{round_}"] = measure(amqp_uri, cls)
    return results


def main() -> None:
    os.environ.setdefault("MONGODB_URI", "mongodb://127.0.0.1:1/unused")  # no store: these services own no data
    with Environment() as env:
        # nameko containers need eventlet's monkey patching, which the rest of the benchmarks must not have
        child = subprocess.run([sys.executable, "-m", "bench.metrics", env.amqp_uri], capture_output=True, text=True,
                               timeout=900, check=True)
        results = json.loads(child.stdout.strip().splitlines()[-1])
    bare = sorted(results[f"bare_{r}"]["p50_ms"] for r in range(2))[0]
    measured = sorted(results[f"measured_{r}"]["p50_ms"] for r in range(2))[0]
    results["p50_ratio_with_to_without_metrics"] = round(measured / bare, 3)
    print(f"RPC p50 without metrics {bare:.3f} ms, with {measured:.3f} ms: ratio "
          f"{results['p50_ratio_with_to_without_metrics']}", flush=True)
    print("results:", write_result("metrics", results))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        eventlet.monkey_patch()
        print(json.dumps(measure_all(sys.argv[1])))
    else:
        main()
