"""Reputation's hot routes cost the same at 20,000 records as at 1,000 (issue 30): a violation that changes no
sanction, one that changes a sanction (through the authority's log), and a subject's reputation, against a history
of other subjects' violations, decisions, signals, gradings and blacklist changes seeded straight into the
collections. The subject read has a long history of its own — the same at both sizes: what a subject reads of
itself follows its own history, never everyone's; its next violation reads only the points window's. What the routes read only by `_id` (reputation's subjects, the
blacklist and sanction entries, the counter: point lookups, as the plans printed show) is left small."""

from datetime import UTC, datetime, timedelta

from services.reputation import models
from services.reputation.repository import authority
from tests.conftest import publisher
from tests.reputation.usecases import Reputation
from tianping.infra import db

from .flatcost import (  # noqa: F401 (client, mongodb_uri: the fixtures)
    SIZES,
    assert_flat,
    client,
    measure,
    mongodb_uri,
    seed,
)

NOW = datetime(2026, 6, 15, 10, tzinfo=UTC)
OLD = datetime(2024, 3, 1, tzinfo=UTC)  # outside the one-calendar-year points window
OWN = 200  # the read subject's own violations, decisions and signals: its history, the same at both sizes


class Relay:
    def notify(self):
        pass


def violation(subject: str) -> dict:
    return {"subject_id": subject, "subject_type": "merchant", "rule_id": "PB-01", "severity": "general",
            "evidence": ["ev://1"]}


def seed_reputation(database, count: int) -> None:
    """Other subjects' records (`count` of each, with the fields the routes' filters and indexes name), one in three
    of them with a violation inside the window, and the read subject's own long history (whole records)."""
    def subject(i):
        return "read-me" if i < OWN else f"s-{i}"

    def full(i: int, slim: dict, rest: dict) -> dict:  # the read subject's are whole; the others' what is queried
        return slim | rest if i < OWN else slim

    seed(database.violations, count, lambda i: full(i, {
        "_id": f"vio-seed-{i}", "subject_id": subject(i), "points": 6, "status": "active", "dedupe_key": f"seed:{i}",
        "occurred_at": NOW - timedelta(days=i % 300) if i % 3 == 0 and i >= OWN else OLD + timedelta(minutes=i)}, {
        "subject_type": "merchant", "rule_id": "PB-01", "severity": "general", "source_service": "listing",
        "serious": False, "rule_ids": ["R-REP-12"], "policy_version": "seed"}))
    seed(database.decisions, count, lambda i: full(i, {
        "subject_id": subject(i), "key": f"sanction:seed-{i}", "at": OLD + timedelta(minutes=i)}, {
        "kind": "sanction", "outcome": "warning", "rule_ids": ["R-REP-12"]}))
    seed(database.signals, count, lambda i: {
        "subject_id": subject(i), "kind": "quality_complaint", "value": 1, "occurred_at": NOW - timedelta(days=i % 80),
        "dedupe_key": f"sig:{i}"})
    seed(database.gradings, count, lambda i: {"enterprise_id": f"s-{i}", "grade": "B", "at": OLD + timedelta(minutes=i)})
    seed(database.blacklist_changes, count, lambda i: {
        "seq": i + 1, "subject_id": f"s-{i}", "action": "sanction" if i % 2 else "add", "caused_by": f"vio-seed-{i}",
        "request_key": f"seed-rk-{i}"})
    database.counters.insert_one({"_id": "blacklist_seq", "value": count, "epoch": "seed"})
    database.violations.insert_one({  # the subject whose next violation makes a warning: 6 points in the window
        "_id": "vio-edge", "subject_id": "edge", "subject_type": "merchant", "rule_id": "PB-01", "severity": "general",
        "source_service": "listing", "points": 6, "serious": False, "status": "active",
        "occurred_at": NOW - timedelta(days=10), "rule_ids": ["R-REP-12"], "policy_version": "seed"})


def reputation_costs(service_db, client, count: int):  # noqa: F811 (the fixture)
    database = service_db("reputation")
    db.ensure_indexes(models)
    seed_reputation(database, count)
    service = Reputation(authority.Authority(database), Relay(), publisher([]), request_key="warm-up")
    service.record_violation(violation("warm-up"))  # the process's caches (audit head, policy) as in service
    return {
        "record_violation (no sanction change)": measure(client, lambda: _record(service, count, "fresh", [])),
        "record_violation (sanction change)": measure(client, lambda: _record(service, count, "edge", ["warning"])),
        "GET /v1/reputation/{id}": measure(client, lambda: service.reputation("read-me")),
        # its next violation reads the points window's violations only, not its 200 older ones
        "record_violation (subject with a long history)": measure(
            client, lambda: _record(service, count, "read-me", [])),
        # a blacklisting, then its record: the subject's own changes, read on the log's (subject_id, seq) index
        "POST /v1/blacklist": measure(client, lambda: _blacklist(service, count)),
        "GET /v1/blacklist/{id}": measure(client, lambda: service.blacklist_get(f"listed-{count}"))}


def _blacklist(service, count: int) -> None:
    service.ctx.request_key = f"flat-blacklist-{count}"
    answer = service.blacklist_add({"subject_id": f"listed-{count}", "subject_type": "merchant", "reason": "flat",
                                    "rule_ids": ["R-REP-13"]}, "admin")
    assert answer["seq"] == count + 2  # after the seeded log and the sanction change of "edge"


def _record(service, count: int, subject: str, outcomes: list[str]) -> None:
    service.ctx.request_key = f"flat-{count}-{subject}"
    answer = service.record_violation(violation(subject))
    assert [d["outcome"] for d in answer["decisions"]] == outcomes


def test_reputation_routes_cost_the_same_at_20k_as_at_1k(service_db, client, frozen_clock):  # noqa: F811
    frozen_clock.set(NOW)
    small, large = (reputation_costs(service_db, client, n) for n in SIZES)
    for route in small:
        print(f"{route} at 1k: {small[route]}\n{route} at 20k: {large[route]}")
    for route in small:
        assert_flat(small[route], large[route])
