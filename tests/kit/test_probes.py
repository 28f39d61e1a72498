"""Readiness says why not: consumers not declared, a lost broker connection, a database that does not answer, a
blacklist replica never compared or behind for too long, a container stopping — each a 503 naming the check; all
well, a 200. Liveness answers whenever the process's loop runs."""

import io
import json
import time
from types import SimpleNamespace

import pytest
from nameko.messaging import QueueConsumer

from tests.conftest import free_port
from tianping.infra import probes
from tianping.platform.blacklist import BlacklistReplica


def call(app, path):
    seen = {}

    def start_response(status, headers):
        seen["status"] = int(status.split()[0])

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()}, start_response))
    return seen["status"], json.loads(body) if path != "/metrics" else body


@pytest.fixture
def container(mongodb_uri):
    consumer = QueueConsumer()
    consumer._consumers_ready.send(None)
    consumer._tianping_connected = True
    replica_provider = BlacklistReplica()
    replica_provider.replica = SimpleNamespace(checked_at=time.monotonic(), behind_since=None)
    fake = SimpleNamespace(service_name="listing", config={"MONGODB_URI": mongodb_uri},
                           extensions={consumer, replica_provider})
    provider = probes.Probes()
    provider.container = fake
    probes._containers.clear()  # only this test's container (others' in this process may linger)
    provider.start()
    yield SimpleNamespace(consumer=consumer, replica=replica_provider.replica, provider=provider, config=fake.config)
    provider.stop()


def ready(app):
    probes._cache["at"] = 0.0  # no caching between the steps of a test
    return call(app, "/readyz")


def test_ready_when_every_check_passes_and_each_failure_is_named(container):
    app = probes.application()
    assert call(app, "/livez") == (200, {"live": True})
    assert ready(app) == (200, {"ready": True, "containers": {
        "listing": {"broker": "ok", "database": "ok", "replica": "ok"}}})

    container.consumer._tianping_connected = False
    status, body = ready(app)
    assert status == 503 and body["containers"]["listing"]["broker"].startswith("broker connection lost")
    container.consumer._tianping_connected = True

    container.replica.checked_at = None
    status, body = ready(app)
    assert status == 503 and "not yet compared" in body["containers"]["listing"]["replica"]
    container.replica.checked_at = time.monotonic()

    container.replica.behind_since = time.monotonic() - 5  # behind, but within the bound
    assert ready(app)[0] == 200
    container.replica.behind_since = time.monotonic() - probes.replica_bound_seconds() - 1
    status, body = ready(app)
    assert status == 503 and "behind the authority" in body["containers"]["listing"]["replica"]
    container.replica.behind_since = None

    container.config["MONGODB_URI"] = f"mongodb://127.0.0.1:{free_port()}/?directConnection=true"
    started = time.monotonic()
    status, body = ready(app)
    assert status == 503 and body["containers"]["listing"]["database"].startswith("database does not answer")
    assert time.monotonic() - started < 5  # within a kubelet probe's timeout


def test_consumers_not_yet_declared_is_not_ready(container):
    consumer = QueueConsumer()  # its consumers are still being declared
    container.provider.container.extensions = {consumer}
    status, body = ready(probes.application())
    assert status == 503 and body["containers"]["listing"]["broker"] == "consumers not declared yet"


def test_a_stopping_container_is_not_ready_and_metrics_still_answer(container):
    container.provider.stop()
    status, body = ready(probes.application())
    assert status == 503 and body["ready"] is False
    status, metrics = call(probes.application(), "/metrics")
    assert status == 200 and b"tianping_" in metrics
