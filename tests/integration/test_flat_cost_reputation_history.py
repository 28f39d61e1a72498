"""One subject's reputation read costs the same whatever that subject's own history (issue 30): 1,000 or 20,000 of
its own violations and signals, of which the same few fall inside the windows the credit counts (the points window,
one calendar year; the credit window, 90 days) — enough in the points window to fill the page of violations shown.
Before, the read took every violation the subject ever had."""

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
OLD = datetime(2020, 1, 1, tzinfo=UTC)  # long before both windows
IN_WINDOW = 60  # the subject's violations inside the points window (more than the 50 shown); signals: half of it


class Relay:
    def notify(self):
        pass


def seed_history(database, count: int) -> None:
    def when(i: int, recent: int, days: int):
        return NOW - timedelta(days=i % days, minutes=i) if i < recent else OLD + timedelta(minutes=i)

    seed(database.violations, count, lambda i: {
        "_id": f"vio-deep-{i}", "subject_id": "deep", "subject_type": "merchant", "rule_id": "PB-01",
        "severity": "general", "source_service": "listing", "points": 1, "serious": False, "status": "active",
        "rule_ids": ["R-REP-12"], "policy_version": "seed", "dedupe_key": f"deep:{i}",
        "occurred_at": when(i, IN_WINDOW, 300)})
    seed(database.signals, count, lambda i: {
        "subject_id": "deep", "kind": "quality_complaint", "value": 1, "dedupe_key": f"deep-sig:{i}",
        "occurred_at": when(i, IN_WINDOW // 2, 80)})


def read_cost(service_db, client, count: int):  # noqa: F811 (the fixture)
    database = service_db("reputation")
    db.ensure_indexes(models)
    seed_history(database, count)
    service = Reputation(authority.Authority(database), Relay(), publisher([]), request_key="warm-up")
    service.reputation("deep")  # the process's caches (policy) as in service
    answers = []
    cost = measure(client, lambda: answers.append(service.reputation("deep")))
    return cost, answers[0]


def test_reputation_read_costs_the_same_at_20k_own_violations_as_at_1k(service_db, client, frozen_clock):  # noqa: F811
    frozen_clock.set(NOW)
    (small, small_answer), (large, large_answer) = (read_cost(service_db, client, n) for n in SIZES)
    print(f"reputation read, 1k own records: {small}\nreputation read, 20k own records: {large}")
    assert small_answer["points"] == large_answer["points"] == IN_WINDOW
    assert len(large_answer["violations"]) == 50
    assert large_answer["components"] == small_answer["components"]
    assert_flat(small, large)
