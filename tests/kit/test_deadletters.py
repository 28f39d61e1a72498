"""Poison messages parked, visible and replayable (issue 15): a handler that keeps failing is retried a bounded number
of times and its message parked; a payload that breaks its contract is parked at once; an operator lists, shows and
replays them with `python -m tianping.infra.deadletters`."""

import contextlib
import io
import json
import time

import pika
from marshmallow import Schema, fields

from tianping.infra import db, deadletters, metrics
from tianping.lib import envelope
from tianping.platform.contracts import Event, subscribe
from tianping.platform.health import ServiceBase


class Probe(Schema):
    n = fields.Integer(required=True)


PROBE = Event("probe_source", "probe_event", Probe)


class PoisonProbe(ServiceBase):
    name = "poison_probe"
    database = db.Database()

    @subscribe(PROBE)
    def on_probe(self, message):
        n = PROBE.load(message)["n"]
        self.database["attempts"].insert_one({"n": n})
        if self.database["switch"].find_one({"_id": "fail"}):
            raise RuntimeError("the store says no")
        self.database["done"].insert_one({"n": n})


def cli(*args) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert deadletters.main(list(args)) == 0
    return out.getvalue()


def parked(uri) -> list[dict]:
    ids = [line.split()[0] for line in cli("list", "--amqp-uri", uri).splitlines() if "poison_probe" in line]
    return [json.loads(cli("show", i, "--amqp-uri", uri)) for i in ids]


def wait_for(predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met")


def test_poison_messages_are_parked_counted_and_replayed(runner_factory, container_config):
    runner = runner_factory(container_config, PoisonProbe)
    runner.start()
    database = db.database(runner.config, "poison_probe")
    for name in ("attempts", "done", "switch"):
        database[name].delete_many({})
    uri = runner.config["AMQP_URI"]
    before = metrics.DEAD_LETTERS.labels("poison_probe", "probe_event")._value.get()
    database["switch"].insert_one({"_id": "fail"})
    connection = pika.BlockingConnection(pika.URLParameters(uri))
    channel = connection.channel()
    for payload in ({"n": 1}, {"nothing": "here"}):  # a failing handler; a payload breaking the contract
        channel.basic_publish("probe_source.events", "probe_event",
                              json.dumps(envelope.wrap("probe_event", "probe_source", payload)),
                              pika.BasicProperties(content_type="application/json", delivery_mode=2))
    connection.close()

    letters = wait_for(lambda: (found := parked(uri)) and len(found) == 2 and found)
    by_error = {letter["error"].split(":")[0]: letter for letter in letters}
    assert by_error["RuntimeError"]["attempts"] == deadletters.RETRIES            # retried, bounded
    assert by_error["ValidationError"]["attempts"] == 1                            # deterministic: at once
    assert database["attempts"].count_documents({"n": 1}) == deadletters.RETRIES
    assert metrics.DEAD_LETTERS.labels("poison_probe", "probe_event")._value.get() == before + 2

    database["switch"].delete_many({})  # the cause is fixed: replay the one that can now succeed
    cli("replay", by_error["RuntimeError"]["id"], "--amqp-uri", uri)
    wait_for(lambda: database["done"].count_documents({"n": 1}) == 1)
    assert [letter["error"].split(":")[0] for letter in parked(uri)] == ["ValidationError"]
