"""Shadow mode for a points policy: a candidate with lower thresholds and PB-02 worth 6 instead of 3 is tried over the
subjects with violations in a period; it reports whose sanction would tighten and which violations would score
differently, changes nothing (no decision, sanction, event or audit entry), leaves out subjects outside the period,
and once the candidate is activated, reassessing each subject gives exactly the sanctions it predicted."""

import copy
from datetime import UTC, datetime

import pytest

from services.reputation import models, repository
from services.reputation.usecases import _policy_cache, sanctions
from tianping.lib.errors import ValidationFailed

from .test_ledger import led, violation  # noqa: F401 - the fixture


def candidate() -> dict:
    body = copy.deepcopy({k: v for k, v in repository.DEFAULT_POLICY.items() if k != "version"})
    body["thresholds"] = [[6, "warning"], [12, "restricted"], [36, "suspended"], [48, "cleared_out"]]
    body["points"]["PB-02"] = 6
    return body


def state() -> tuple:
    return (models.Decision.objects.count(), sorted((s.subject_id, s.sanction) for s in models.Subject.objects))


def test_a_points_dry_run_predicts_the_sanctions_and_changes_nothing(led, frozen_clock):  # noqa: F811
    lg, published = led
    frozen_clock.set(datetime(2026, 3, 1, 4, 0, tzinfo=UTC))
    lg.record_violation(violation(subject="dr-outside", rule="PB-01"))  # 6 points, on the 1st: outside the period
    frozen_clock.set(datetime(2026, 3, 2, 4, 0, tzinfo=UTC))
    lg.record_violation(violation(subject="dr-a", rule="PB-01"))        # 6 points: none now, warning under candidate
    lg.record_violation(violation(subject="dr-b", rule="PB-02"))        # 3 points (6 if recorded under candidate)
    for _ in range(2):
        lg.record_violation(violation(subject="dr-c", rule="PB-01"))    # 12 points: warning now, restricted then
    before, events, entries = state(), len(published), lg.audit.collection.count_documents({})

    answer = lg.dry_run({"policy": candidate(), "since": "2026-03-02", "until": "2026-03-02"})

    assert answer["subjects_examined"] == 3
    changes = {c["subject_id"]: c for c in answer["changes"]}
    assert (changes["dr-a"]["sanction_now"], changes["dr-a"]["sanction_with_candidate"]) == ("none", "warning")
    assert (changes["dr-c"]["sanction_now"], changes["dr-c"]["sanction_with_candidate"]) == ("warning", "restricted")
    assert changes["dr-b"]["sanction_with_candidate"] == "none" and changes["dr-b"]["violations_rescored"] == 1
    assert (answer["would_tighten"], answer["would_ease"]) == (2, 0) and "dr-outside" not in changes
    assert (state(), len(published), lg.audit.collection.count_documents({})) == (before, events, entries)

    # The real change: the candidate activated, each subject reassessed as a new violation would reassess it.
    frozen_clock.set(datetime(2026, 3, 2, 5, 0, tzinfo=UTC))
    models.Policy(version="2026-03-02-candidate", body={**candidate(), "version": "2026-03-02-candidate"}).save()
    _policy_cache["body"] = None
    for subject_id in ("dr-a", "dr-b", "dr-c"):
        _, sanction = sanctions.reassess(lg.ctx, subject_id, "merchant", lg.ctx.policy(), f"policy:{subject_id}", [])
        assert sanction == (changes[subject_id]["sanction_with_candidate"] if subject_id in changes else "none")
    _policy_cache["body"] = None


def test_a_points_dry_run_refuses_a_malformed_policy_or_period(led):  # noqa: F811
    lg, _ = led
    bad_thresholds = {**candidate(), "thresholds": [[6, "banished"]]}
    with pytest.raises(ValidationFailed) as refused:
        lg.dry_run({"policy": bad_thresholds, "since": "2026-03-02", "until": "2026-03-02"})
    assert "policy" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        lg.dry_run({"policy": candidate(), "since": "2026-03-02", "until": "2025-03-02"})
    assert "until" in refused.value.fields
