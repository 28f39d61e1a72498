"""A handler subscribed with a worker bound (`subscribe(event, workers=SETTING)`) takes at most that many of the
service's workers, whatever its queue's backlog: an RPC answers while the rest of the backlog still waits in the
queue. Without the bound, nameko 2.14's one shared consumer prefetches `max_workers` messages of every queue, so a
backlog holds every worker and the RPC waits behind it (the second half shows that shape). Order and occupancy are
asserted, never wall-clock time: the handlers hold their workers until the test releases them."""

import json
import time

import eventlet
import pika
import pytest
from marshmallow import Schema, fields
from nameko.exceptions import RpcTimeout
from nameko.rpc import rpc
from nameko.standalone.rpc import ClusterRpcProxy

from tianping.infra.amqp import bound
from tianping.infra.deadletters import DeadLetters
from tianping.lib import envelope
from tianping.platform.contracts import Event, subscribe


class Batch(Schema):
    n = fields.Integer(required=True)


BOUNDED, UNBOUNDED = Event("probe_live", "batch", Batch), Event("probe_live", "other", Batch)
held = {"running": 0, "most": 0, "done": 0, "gate": eventlet.event.Event()}


def hold() -> None:
    held["running"] += 1
    held["most"] = max(held["most"], held["running"])
    try:
        held["gate"].wait()
    finally:
        held["running"] -= 1
        held["done"] += 1


class IngestProbe:
    name = "bounded_probe"
    dead_letters = DeadLetters()

    @subscribe(BOUNDED, workers="PROBE_WORKERS")
    def on_batch(self, message):
        hold()

    @subscribe(UNBOUNDED)
    def on_other(self, message):
        hold()

    @rpc
    def read(self):
        return {k: v for k, v in held.items() if k != "gate"}


def publish(uri: str, event: Event, count: int) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(uri))
    channel = connection.channel()
    for n in range(count):
        channel.basic_publish(f"{event.source}.events", event.name,
                              json.dumps(envelope.wrap(event.name, event.source, {"n": n})),
                              pika.BasicProperties(content_type="application/json", delivery_mode=2))
    connection.close()


def ready(uri: str, queue: str) -> int:
    connection = pika.BlockingConnection(pika.URLParameters(uri))
    try:
        return connection.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        connection.close()


def wait_for(predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"condition not met: {held}")


def release() -> None:
    held["gate"].send()


def closed() -> None:
    held.update(running=0, most=0, done=0, gate=eventlet.event.Event())


@pytest.mark.parametrize("setting, max_workers, expected", [(None, 20, 2), (3, 20, 3), (50, 20, 19), (0, 1, 1)])
def test_the_bound_is_the_setting_and_leaves_a_worker_to_the_rest(setting, max_workers, expected):
    assert bound({"PROBE_WORKERS": setting}, "PROBE_WORKERS", max_workers) == expected


def test_a_bounded_backlog_leaves_workers_to_the_rpcs_and_an_unbounded_one_does_not(runner_factory, container_config):
    config = dict(container_config, max_workers=4, PROBE_WORKERS=2)
    runner = runner_factory(config, IngestProbe)
    runner.start()
    uri, backlog = config["AMQP_URI"], 10
    queue = "evt-probe_live-batch--bounded_probe.on_batch"
    closed()
    with ClusterRpcProxy(config, timeout=10) as cluster:
        publish(uri, BOUNDED, backlog)
        wait_for(lambda: held["running"] == 2)
        answer = cluster.bounded_probe.read()  # answered while the backlog waits: two workers taken, two free
        assert answer == {"running": 2, "most": 2, "done": 0}
        assert ready(uri, queue) == backlog - 2  # the rest of the backlog still queued, not held by the service
        release()
        wait_for(lambda: held["done"] == backlog)
        assert held["most"] == 2  # never more than the bound, all the way through the backlog

    closed()
    with ClusterRpcProxy(config, timeout=2) as cluster:  # nameko's shared consumer: the backlog takes every worker
        publish(uri, UNBOUNDED, backlog)
        wait_for(lambda: held["running"] == 4)
        with pytest.raises(RpcTimeout):
            cluster.bounded_probe.read()
        release()
        wait_for(lambda: held["done"] == backlog)


def test_a_bounded_consumer_reconnects_when_the_broker_drops_its_connection(runner_factory, container_config):
    """The bounded consumer's connection is its own: when the broker drops the service's connections (as in a broker
    restart; here only this test run's virtual host), it reconnects and consumes again, and readiness waits for it."""
    import subprocess
    from urllib.parse import unquote, urlparse

    from tianping.infra import amqp
    from tianping.infra.probes import broker_verdict

    amqp.install()  # as every component does (tianping.infra.rpc): the readiness flag and the reconnect on a lost ack

    config = dict(container_config, max_workers=4, PROBE_WORKERS=2)
    runner = runner_factory(config, IngestProbe)
    runner.start()
    [container] = runner.containers
    closed()
    release()  # handlers return at once
    vhost = unquote(urlparse(config["AMQP_URI"]).path[1:])
    wait_for(lambda: broker_verdict(container) == "ok")
    subprocess.run(["rabbitmqctl", "-q", "close_all_connections", "-p", vhost, "test: connections dropped"],
                   check=True, timeout=60)
    publish(config["AMQP_URI"], BOUNDED, 5)
    wait_for(lambda: held["done"] == 5, timeout=60)
    wait_for(lambda: broker_verdict(container) == "ok")
    with ClusterRpcProxy(config, timeout=10) as cluster:
        assert cluster.bounded_probe.read()["done"] == 5
