"""Unit tests for the shared kit."""

from datetime import UTC, datetime

import pytest
from marshmallow import ValidationError
from nameko.exceptions import deserialize, serialize

from tianping.infra import broker
from tianping.lib import envelope, errors
from tianping.platform.blacklist import BlacklistEnforcing


def test_envelope_round_trip_carries_all_fields():
    msg = envelope.wrap("blacklist_changed", "reputation", {"changes": []}, correlation_id="abc")
    loaded = envelope.unwrap(msg)
    assert loaded["event_type"] == "blacklist_changed"
    assert loaded["producer"] == "reputation"
    assert loaded["correlation_id"] == "abc"
    assert loaded["schema_version"] == envelope.SCHEMA_VERSION
    assert isinstance(loaded["occurred_at"], datetime) and loaded["payload"] == {"changes": []}
    assert len(loaded["event_id"]) == 32


def test_envelope_rejects_missing_fields():
    with pytest.raises(ValidationError) as info:
        envelope.unwrap({"event_type": "x"})
    assert {"event_id", "producer", "payload", "occurred_at", "schema_version"} <= set(info.value.messages)


@pytest.mark.parametrize("error, status, code", [
    (errors.ValidationFailed("bad", {"a": ["x"]}), 400, "validation_failed"),
    (errors.Unauthenticated("no"), 401, "unauthenticated"),
    (errors.Forbidden("no"), 403, "forbidden"),
    (errors.NotFound("no"), 404, "not_found"),
    (errors.Conflict("no"), 409, "conflict"),
    (errors.SubjectBlacklisted("no"), 422, "subject_blacklisted"),
    (errors.ServiceUnavailable("no"), 503, "service_unavailable"),
    (errors.UpstreamTimeout("no"), 504, "upstream_timeout"),
    (RuntimeError("boom"), 500, "internal_error"),
])
def test_error_table_maps_each_type(error, status, code):
    assert errors.http_status_and_code(error) == (status, code)


def test_domain_errors_survive_rpc_serialisation_with_fields():
    original = errors.ValidationFailed("request failed validation", {"subject_id": ["required"]})
    rebuilt = deserialize(serialize(original))
    assert type(rebuilt) is errors.ValidationFailed
    assert rebuilt.message == "request failed validation"
    assert rebuilt.fields == {"subject_id": ["required"]}


def test_load_names_every_bad_field():
    from services.reputation.schemas import ViolationIn

    with pytest.raises(errors.ValidationFailed) as info:
        errors.load(ViolationIn(), {"subject_type": "alien", "severity": 3})
    assert {"subject_id", "subject_type", "rule_id", "severity"} <= set(info.value.fields)


def test_event_queues_match_nameko_naming():
    class Probe(BlacklistEnforcing):
        name = "probe"

    assert broker.event_queues(Probe) == [
        ("reputation.events", "evt-reputation-blacklist_changed--probe.on_blacklist_changed", "blacklist_changed")]


def test_broker_check_gives_one_line_error_for_wrong_uri():
    with pytest.raises(broker.BrokerUnavailable) as info:
        broker.check("amqp://guest:guest@127.0.0.1:1/", timeout=1)
    assert "\n" not in str(info.value) and "127.0.0.1:1" in str(info.value)


def test_broker_check_redacts_password():
    assert broker.redact("amqp://u:secret@h:5672/") == "amqp://u:***@h:5672/"


def test_aware_datetimes_in_envelope_are_utc():
    when = datetime(2026, 1, 1, tzinfo=UTC)
    assert envelope.wrap("t", "p", {}, occurred_at=when)["occurred_at"].startswith("2026-01-01T00:00:00")


def test_a_payload_that_breaks_its_contract_is_refused_at_publication():
    from services.onboarding import contracts
    from tianping.platform.contracts import ContractBroken

    good = {"subject_id": "s1", "subject_type": "host", "status": "suspended", "previous": "active",
            "rule_ids": ["R-REP-13"], "cause": "mcn-blacklist:3", "version": 4}
    assert contracts.SUBJECT_STATUS_CHANGED.dump(good) == good
    with pytest.raises(ContractBroken):
        contracts.SUBJECT_STATUS_CHANGED.dump({**good, "rule_ids": ["NOT-A-RULE"]})
    with pytest.raises(ContractBroken):
        contracts.SUBJECT_STATUS_CHANGED.dump({k: v for k, v in good.items() if k != "cause"})


@pytest.mark.parametrize("line, secret", [
    ("applicant 440301199001011234 refused", "440301199001011234"),
    ("credit code 91440300MA5X12345Q on file", "91440300MA5X12345Q"),
    ("call 13800138000 or +86 755 1234 5678", "13800138000"),
    ("identity {'real_name': 'Li Na', 'address': 'Shenzhen Nanshan 2'}", "Li Na"),
    ('{"id_number": "11010119900101123X"}', "11010119900101123X"),
])
def test_personal_data_never_reaches_a_log_line_in_clear_R_XC_10(line, secret):
    import json
    import logging

    from tianping.lib.logs import JsonFormatter

    record = logging.LogRecord("t", logging.INFO, __file__, 1, line, None, None)
    shown = json.loads(JsonFormatter("test").format(record))["msg"]
    assert secret not in shown


def test_ids_and_hashes_are_not_mistaken_for_personal_data():
    from tianping.lib.logs import scrub

    line = "seq 17 for subject merchant-42, request 5f2c9e0b1a7d4c3e8f6a2b1c0d9e8f7a at 2026-11-24T10:00:00"
    assert scrub(line) == line


def test_a_log_line_names_its_time_level_component_entrypoint_request_and_subject():
    import json
    import logging
    from types import SimpleNamespace

    from tianping.lib.logs import Correlation, JsonFormatter

    worker = SimpleNamespace(data={"correlation_id": "req-1"}, entrypoint=SimpleNamespace(method_name="open_request"))
    Correlation().worker_setup(worker)
    try:
        record = logging.LogRecord("t", logging.WARNING, __file__, 1, "deadline fired", None, None)
        record.subject_id = "as_1"
        line = json.loads(JsonFormatter("aftersale").format(record))
    finally:
        Correlation().worker_teardown(worker)
    assert {k: line[k] for k in ("level", "component", "entrypoint", "correlation_id", "subject_id")} == {
        "level": "WARNING", "component": "aftersale", "entrypoint": "open_request", "correlation_id": "req-1",
        "subject_id": "as_1"}
    assert line["ts"].endswith("+00:00")


def test_rpc_replies_are_published_without_waiting_for_a_confirm():
    """A reply is not a record (tianping.infra.amqp.ReplyPublisher); requests and events keep their confirms."""
    from nameko.amqp.publish import Publisher
    from nameko.rpc import Responder

    from tianping.infra import amqp

    amqp.install()
    assert Responder.publisher_cls.use_confirms is False
    assert Publisher.use_confirms is True
