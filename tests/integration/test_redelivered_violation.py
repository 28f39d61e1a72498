"""A violation recorded through reputation's RPC is exactly once by the dedupe key it stores (`request:<key>`), with
no command-log claim and completion around it (issue 30: two of a violation's eight statements): the same request
delivered twice, as the broker redelivers it, records one violation and counts its points once."""

import json
import uuid

import pika
import pymongo

from tests.integration.http import wait_until
from tianping.platform.commands import COLLECTION


def delivered_twice(amqp_uri: str, data: dict, correlation_id: str) -> list[dict]:
    """The request published twice with one correlation id (a redelivery keeps it); both replies."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = connection.channel()
    reply_queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(reply_queue, "nameko-rpc", routing_key=reply_queue)
    body = json.dumps({"args": [data], "kwargs": {}})
    for _ in range(2):
        channel.basic_publish("nameko-rpc", "reputation.record_violation", body, pika.BasicProperties(
            content_type="application/json", reply_to=reply_queue, correlation_id=correlation_id))
    replies = []
    for method_frame, _props, reply in channel.consume(reply_queue, inactivity_timeout=20):
        if method_frame is None:
            break
        replies.append(json.loads(reply))
        channel.basic_ack(method_frame.delivery_tag)
        if len(replies) == 2:
            break
    connection.close()
    return replies


def test_a_redelivered_violation_is_recorded_once_without_a_command_claim(system):
    subject, key = f"redelivered-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    replies = delivered_twice(system.settings.amqp_uri, {
        "subject_id": subject, "subject_type": "merchant", "rule_id": "PB-01", "severity": "general",
        "evidence": ["doc://report-1"]}, key)
    assert [r["error"] for r in replies] == [None, None], replies
    answers = [r["result"] for r in replies]
    assert {a["violation"]["violation_id"] for a in answers} == {answers[0]["violation"]["violation_id"]}
    assert sorted(a["duplicate"] for a in answers) == [False, True]
    database = pymongo.MongoClient(system.settings.store_uri("reputation"))[
        system.settings.database_name("reputation")]
    assert database["violations"].count_documents({"subject_id": subject}) == 1
    assert database["violations"].find_one({"subject_id": subject})["dedupe_key"] == f"request:{key}"
    assert database[COLLECTION].count_documents({"_id": {"$regex": key}}) == 0  # no claim, no completion
    points = answers[0]["violation"]["points"]
    assert wait_until(lambda: database["subjects"].find_one({"_id": subject}, {"points": 1}) or None)["points"] == points
