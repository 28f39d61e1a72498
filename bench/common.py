"""Shared pieces of the benchmarks: a private vhost, the embedded store, the whole system, percentiles."""

import json
import logging
import os
import platform
import socket
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlparse

from pymongo import monitoring

from tianping.infra import broker
from tianping.infra.store import EmbeddedStore
from tianping.lib import config as cfg
from tianping.runtime.launcher import System

RESULTS = Path(__file__).resolve().parent / "results"
logging.getLogger("amqp").setLevel(logging.ERROR)  # "Received method ... during closing channel": proxy shutdown noise


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1)))))
    return ordered[k]


def summary_ms(latencies_s) -> dict:
    ms = [v * 1000 for v in latencies_s]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 3), "p99_ms": round(percentile(ms, 99), 3),
            "max_ms": round(max(ms), 3) if ms else None}


SERVICES = ("onboarding", "listing", "aftersale", "dispute", "reputation")


class Environment:
    """A private vhost and embedded store (unless MONGODB_URI is set), torn down on exit. `stores="per-service"`:
    each service's database in an embedded store process of its own (the gateway keeps the shared one), to measure
    whether five store processes use the two cores better than one."""

    def __init__(self, stores: str = "shared"):
        if stores not in ("shared", "per-service"):
            raise ValueError(f"stores is shared or per-service, not {stores!r}")
        self.stores, self.service_stores = stores, {}

    def __enter__(self):
        base = cfg.env("AMQP_URI", cfg.DEFAULT_AMQP_URI)
        broker.ensure_broker(base)
        self.vhost = f"tianping-bench-{uuid.uuid4().hex[:8]}"
        subprocess.run(["rabbitmqctl", "-q", "add_vhost", self.vhost], check=True)
        subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", self.vhost, "guest", ".*", ".*", ".*"], check=True)
        parsed = urlparse(base)
        self.amqp_uri = f"{parsed.scheme}://{parsed.netloc}/{quote(self.vhost, safe='')}"
        self.tmp = tempfile.TemporaryDirectory(prefix="tianping-bench-")
        self.store = None
        if cfg.env("MONGODB_URI"):
            self.mongodb_uri = cfg.env("MONGODB_URI")
        else:
            self.store = EmbeddedStore(Path(self.tmp.name) / "store", free_port(), Path(self.tmp.name) / "store.log")
            self.mongodb_uri = self.store.start()
        if self.stores == "per-service":
            for name in SERVICES:
                store = EmbeddedStore(Path(self.tmp.name) / f"store-{name}", free_port(),
                                      Path(self.tmp.name) / f"store-{name}.log")
                store.start()
                self.service_stores[name] = store
        return self

    def system(self, **env) -> System:
        settings = cfg.Settings(amqp_uri=self.amqp_uri, mongodb_uri=self.mongodb_uri, data_dir=Path(self.tmp.name),
                                store_port=0, db_prefix=f"tpbench{uuid.uuid4().hex[:6]}", gateway_port=free_port(),
                                metrics_base_port=0, rpc_timeout=10)
        system = System(settings, Path(self.tmp.name) / "log", extra_env={"TIANPING_LOG_LEVEL": "WARNING", **env},
                        service_stores={name: store.uri for name, store in self.service_stores.items()})
        system.start_dependencies(log=lambda *_: None)
        system.start_all()
        system.wait_ready(timeout=90)
        return system

    def __exit__(self, *exc):
        for store in [self.store, *self.service_stores.values()]:
            if store is not None:
                store.stop()
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", self.vhost], check=False)
        self.tmp.cleanup()


class RoundTrips(monitoring.CommandListener):
    """Store round trips, counted by pymongo command monitoring (register it before the clients are made)."""

    def __init__(self):
        self.count = 0

    def started(self, event):
        self.count += 1

    def succeeded(self, event):
        pass

    def failed(self, event):
        pass


def write_result(name: str, body: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    body = {"benchmark": name, "at": stamp, "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                                          "platform": platform.platform()}, **body}
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(json.dumps(body, indent=2))
    (RESULTS / f"{name}-latest.json").write_text(json.dumps(body, indent=2))
    return path


def paced(rate: float, count: int):
    """Yields i at the moments a steady `rate`/s schedule sets (no coordinated-omission catch-up sleep)."""
    start = time.perf_counter()
    for i in range(count):
        target = start + i / rate
        delay = target - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        yield i
