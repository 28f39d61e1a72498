"""Shared fixtures: a private RabbitMQ virtual host per test run, the embedded store (unless MONGODB_URI
is set), unique database names, and the whole system as real processes for integration tests."""

import contextlib
import importlib
import os
import shutil
import socket
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from tianping import SERVICE_NAMES
from tianping.infra import broker
from tianping.infra.store import EmbeddedStore
from tianping.lib import config as cfg

RUN_ID = uuid.uuid4().hex[:8]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rabbitmqctl(*args) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, stdout=subprocess.DEVNULL, timeout=60)


@pytest.fixture(scope="session")
def base_amqp_uri():
    uri = cfg.env("AMQP_URI", cfg.DEFAULT_AMQP_URI)
    broker.ensure_broker(uri)
    return uri


@contextlib.contextmanager
def private_vhost(base_amqp_uri: str, name: str):
    """A virtual host of our own so concurrent runs (and a `make run` beside them) never share queues."""
    if not shutil.which("rabbitmqctl"):
        pytest.skip("rabbitmqctl is needed to create a private virtual host")
    vhost = f"tianping-test-{RUN_ID}-{name}"
    _rabbitmqctl("add_vhost", vhost)
    _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    parsed = urlparse(base_amqp_uri)
    try:
        yield f"{parsed.scheme}://{parsed.netloc}/{quote(vhost, safe='')}"
    finally:
        try:
            _rabbitmqctl("delete_vhost", vhost)
        except Exception:  # noqa: BLE001 - best effort
            pass


@pytest.fixture(scope="session")
def amqp_uri(base_amqp_uri):
    with private_vhost(base_amqp_uri, "main") as uri:
        yield uri


@pytest.fixture(scope="session")
def mongodb_uri(tmp_path_factory):
    if cfg.env("MONGODB_URI"):
        yield cfg.env("MONGODB_URI")
        return
    store = EmbeddedStore(tmp_path_factory.mktemp("store"), free_port(),
                          tmp_path_factory.getbasetemp() / "store.log")
    yield store.start()
    store.stop()


@pytest.fixture(scope="session")
def db_prefix():
    return f"tptest{RUN_ID}"


@pytest.fixture
def container_config(amqp_uri, mongodb_uri, db_prefix):
    return {"AMQP_URI": amqp_uri, "MONGODB_URI": mongodb_uri, "DB_PREFIX": db_prefix, "serializer": "json",
            "RPC_TIMEOUT": 5, "max_workers": 50}


@pytest.fixture
def service_db(mongodb_uri, db_prefix):
    """Connect a service's mongoengine alias to a fresh database; yields a function(service) -> Database."""
    from tianping.infra import db

    used = []

    def connect(service: str):
        name = f"{db_prefix}_{service}_{uuid.uuid4().hex[:6]}"
        used.append(name)
        database = db.connect(service, mongodb_uri, name)
        if service in SERVICE_NAMES:
            # Indexes first, one at a time, as the service's Database provider makes them at start. Left to
            # mongoengine, the first use of each collection creates them — forty concurrent first uses of a new
            # collection (tests/listing/test_reports_and_rooms.py) sent createIndexes beside inserts, and the
            # embedded store stopped answering all of them (once in ~20 runs; it held CI for 90 minutes).
            db.ensure_indexes(importlib.import_module(f"services.{service}.models"))
        return database

    yield connect


@contextlib.contextmanager
def running_system(amqp_uri: str, mongodb_uri: str, data_dir: Path, extra_env: dict | None = None,
                   metrics_base_port: int = 0):
    """All five services and the gateway as separate processes on the given broker and store."""
    from tianping.runtime.launcher import System

    settings = cfg.Settings(amqp_uri=amqp_uri, mongodb_uri=mongodb_uri, data_dir=data_dir,
                            store_port=0, db_prefix=f"tpsys{uuid.uuid4().hex[:8]}", gateway_port=free_port(),
                            metrics_base_port=metrics_base_port, rpc_timeout=5)
    log_dir = Path(settings.data_dir) / "log"
    from tests.tokens import SECRET

    sysm = System(settings, log_dir, extra_env={"TIANPING_ANTI_ENTROPY_SECONDS": "1", "TIANPING_JWT_SECRET": SECRET,
                                                "TIANPING_LOG_LEVEL": "WARNING", **(extra_env or {})})
    sysm.start_dependencies(log=lambda *_: None)
    sysm.start_all()
    try:
        sysm.wait_ready(timeout=90)
        yield sysm
    finally:
        sysm.stop()
        if os.environ.get("TIANPING_KEEP_LOGS"):
            print(f"logs in {log_dir}")
        # Every component stops on its one SIGTERM (workers finish, then exit), as in a rollout; one that had to be
        # killed is a defect (a second SIGTERM once made nameko hang until killed).
        assert not sysm.killed, f"{sysm.killed} did not stop within 20 s of SIGTERM; logs in {log_dir}"


def system_key(module) -> tuple | None:
    """Which running system a test module's `system` is: modules with the same SYSTEM_ENV share one (starting one
    costs 15-30 s, stopping it up to 20 s more: a system per module was a quarter of `make test`). None: the module's
    own, started for it and stopped after it (SYSTEM_FRESH = True: it needs a database no other module wrote to)."""
    if getattr(module, "SYSTEM_FRESH", False):
        return None
    return tuple(sorted(getattr(module, "SYSTEM_ENV", {}).items()))


def _shares_system(item) -> bool:
    return "system" in getattr(item, "fixturenames", ()) and system_key(item.module) is not None


def pytest_collection_modifyitems(session, config, items):
    """Run the modules that share a system one after the other, where the first of them was, so each system runs
    once and only while its modules run; the order is otherwise kept. Among them, a module with SYSTEM_SHARED_ORDER = n
    (0 unless set) runs after those with a lower n: set it where a module leaves the system changed in a way the
    others must not meet."""
    modules = {}
    for item in items:
        modules.setdefault(getattr(item, "module", None), []).append(item)
    keys = {module: system_key(module) if any(map(_shares_system, its)) else ("own", position)
            for position, (module, its) in enumerate(modules.items())}
    first = {}
    for position, module in enumerate(modules):
        first.setdefault(keys[module], position)
    order = sorted(enumerate(modules), key=lambda pm: (first[keys[pm[1]]],
                                                       getattr(pm[1], "SYSTEM_SHARED_ORDER", 0), pm[0]))
    items[:] = [item for _, module in order for item in modules[module]]


class SharedSystems:
    """The one shared system running now (at most one: the modules sharing it run in a row) and its key."""

    def __init__(self, amqp_uri, mongodb_uri, tmp_path_factory):
        self.amqp_uri, self.mongodb_uri, self.tmp_path_factory = amqp_uri, mongodb_uri, tmp_path_factory
        self.key, self.running, self.stack = None, None, contextlib.ExitStack()

    def whole(self) -> bool:
        """Every component still running (a module that failed half-way may have left one stopped)."""
        processes = self.running.processes
        return all(c.name in processes and processes[c.name].poll() is None for c in self.running.components)

    def get(self, key: tuple):
        if self.key != key or not self.whole():
            self.close()
            self.running = self.stack.enter_context(running_system(
                self.amqp_uri, self.mongodb_uri, self.tmp_path_factory.mktemp("data"), dict(key)))
            self.key = key
        return self.running

    def close(self) -> None:
        self.key, self.running = None, None
        self.stack.close()


@pytest.fixture(scope="session")
def shared_systems(amqp_uri, mongodb_uri, tmp_path_factory):
    systems = SharedSystems(amqp_uri, mongodb_uri, tmp_path_factory)
    yield systems
    systems.close()


@pytest.fixture(scope="module")
def system(request, amqp_uri, mongodb_uri, tmp_path_factory):
    key = system_key(request.module)
    if key is None:
        with running_system(amqp_uri, mongodb_uri, tmp_path_factory.mktemp("data"),
                            getattr(request.module, "SYSTEM_ENV", {})) as sysm:
            yield sysm
        return
    systems = request.getfixturevalue("shared_systems")
    yield systems.get(key)
    # Stopped as soon as no test still to run shares it, not left idling (sweepers, anti-entropy) under the rest.
    items = request.session.items
    last = max(i for i, item in enumerate(items) if getattr(item, "module", None) is request.module)
    if not any(_shares_system(item) and system_key(item.module) == key for item in items[last + 1:]):
        systems.close()


@pytest.fixture
def replica_for(service_db):
    """A real blacklist Replica over a fresh database of `service`, with mongoengine's alias pointing there."""
    import eventlet

    from tianping.platform.blacklist_replica import Replica

    def make(service: str) -> Replica:
        replica = Replica(service_db(service), service, eventlet.semaphore.Semaphore())
        replica.ensure_indexes()
        return replica

    return make


def change(seq, subject_id, action="add", subject_type="merchant", **extra):
    from datetime import UTC, datetime

    return {"seq": seq, "subject_id": subject_id, "subject_type": subject_type, "action": action,
            "rule_ids": ["R-REP-13"], "reason": "test", "identity_keys": [], "committed_at": datetime.now(UTC),
            **extra}


def publisher(published: list):
    """What a use case gets to publish with in tests: every payload is checked against its event's contract (a
    payload that breaks it fails the test), then recorded as (event name, payload)."""
    return lambda event, payload: published.append((event.name, event.dump(payload)))


class ControlledClock:
    """The kit's clock, frozen and moved by the test (no test sleeps for a deadline)."""

    def __init__(self, start):
        from tianping.lib import clock

        self._clock = clock
        self.set(start)

    def set(self, moment):
        self.now = moment
        self._clock.set_now(moment)

    def advance(self, **delta):
        from datetime import timedelta

        self.set(self.now + timedelta(**delta))
        return self.now


@pytest.fixture
def frozen_clock():
    from datetime import UTC, datetime

    from tianping.lib import clock

    controlled = ControlledClock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # 10:00 in Shanghai
    yield controlled
    clock.set_now(None)


def concurrently(calls: list) -> list:
    """Run every call at once on its own green thread (the tests run monkey-patched, so these are the threads the
    services' workers are) and return each one's result or the exception it raised, in order."""
    import eventlet

    def run(call):
        try:
            return call()
        except Exception as error:  # noqa: BLE001 - the caller inspects what each call met
            return error

    pool = eventlet.GreenPool(len(calls) or 1)
    return list(pool.imap(run, calls))
