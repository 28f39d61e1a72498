"""`make bench`: every benchmark in turn (`make bench ONLY="sanctions listing"`: those only); JSON results under
bench/results/."""

import sys

from . import (
    aftersale,
    audit,
    cascade,
    console,
    dispute,
    gateway,
    listing,
    live,
    metrics,
    propagation,
    routes,
    sanctions,
    store_oplog,
    ttl_sweep,
)

ALL = {"propagation": propagation, "ttl_sweep": ttl_sweep, "sanctions": sanctions, "gateway": gateway, "aftersale": aftersale,
       "dispute": dispute, "listing": listing, "live": live, "metrics": metrics, "audit": audit,
       "routes": routes, "console": console, "cascade": cascade,
       "store_oplog": store_oplog}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(ALL)
    unknown = [name for name in chosen if name not in ALL]
    if unknown:
        sys.exit(f"unknown benchmark(s) {unknown}; known: {sorted(ALL)}")
    for name in chosen:
        ALL[name].main()
