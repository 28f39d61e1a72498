"""Liveness and readiness on every component's metrics port, for Kubernetes probes (and `make run`'s wait).

- `/livez`: answered by a green thread of the process's own eventlet hub, so an answer means the event loop runs;
  a hub blocked by a runaway CPU loop or a blocking call answers nothing and the kubelet restarts the pod.
- `/readyz`: 200 when every service container of the process is started and not stopping, its consumers hold a
  live broker connection with their queues declared, its database answers a ping, and its blacklist replica has
  compared itself with the authority and is not behind the head it saw for longer than
  TIANPING_READY_REPLICA_SECONDS; otherwise 503 with the checks that failed. The body is JSON either way.
- `/metrics`: the Prometheus registry, as before.

The checks are a registry: this module owns broker and database; a provider that adds a reason to be unready
registers its own check (`register_check`, as the blacklist replica does), so this module imports nothing above it.
The Probes provider serves the port (METRICS_PORT) once per process. Checks are cached for a second so a scrape
storm costs one ping.
"""

import json
import threading
import time
from collections.abc import Callable
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pymongo
from nameko.extensions import DependencyProvider
from nameko.messaging import QueueConsumer
from prometheus_client import make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer

from tianping.infra import db
from tianping.lib import config as cfg

CACHE_SECONDS = 1.0
_containers: dict[str, "Probes"] = {}
_lock = threading.Lock()
_cache: dict = {"at": 0.0, "result": None}
_started_ports: set[int] = set()

Check = Callable[[object], str]  # a service container -> "ok" or why not
_checks: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    """Add a readiness check every container of this process answers (its owner registers it once, at import)."""
    _checks[name] = check


def replica_bound_seconds() -> float:
    return float(cfg.env("TIANPING_READY_REPLICA_SECONDS", "30"))


class Probes(DependencyProvider):
    """Serves the metrics port and registers its container with this process's readiness check from start until
    stop."""

    def setup(self):
        serve_once(int(self.container.config.get("METRICS_PORT") or 0))

    def start(self):
        with _lock:
            _containers[self.container.service_name] = self
        _cache["at"] = 0.0

    def stop(self):
        # Not ready from the moment shutdown begins: no new work is routed while running workers finish.
        with _lock:
            _containers.pop(self.container.service_name, None)
        _cache["at"] = 0.0

    def checks(self) -> dict[str, str]:
        """Each check's verdict: "ok" or why not."""
        own = {"broker": self._broker(), "database": self._database()}
        return own | {name: check(self.container) for name, check in list(_checks.items())}

    def _broker(self) -> str:
        return broker_verdict(self.container)

    def _database(self) -> str:
        try:
            _ping_client(db.mongo_uri(self.container.config)).admin.command("ping")
            return "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means not ready
            return f"database does not answer ({type(exc).__name__})"


def broker_verdict(container) -> str:
    """"ok" when the container's broker consumers hold a live connection with their queues declared; else why not."""
    consumers = [e for e in container.extensions if isinstance(e, QueueConsumer)]
    if not consumers:
        return "ok"  # nothing consumes from the broker in this container
    for consumer in consumers:
        if not consumer._consumers_ready.ready():
            return "consumers not declared yet"
        if not getattr(consumer, "_tianping_connected", False):
            return "broker connection lost (reconnecting)"
    return "ok"


_clients: dict[str, pymongo.MongoClient] = {}


def _ping_client(uri: str) -> pymongo.MongoClient:
    """A client of its own with short timeouts: a probe must answer within the kubelet's timeout."""
    if uri not in _clients:
        _clients[uri] = pymongo.MongoClient(uri, serverSelectionTimeoutMS=2000, connectTimeoutMS=2000,
                                            socketTimeoutMS=2000, connect=False)
    return _clients[uri]


def readiness() -> tuple[bool, dict]:
    now = time.monotonic()
    if _cache["result"] is not None and now - _cache["at"] < CACHE_SECONDS:
        return _cache["result"]
    with _lock:
        containers = dict(_containers)
    report = {}
    for name, probes in containers.items():
        try:
            report[name] = probes.checks()
        except ReferenceError:  # its container is gone without stopping (only seen in tests): forget it
            with _lock:
                _containers.pop(name, None)
    ready = bool(report) and all(v == "ok" for checks in report.values() for v in checks.values())
    result = (ready, {"ready": ready, "containers": report or {"-": {"started": "no service container running"}}})
    _cache.update(at=time.monotonic(), result=result)
    return result


def _json(start_response, status: str, body: dict):
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def application(metrics_app=None):
    """The WSGI app of the metrics port: /livez, /readyz, and everything else to Prometheus."""
    metrics_app = metrics_app or make_wsgi_app()

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/livez":
            return _json(start_response, "200 OK", {"live": True})
        if path == "/readyz":
            ready, body = readiness()
            return _json(start_response, "200 OK" if ready else "503 Service Unavailable", body)
        return metrics_app(environ, start_response)

    return app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - probes every few seconds must not fill the log
        pass


def serve_once(port: int) -> None:
    """Start the metrics, liveness and readiness server on `port` once per process (0 = disabled)."""
    if port and port not in _started_ports:
        serve(port)
        _started_ports.add(port)


def serve(port: int, addr: str = "0.0.0.0") -> None:
    server = make_server(addr, port, application(), ThreadingWSGIServer, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="metrics-and-probes", daemon=True).start()
