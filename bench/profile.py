"""`make profile ROUTE="POST /v1/applications"`: one route under a short, bounded load on loopback, with a py-spy flame
graph per process involved and the route's cost per request next to a bare-RPC baseline measured in the same run.

Cost per request, summed over every process (gateway, five services, store): CPU milliseconds (utime + stime from
/proc/<pid>/stat, before and after) and store round trips (the store's own opcounters, from serverStatus). Timers
run in every service whatever the load, so an idle window of the same length is measured first and its CPU and
commands are taken off both figures ("net"); the raw figures are kept too. The baseline is a bare nameko RPC
(`ping`, no store) called the same number of times at the same rate from this process.

    make profile ROUTE="GET /v1/subjects/{subject_id}" SECONDS=5 RATE=10
Results: bench/results/profile-<route>-<stamp>/ (one SVG per process, cost.json).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pymongo
from nameko.standalone.rpc import ClusterRpcProxy

from .common import RESULTS, Environment, paced
from .profile_routes import ROUTES, prepare, system_under_profile

TICKS = os.sysconf("SC_CLK_TCK")
OPCOUNTERS = ("insert", "query", "update", "delete", "getmore", "command")


def cpu_ms(pid: int) -> float:
    """utime + stime of one process so far, in milliseconds (fields 14 and 15 of /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICKS


def store_commands(client) -> int:
    counters = client.admin.command("serverStatus").get("opcounters", {})
    return sum(int(counters.get(name, 0)) for name in OPCOUNTERS)


class Meter:
    """CPU of every process and the store's commands over one window."""

    def __init__(self, pids: dict[str, int], client):
        self.pids, self.client = pids, client

    def __enter__(self):
        self.cpu_before = {name: cpu_ms(pid) for name, pid in self.pids.items()}
        self.commands_before = store_commands(self.client)
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.started
        self.cpu = {name: cpu_ms(pid) - self.cpu_before[name] for name, pid in self.pids.items()}
        self.commands = store_commands(self.client) - self.commands_before - 2  # the two serverStatus calls


def per_request(window: Meter, idle: Meter, requests: int) -> dict:
    scale = window.seconds / idle.seconds
    net_cpu = {name: max(0.0, ms - idle.cpu[name] * scale) for name, ms in window.cpu.items()}
    return {"requests": requests, "seconds": round(window.seconds, 2),
            "cpu_ms_per_request": round(sum(window.cpu.values()) / requests, 3),
            "net_cpu_ms_per_request": round(sum(net_cpu.values()) / requests, 3),
            "net_cpu_ms_per_request_by_process": {n: round(ms / requests, 3) for n, ms in net_cpu.items()},
            "store_round_trips_per_request": round(window.commands / requests, 3),
            "net_store_round_trips_per_request": round(max(0.0, window.commands - idle.commands * scale) / requests, 3)}


def drive(call, rate: float, seconds: float, workers: int = 4) -> tuple[int, int]:
    """call(i) at `rate`/s for `seconds` from a few threads; returns (requests, errors)."""
    count = max(1, int(rate * seconds))
    errors, lock = [0], threading.Lock()
    schedule = iter(paced(rate, count))

    def worker():
        while True:
            with lock:
                i = next(schedule, None)
            if i is None:
                return
            if not call(i):
                with lock:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return count, errors[0]


def flame_graphs(pids: dict[str, int], seconds: float, out: Path, raw: bool = False,
                 gil: bool = False) -> list[subprocess.Popen]:
    """One py-spy per process: an SVG flame graph, or with `raw` collapsed stacks (`<name>.txt`, one line per stack
    and its sample count — what bench/stacks.py sums per function). With `gil` only samples taken while the process
    holds the GIL: its CPU, without the time an eventlet process spends waiting in epoll or on a socket."""
    spy = Path(sys.executable).with_name("py-spy")
    kind, suffix = ("raw", "txt") if raw else ("flamegraph", "svg")
    return [subprocess.Popen([str(spy), "record", "--pid", str(pid), "--duration", str(int(seconds) + 1),
                              "--rate", "100", "--nonblocking", "--format", kind, *(["--gil"] if gil else []),
                              "--output", str(out / f"{name}.{suffix}")],
                             stdout=subprocess.DEVNULL, stderr=open(out / f"{name}.py-spy.log", "w"))  # noqa: SIM115
            for name, pid in pids.items()]


def run(route: str, seconds: float, rate: float, raw: bool = False, gil: bool = False) -> dict:
    if route not in ROUTES:
        raise SystemExit(f"unknown route {route!r}; one of: {', '.join(ROUTES)}")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"profile-{re.sub(r'[^a-z0-9]+', '-', route.lower()).strip('-')}-{stamp}"
    out.mkdir(parents=True, exist_ok=True)
    with Environment() as env:
        system, pids, tokens = system_under_profile(env)
        try:
            fixture = prepare(route, system.gateway_url, tokens, count=int(rate * seconds) + 2)
            call = ROUTES[route](system.gateway_url, tokens, fixture)
            client = pymongo.MongoClient(env.mongodb_uri)
            with Meter(pids, client) as idle:
                time.sleep(seconds)  # the timers' own cost, taken off the figures below
            with ClusterRpcProxy({"AMQP_URI": env.amqp_uri}, timeout=30) as cluster, Meter(pids, client) as bare:
                bare_count, bare_errors = drive(lambda i: cluster.onboarding.ping()["status"] == "ok", rate, seconds, 1)
            spies = flame_graphs(pids, seconds, out, raw, gil)
            time.sleep(0.5)  # py-spy attached before the first request
            with Meter(pids, client) as loaded:
                count, errors = drive(call, rate, seconds)
            for spy in spies:
                spy.wait(timeout=60)
        finally:
            system.stop()
    body = {"route": route, "offered_per_second": rate, "seconds": seconds, "errors": errors,
            "route_cost": per_request(loaded, idle, count),
            "bare_rpc_baseline": {**per_request(bare, idle, bare_count), "errors": bare_errors},
            "flame_graphs": sorted(p.name for p in [*out.glob("*.svg"), *out.glob("*.txt")])}
    body["cpu_ratio_to_bare_rpc"] = round(body["route_cost"]["net_cpu_ms_per_request"]
                                          / max(body["bare_rpc_baseline"]["net_cpu_ms_per_request"], 1e-9), 2)
    (out / "cost.json").write_text(json.dumps(body, indent=2))
    return {**body, "directory": str(out)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--route", default="POST /v1/applications")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, default=20, help="requests per second offered (bounded, loopback)")
    parser.add_argument("--raw", action="store_true", help="collapsed stacks (<process>.txt) instead of SVG")
    parser.add_argument("--gil", action="store_true", help="only samples holding the GIL (CPU, not waiting)")
    args = parser.parse_args(argv)
    body = run(args.route, args.seconds, args.rate, args.raw, args.gil)
    cost, bare = body["route_cost"], body["bare_rpc_baseline"]
    print(f"{args.route}: {cost['requests']} requests at {args.rate:g}/s, {body['errors']} errors -> {body['directory']}")
    print(f"  net CPU {cost['net_cpu_ms_per_request']} ms/request over all processes "
          f"({cost['net_cpu_ms_per_request_by_process']}); store round trips {cost['net_store_round_trips_per_request']}")
    print(f"  bare RPC: net CPU {bare['net_cpu_ms_per_request']} ms/call, store round trips "
          f"{bare['net_store_round_trips_per_request']}; ratio {body['cpu_ratio_to_bare_rpc']}")
    print(f"  flame graphs: {', '.join(body['flame_graphs']) or 'none (see *.py-spy.log)'}")
    return 0 if body["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
