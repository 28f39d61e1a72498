"""`make bench ONLY=routes`: every route `make profile` knows (bench/profile_routes.py), one after the other in one
system, each at a bounded rate on loopback: CPU ms per request summed over every process (gateway, five services,
store) and store round trips per request, net of an idle window, next to a bare nameko RPC measured in the same run
(the ratio is what compares across runs on a shared machine). No flame graphs: `make profile ROUTE=...` for those.

    python -m bench.routes [--seconds 8] [--rate 10] [--route "GET /v1/subjects/{subject_id}" ...]
"""

import argparse
import sys
import time

import pymongo
from nameko.standalone.rpc import ClusterRpcProxy

from .common import Environment, write_result
from .profile import Meter, drive, per_request
from .profile_routes import ROUTES, prepare, system_under_profile


def measure(routes: list[str], seconds: float, rate: float) -> dict:
    with Environment() as env:
        system, pids, tokens = system_under_profile(env)
        try:
            fixture = prepare(routes, system.gateway_url, tokens, count=int(rate * seconds) + 2)
            client = pymongo.MongoClient(env.mongodb_uri)
            time.sleep(2)  # the fixture's events settle
            with Meter(pids, client) as idle:
                time.sleep(seconds)
            with ClusterRpcProxy({"AMQP_URI": env.amqp_uri}, timeout=30) as cluster, Meter(pids, client) as bare:
                bare_count, bare_errors = drive(lambda i: cluster.onboarding.ping()["status"] == "ok", rate, seconds, 1)
            baseline = {**per_request(bare, idle, bare_count), "errors": bare_errors}
            figures = {}
            for route in routes:
                call = ROUTES[route](system.gateway_url, tokens, fixture)
                call(999_999)  # warm: the first call of a route loads what later ones reuse
                with Meter(pids, client) as loaded:
                    count, errors = drive(call, rate, seconds)
                cost = per_request(loaded, idle, count)
                figures[route] = {**cost, "errors": errors, "cpu_ratio_to_bare_rpc": round(
                    cost["net_cpu_ms_per_request"] / max(baseline["net_cpu_ms_per_request"], 1e-9), 2)}
                print(f"  {route:<45} net CPU {cost['net_cpu_ms_per_request']:>7} ms/request "
                      f"(x{figures[route]['cpu_ratio_to_bare_rpc']} bare RPC), store round trips "
                      f"{cost['net_store_round_trips_per_request']}, errors {errors}", flush=True)
        finally:
            system.stop()
    return {"offered_per_second": rate, "seconds_per_route": seconds, "bare_rpc_baseline": baseline, "routes": figures}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rate", type=float, default=10)
    parser.add_argument("--route", action="append", help="only these (repeatable); default every route")
    args = parser.parse_args(sys.argv[1:] if argv is None and __name__ == "__main__" else argv or [])
    routes = args.route or list(ROUTES)
    body = measure(routes, args.seconds, args.rate)
    bare = body["bare_rpc_baseline"]
    path = write_result("routes", body)
    print(f"routes: bare RPC net CPU {bare['net_cpu_ms_per_request']} ms/call, store round trips "
          f"{bare['net_store_round_trips_per_request']} -> {path}")
    return 0 if all(f["errors"] == 0 for f in body["routes"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
