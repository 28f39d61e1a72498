"""`python -m bench.trips --route "POST /v1/listings"`: where a route's store round trips go — per request, by
database and collection, with the store's own time there (the embedded store's `top` command), net of an idle window
of the same length. What `make bench ONLY=routes` reports as one number (round trips per request), broken down, so a
cut is aimed at the statements that cost (issue 30).

    python -m bench.trips [--seconds 6] [--rate 10] [--route ROUTE ...]   (default: every write route)
"""

import argparse
import sys
import time
from collections import Counter

import pymongo

from .common import Environment, write_result
from .profile import drive
from .profile_routes import ROUTES, prepare, system_under_profile

KINDS = ("queries", "getmore", "insert", "update", "remove", "commands")


def top(client) -> dict[tuple[str, str], tuple[int, int]]:
    """(namespace, kind) -> (count, microseconds) since the store started."""
    totals = client.admin.command("top")["totals"]
    return {(ns, kind): (figures[kind]["count"], figures[kind]["time"]) for ns, figures in totals.items()
            if isinstance(figures, dict) and "total" in figures for kind in KINDS}


def window(client, run) -> tuple[Counter, Counter]:
    before = top(client)
    run()
    after = top(client)
    counts, micros = Counter(), Counter()
    for key, (count, spent) in after.items():
        was = before.get(key, (0, 0))
        counts[key] += count - was[0]
        micros[key] += spent - was[1]
    return counts, micros


def breakdown(client, call, rate: float, seconds: float, idle: tuple[Counter, Counter]) -> dict:
    done = {}

    def run():
        done["count"], done["errors"] = drive(call, rate, seconds)

    counts, micros = window(client, run)
    n = max(done["count"], 1)
    rows = []
    for key in counts:
        net = counts[key] - idle[0].get(key, 0)
        if net / n >= 0.05:
            rows.append({"namespace": key[0], "kind": key[1], "per_request": round(net / n, 2),
                         "store_ms_per_request": round((micros[key] - idle[1].get(key, 0)) / n / 1000, 3)})
    rows.sort(key=lambda r: -r["per_request"])
    return {"requests": done["count"], "errors": done["errors"], "statements": rows,
            "total_per_request": round(sum(r["per_request"] for r in rows), 2)}


def measure(routes: list[str], seconds: float, rate: float) -> dict:
    with Environment() as env:
        system, _pids, tokens = system_under_profile(env)
        try:
            fixture = prepare(routes, system.gateway_url, tokens, count=int(rate * seconds) + 2)
            client = pymongo.MongoClient(env.mongodb_uri)
            time.sleep(2)  # the fixture's events settle
            idle = window(client, lambda: time.sleep(seconds))
            figures = {}
            for route in routes:
                call = ROUTES[route](system.gateway_url, tokens, fixture)
                call(999_999)  # warm
                time.sleep(1)
                figures[route] = breakdown(client, call, rate, seconds, idle)
                print(f"{route}: {figures[route]['total_per_request']} statements per request", flush=True)
                for row in figures[route]["statements"]:
                    print(f"    {row['per_request']:>6}  {row['store_ms_per_request']:>7} ms  {row['kind']:<8} "
                          f"{row['namespace']}", flush=True)
        finally:
            system.stop()
    return {"offered_per_second": rate, "seconds_per_route": seconds, "routes": figures}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--rate", type=float, default=10)
    parser.add_argument("--route", action="append", help="only these (repeatable); default every write route")
    args = parser.parse_args(sys.argv[1:] if argv is None and __name__ == "__main__" else argv or [])
    routes = args.route or [r for r in ROUTES if not r.startswith("GET")]
    body = measure(routes, args.seconds, args.rate)
    print(f"trips -> {write_result('trips', body)}")
    return 0 if all(f["errors"] == 0 for f in body["routes"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
