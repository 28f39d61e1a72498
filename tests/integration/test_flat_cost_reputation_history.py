"""One subject's reputation read costs the same whatever that subject's own history (issue 30): 1,000 or 20,000 of
its own violations and signals, of which the same few fall inside the windows the credit counts (the points window,
one calendar year; the credit window, 90 days): "deep" with enough in the points window to fill the page of
violations shown, "sparse" with fewer, whose page reaches into its old history (its first read stores where its page
starts, as any read of it after a violation does). Before, the read took every violation the subject ever had."""

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
IN_WINDOW = 60  # deep's violations inside the points window (more than the 50 shown); signals: half of it
SPARSE = 10  # sparse's


class Relay:
    def notify(self):
        pass


def seed_history(database, count: int) -> None:
    def when(i: int, recent: int, days: int):
        return NOW - timedelta(days=i % days, minutes=i) if i < recent else OLD + timedelta(minutes=i)

    for subject, recent in (("deep", IN_WINDOW), ("sparse", SPARSE)):
        seed(database.violations, count, lambda i, subject=subject, recent=recent: {
            "_id": f"vio-{subject}-{i}", "subject_id": subject, "subject_type": "merchant", "rule_id": "PB-01",
            "severity": "general", "source_service": "listing", "points": 1, "serious": False, "status": "active",
            "rule_ids": ["R-REP-12"], "policy_version": "seed", "dedupe_key": f"{subject}:{i}",
            "occurred_at": when(i, recent, 300)})
        seed(database.signals, count, lambda i, subject=subject, recent=recent: {
            "subject_id": subject, "kind": "quality_complaint", "value": 1, "dedupe_key": f"{subject}-sig:{i}",
            "occurred_at": when(i, recent // 2, 80)})
    database.subjects.insert_one({"_id": "sparse", "subject_type": "merchant", "sanction": "warning", "points": SPARSE,
                                  "frozen": False})


def read_costs(service_db, client, count: int):  # noqa: F811 (the fixture)
    database = service_db("reputation")
    db.ensure_indexes(models)
    seed_history(database, count)
    service = Reputation(authority.Authority(database), Relay(), publisher([]), request_key="warm-up")
    costs = {}
    for subject in ("deep", "sparse"):
        service.reputation(subject)  # sparse's page start stored (its first read takes its old history, once)
        service.reputation(subject)  # the process's caches (policy, kept 5 s) as in service, after that slow first read
        answers = []
        costs[subject] = measure(client, lambda subject=subject, answers=answers: answers.append(service.reputation(subject)))
        costs[subject].answer = answers[0]
    return costs


def test_reputation_read_costs_the_same_at_20k_own_violations_as_at_1k(service_db, client, frozen_clock):  # noqa: F811
    frozen_clock.set(NOW)
    small, large = (read_costs(service_db, client, n) for n in SIZES)
    for subject, points in (("deep", IN_WINDOW), ("sparse", SPARSE)):
        print(f"{subject}'s reputation, 1k own records: {small[subject]}\n20k own records: {large[subject]}")
        assert small[subject].answer["points"] == large[subject].answer["points"] == points
        shown = [[v["violation_id"] for v in costs.answer["violations"]] for costs in (small[subject], large[subject])]
        assert shown[0][:points] == shown[1][:points] and len(shown[1]) == 50  # then the newest of the old history
        assert shown[1][min(points, 50):] == [f"vio-{subject}-{SIZES[1] - 1 - i}" for i in range(50 - min(points, 50))]
        assert large[subject].answer["components"] == small[subject].answer["components"]
        assert_flat(small[subject], large[subject])
        assert large[subject].round_trips <= 3  # the subject's records in one aggregate, violations, signals
