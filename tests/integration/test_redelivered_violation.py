"""A violation recorded through reputation's RPC is exactly once by the dedupe key it stores (`request:<key>`), with
no command-log claim and completion around it (issue 30: two of a violation's eight statements): the same request
delivered twice, as the broker redelivers it, records one violation and counts its points once."""

import uuid

import pymongo

from tests.integration.http import wait_until
from tests.raw_rpc import publish_raw
from tianping.platform.commands import COLLECTION


def delivered_twice(amqp_uri: str, data: dict, correlation_id: str) -> list[dict]:
    """The request published twice with one correlation id (a redelivery keeps it); both replies."""
    return publish_raw(amqp_uri, "reputation.record_violation", [data], {}, correlation_id, copies=2, timeout=20)


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
