"""Prometheus metrics: one registry per process, served on the component's own port.

The Metrics provider starts the HTTP server once per process (setup) and records every entrypoint's
count, outcome and latency. Domain metrics are module-level objects declared here so all services
share one set of names.
"""

import time

from nameko.extensions import DependencyProvider
from prometheus_client import Counter, Gauge, Histogram, start_http_server

ENTRYPOINT_CALLS = Counter("tianping_entrypoint_calls_total", "Entrypoint invocations",
                           ["service", "entrypoint", "outcome"])
ENTRYPOINT_LATENCY = Histogram("tianping_entrypoint_seconds", "Entrypoint latency", ["service", "entrypoint"],
                               buckets=(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5))
BLACKLIST_SIZE = Gauge("tianping_blacklist_size", "Subjects currently blacklisted (per replica)", ["service"])
BLACKLIST_APPLIED_SEQ = Gauge("tianping_blacklist_applied_seq", "Last blacklist sequence applied", ["service"])
BLACKLIST_AUTHORITY_HEAD = Gauge("tianping_blacklist_authority_head", "Authority head sequence as last seen",
                                 ["service"])
BLACKLIST_LAG = Gauge("tianping_blacklist_lag", "Authority head minus applied sequence", ["service"])
BLACKLIST_PROPAGATION = Histogram(
    "tianping_blacklist_propagation_seconds", "Decision commit -> applied in a service replica", ["service"],
    buckets=(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30))
BLACKLIST_REPAIRS = Counter("tianping_blacklist_repairs_total",
                            "Changes applied by gap fill or anti-entropy rather than by the event", ["service"])
BLACKLIST_COMMIT_BATCH = Histogram("tianping_blacklist_commit_batch_size",
                                   "Changes committed together in one authority transaction (group commit)",
                                   buckets=(1, 2, 5, 10, 20, 50, 100, 200))
DEAD_LETTERS = Counter("tianping_dead_letters_total", "Event messages parked after their handler gave up",
                       ["service", "event"])
OUTBOX_PENDING = Gauge("tianping_outbox_pending", "Blacklist changes committed but not yet confirmed published")

_started_ports: set[int] = set()


def serve(port: int) -> None:
    """Start the metrics HTTP server on `port` once per process (0 = disabled)."""
    if port and port not in _started_ports:
        start_http_server(port, addr="0.0.0.0")
        _started_ports.add(port)


class Metrics(DependencyProvider):
    def setup(self):
        serve(int(self.container.config.get("METRICS_PORT") or 0))
        self._started = {}

    def worker_setup(self, worker_ctx):
        self._started[worker_ctx] = time.perf_counter()

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        started = self._started.pop(worker_ctx, None)
        service, name = self.container.service_name, worker_ctx.entrypoint.method_name
        ENTRYPOINT_CALLS.labels(service, name, "error" if exc_info else "ok").inc()
        if started is not None:
            ENTRYPOINT_LATENCY.labels(service, name).observe(time.perf_counter() - started)
