"""`make load` / `make soak`: the load scenario (bench/locustfile.py) against the whole system on loopback.

`make load` runs 20 users at 2 requests/s each (40/s offered) for 60 s (`make load RATE=80 SECONDS=120`: users at
2/s each for the rate asked) and reports, per route and in total, the requests, completed/s, p50/p95/p99 and the
errors, which must be 0; and the CPU every process spent over the run (gateway, each service, the store, from
/proc/<pid>/stat), per completed request in total and per process, with locust's own CPU beside it (same cores).
The scenario's start (the seller onboarded and active in listing, listing's matcher warmed) runs inside locust's
run time and takes seconds on a loaded machine: runs shorter than 30 s may send nothing.
`make soak` holds the same load for 30 minutes (not in CI) and also judges it (bench/soak.py): completed requests/s
and p99 in the last 5 minutes within 10% of the first 5, no process's memory (the stores' excepted) growing more
than 10% after 5 minutes of warm-up, and every replica equal to the authority at the end. Every run reports them. JSON in bench/results/ (load-latest.json, soak-latest.json); the exit
code is 1 when anything failed.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

from gateway.auth import mint
from tianping.lib import config as cfg

from . import soak
from .common import Environment, write_result
from .profile import cpu_ms

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
ROLES = ("service", "platform_admin", "sre", "reviewer", "merchant", "consumer")


def pids_of(system, env) -> dict:
    processes = {name: proc.pid for name, proc in system.processes.items()}
    if env.store is not None and env.store.process is not None:
        processes["store"] = env.store.process.pid
    processes.update({f"store-{name}": store.process.pid for name, store in env.service_stores.items()})
    return processes


def rss_mb(system, env) -> dict:
    return {name: round(psutil.Process(pid).memory_info().rss / 2**20, 1) for name, pid in pids_of(system, env).items()}


def cpu_now(pids: dict) -> dict:
    return {name: cpu_ms(pid) for name, pid in pids.items()}


def cpu_per_request(before: dict, after: dict, locust_ms: float, completed: int, seconds: int) -> dict:
    """CPU ms every process spent over the run, per completed request (the system's and, apart, locust's)."""
    spent = {name: after[name] - before[name] for name in before}
    n = max(completed, 1)
    return {"system_ms_per_request": round(sum(spent.values()) / n, 2),
            "by_process_ms_per_request": {name: round(ms / n, 2) for name, ms in spent.items()},
            "system_cores_busy": round(sum(spent.values()) / 1000 / seconds, 2),
            "locust_ms_per_request": round(locust_ms / n, 2)}


def locust_cpu_ms() -> float:
    """CPU of the finished locust child (children's utime + stime of this process, which ran nothing else)."""
    times = os.times()
    return (times.children_user + times.children_system) * 1000


def in_step(system, token: str, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        request = urllib.request.Request(f"{system.gateway_url}/v1/blacklist/propagation",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            if json.loads(answer.read())["in_step"]:
                return True
        time.sleep(0.5)
    return False


def run(users: int, rate_per_user: float, seconds: int, name: str, stores: str = cfg.STORE_LAYOUTS[0]) -> int:
    with Environment(stores) as env:
        system = env.system(TIANPING_RATE_LIMIT_PER_SECOND="100000", TIANPING_RATE_LIMIT_BURST="100000")
        try:
            tokens = {role: mint(system.jwt_secret, f"load-{role}", role, ttl_s=seconds + 600) for role in ROLES}  # subs: the
            # locustfile's SELLER and BUYER are load-merchant and load-consumer
            memory_before = rss_mb(system, env)
            pids, load_before = pids_of(system, env), os.getloadavg()
            cpu_before, locust_before = cpu_now(pids), locust_cpu_ms()
            with tempfile.TemporaryDirectory() as tmp:
                prefix = str(Path(tmp) / "load")
                locust = subprocess.Popen(
                    [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", str(users),
                     "-r", str(users), "--run-time", f"{seconds}s", "--stop-timeout", "10", "--only-summary",
                     "--host", system.gateway_url, "--csv", prefix],
                    env={**os.environ, "TIANPING_LOAD_TOKENS": json.dumps(tokens),
                         "TIANPING_LOAD_RATE_PER_USER": str(rate_per_user),
                         "TIANPING_LOAD_WINDOWS": f"{prefix}_minutes.json"},
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                memory_samples = sample_memory(locust, system, env, seconds + 120)
                steady = soak.steadiness(Path(f"{prefix}_minutes.json"), seconds)
                with open(f"{prefix}_stats.csv") as stats:
                    rows = list(csv.DictReader(stats))
                with open(f"{prefix}_failures.csv") as failed:
                    failures = [{"route": f["Name"], "error": f["Error"], "count": int(f["Occurrences"])}
                                for f in csv.DictReader(failed)]
            cpu_after, locust_spent, load_after = cpu_now(pids), locust_cpu_ms() - locust_before, os.getloadavg()
            memory_after = rss_mb(system, env)
            replicas_equal = in_step(system, tokens["sre"])
        finally:
            system.stop()
    routes = {row["Name"]: {"requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
                            "per_second": round(float(row["Requests/s"]), 1), "p50_ms": _ms(row["50%"]),
                            "p95_ms": _ms(row["95%"]), "p99_ms": _ms(row["99%"])} for row in rows}
    total = routes.pop("Aggregated", {})
    completed = total.get("requests", 0) - total.get("errors", 0)
    cpu = cpu_per_request(cpu_before, cpu_after, locust_spent, completed, seconds)
    body = {"offered_per_second": users * rate_per_user, "users": users, "seconds": seconds, "stores": stores,
            "total": total,
            "routes": routes, "cpu": cpu, "machine_load_average": {"before": load_before, "after": load_after},
            "errors": total.get("errors", -1), "failures": failures, "replicas_equal_authority": replicas_equal,
            "memory_mb": {p: {"before": memory_before[p], "after": memory_after.get(p),
                              "growth": round(memory_after.get(p, 0) - memory_before[p], 1)} for p in memory_before},
            "steadiness": steady,
            "memory_after_warm_up": soak.memory_after_warm_up(memory_samples, min(300.0, seconds / 6))}
    path = write_result(name, body)
    print(f"{name}: {users} users x {rate_per_user}/s = {users * rate_per_user:g}/s offered for {seconds}s -> {path}")
    for route, figures in sorted(routes.items()):
        print(f"  {route:<45} {figures['requests']:>6} req {figures['per_second']:>7}/s  p50 {figures['p50_ms']}"
              f"  p95 {figures['p95_ms']}  p99 {figures['p99_ms']} ms  errors {figures['errors']}")
    print(f"  {'all':<45} {total.get('requests')} req {total.get('per_second')}/s  p50 {total.get('p50_ms')}"
          f"  p95 {total.get('p95_ms')}  p99 {total.get('p99_ms')} ms  errors {total.get('errors')}; "
          f"replicas equal the authority: {replicas_equal}")
    print(f"  CPU per completed request: {cpu['system_ms_per_request']} ms over the system "
          f"({cpu['system_cores_busy']} cores busy) {cpu['by_process_ms_per_request']}; "
          f"locust {cpu['locust_ms_per_request']} ms; machine load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after (2 cores, shared)")
    for failure in failures:
        print(f"  FAILED {failure['count']}x {failure['route']}: {failure['error'][:300]}")
    print_steadiness(body["steadiness"], body["memory_after_warm_up"])
    if locust.returncode not in (0, 1):  # locust exits 1 when any request failed (counted above)
        print(locust.stderr.read()[-2000:], file=sys.stderr)
    steady_enough = name != "soak" or (steady.get("within_10_percent") and
                                       body["memory_after_warm_up"].get("within_10_percent"))
    return 0 if body["errors"] == 0 and replicas_equal and locust.returncode in (0, 1) and steady_enough else 1


def sample_memory(locust: subprocess.Popen, system, env, timeout: float) -> list[tuple[float, dict]]:
    """Every process's resident memory every 15 s while locust runs (seconds since its start, MB by process)."""
    started, samples = time.monotonic(), []
    while True:
        try:
            locust.wait(timeout=15)
            break
        except subprocess.TimeoutExpired:
            samples.append((round(time.monotonic() - started, 1), rss_mb(system, env)))
            if time.monotonic() - started > timeout:
                locust.kill()
    samples.append((round(time.monotonic() - started, 1), rss_mb(system, env)))
    return samples


def print_steadiness(steady: dict, memory: dict) -> None:
    if steady.get("judged"):
        first, last = steady["first"], steady["last"]
        print(f"  minutes {first['minutes']}: {first['completed_per_second']}/s p99 {first['p99_ms']} ms; minutes "
              f"{last['minutes']}: {last['completed_per_second']}/s p99 {last['p99_ms']} ms; change "
              f"{_percent(steady['completed_per_second_change'])} /s, {_percent(steady['p99_change'])} p99 "
              f"(within 10%: {steady['within_10_percent']})")
    if memory.get("judged"):
        grown = ", ".join(f"{name} {change:+.0%}" for name, change in sorted(memory["growth"].items()))
        print(f"  memory after {memory['warm_up_s']:.0f} s of warm-up: {grown} (within 10% outside the stores: "
              f"{memory['within_10_percent']})")


def _percent(change: float | None) -> str:
    return "n/a" if change is None else f"{change:+.1%}"


def _ms(value: str):
    return None if value in ("", "N/A") else float(value)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--soak", action="store_true", help="30 minutes, memory growth and replica check")
    parser.add_argument("--rate", type=float, help="requests/s offered in total (users at --rate-per-user each)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rate-per-user", type=float, default=2.0)
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--stores", choices=cfg.STORE_LAYOUTS, default=cfg.store_layout(),
                        help="one store process per service database (the default, as `make run`), or one for all")
    args = parser.parse_args(argv)
    seconds = args.seconds or (1800 if args.soak else 60)
    users = max(1, round(args.rate / args.rate_per_user)) if args.rate else args.users
    return run(users, args.rate_per_user, seconds, "soak" if args.soak else "load", args.stores)


if __name__ == "__main__":
    sys.exit(main())
