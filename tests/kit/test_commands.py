"""Commands take effect once although RabbitMQ delivers at least once (issue 9).

A redelivered request keeps its AMQP correlation id; the gateway forwards a client's Idempotency-Key as the
request key. Both are published here raw with pika, exactly as the broker would deliver them again."""

from datetime import timedelta

import eventlet

from tests.raw_rpc import publish_raw
from tianping.infra import db
from tianping.lib import clock
from tianping.platform.commands import COLLECTION, LEASE_SECONDS, command
from tianping.platform.health import ServiceBase


class LedgerProbe(ServiceBase):
    name = "command_probe"
    database = db.Database()

    @command
    def add(self, amount, slow=0.0, fail=False):
        if slow:
            eventlet.sleep(slow)
        if fail:
            raise RuntimeError("failed before any effect")
        doc = self.database["totals"].find_one_and_update({"_id": "t"}, {"$inc": {"n": amount}}, upsert=True,
                                                          return_document=True)
        return {"total": doc["n"]}


def _publish_raw(amqp_uri, method, kwargs, correlation_id, copies=1, headers=None):
    return publish_raw(amqp_uri, f"command_probe.{method}", [], kwargs, correlation_id, copies, headers)


def _start(runner_factory, container_config):
    runner = runner_factory(container_config, LedgerProbe)
    runner.start()
    database = db.database(runner.config, "command_probe")  # one alias per process: start each test empty
    database["totals"].delete_many({})
    database[COLLECTION].delete_many({})
    return runner, database


def test_a_redelivered_request_is_answered_again_without_a_second_effect(runner_factory, container_config):
    runner, database = _start(runner_factory, container_config)
    replies = _publish_raw(runner.config["AMQP_URI"], "add", {"amount": 5}, "corr-1", copies=3)
    assert [r["result"] for r in replies] == [{"total": 5}] * 3
    assert database["totals"].find_one({"_id": "t"})["n"] == 5


def test_a_duplicate_arriving_while_the_first_runs_waits_for_its_answer(runner_factory, container_config):
    runner, database = _start(runner_factory, container_config)
    replies = _publish_raw(runner.config["AMQP_URI"], "add", {"amount": 2, "slow": 0.5}, "corr-2", copies=2)
    assert [r["result"] for r in replies] == [{"total": 2}] * 2
    assert database["totals"].find_one({"_id": "t"})["n"] == 2


def test_the_callers_request_key_wins_over_the_message_id(runner_factory, container_config):
    """The gateway forwards a client's Idempotency-Key: a retry is a new message with the same key."""
    runner, database = _start(runner_factory, container_config)
    uri = runner.config["AMQP_URI"]
    first = _publish_raw(uri, "add", {"amount": 7}, "corr-a", headers={"nameko.request_key": "client-key"})
    retry = _publish_raw(uri, "add", {"amount": 7}, "corr-b", headers={"nameko.request_key": "client-key"})
    other = _publish_raw(uri, "add", {"amount": 1}, "corr-c")
    assert first[0]["result"] == retry[0]["result"] == {"total": 7}
    assert other[0]["result"] == {"total": 8}


def test_a_failed_command_lets_its_redelivery_run(runner_factory, container_config):
    runner, database = _start(runner_factory, container_config)
    failed = _publish_raw(runner.config["AMQP_URI"], "add", {"amount": 3, "fail": True}, "corr-3")
    assert failed[0]["error"]["exc_type"] == "RuntimeError"
    assert database[COLLECTION].count_documents({}) == 0
    assert _publish_raw(runner.config["AMQP_URI"], "add", {"amount": 3}, "corr-3")[0]["result"] == {"total": 3}


def test_a_claim_whose_owner_died_is_taken_over_once_its_lease_ran_out(runner_factory, container_config):
    runner, database = _start(runner_factory, container_config)
    past = clock.now() - timedelta(seconds=1)
    database[COLLECTION].insert_one({"_id": "add:corr-4", "state": "running", "at": past - timedelta(seconds=LEASE_SECONDS),
                                     "lease_until": past})
    assert _publish_raw(runner.config["AMQP_URI"], "add", {"amount": 4}, "corr-4")[0]["result"] == {"total": 4}
    assert database[COLLECTION].find_one({"_id": "add:corr-4"})["state"] == "done"
