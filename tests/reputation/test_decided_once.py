"""An appeal is decided once (R-REP-19): a reviewer's decision read before another's landed is refused, so an appeal
is never both upheld and overturned, nor its reversal done on a decision that did not stand — the interleaving made
certain with monkeypatch."""

import pytest

from services.reputation import models, rules
from tests.reputation.test_ledger import led, violation  # noqa: F401 - the fixture
from tests.reputation.test_sanctions import sanction_ledger
from tianping.lib.errors import Conflict


def test_an_appeal_decision_read_before_another_reviewer_decided_it_is_refused_R_REP_19(led, monkeypatch):  # noqa: F811
    lg, _ = led
    serious = lg.record_violation(violation(subject="m3", rule="PB-20"))
    appeal = lg.file_appeal({"subject_id": "m3", "violation_id": serious["violation"]["violation_id"],
                             "grounds": "not the host"}, "m3")
    real, done = rules.can_decide_appeal, []

    def upheld_meanwhile(state, outcome):
        if not done:
            done.append(True)
            lg.decide_appeal(appeal["appeal_id"], {"outcome": "upheld", "reason": "the video shows the host"}, "rev-2")
        return real(state, outcome)

    monkeypatch.setattr(rules, "can_decide_appeal", upheld_meanwhile)
    with pytest.raises(Conflict):
        lg.decide_appeal(appeal["appeal_id"], {"outcome": "overturned", "reason": "not the host"}, "rev-1")
    assert lg.blacklist_get("m3")["status"] == "blacklisted"  # the upheld appeal stands: nothing lifted
    outcomes = [d.outcome for d in models.Decision.objects(subject_id="m3", kind="appeal")]
    assert outcomes == ["upheld"], outcomes


def test_two_violations_reassessed_from_the_same_sanction_take_its_step_once_R_REP_12(service_db, frozen_clock,
                                                                                      monkeypatch):
    from services.reputation import repository
    from tests.reputation.test_sanctions import record, sanction_changes

    lg = sanction_ledger(service_db, frozen_clock)
    record(lg, 1)  # 6 points: no sanction
    real, done = repository.note_points, []

    def another_violation_meanwhile(*args):
        before = real(*args)  # this violation's reassessment read 12 points and "none" in force ...
        if not done:
            done.append(True)
            lg.record_violation(violation(subject="m1", dedupe_key="m1:other"))  # ... the other one warns first
        return before

    monkeypatch.setattr(repository, "note_points", another_violation_meanwhile)
    lg.record_violation(violation(subject="m1", dedupe_key="m1:this"))
    levels = [c["sanction"]["level"] for c in sanction_changes(lg)]
    assert levels == ["warning"], levels
    assert models.Decision.objects(subject_id="m1", kind="sanction").count() == 1


def test_a_lapse_read_before_new_violations_raised_the_sanction_does_not_lower_it_R_REP_12(service_db, frozen_clock,
                                                                                          monkeypatch):
    from datetime import UTC, datetime

    from services.reputation.usecases import sanctions as sanction_usecases
    from tests.reputation.test_sanctions import record

    lg = sanction_ledger(service_db, frozen_clock)
    record(lg, 2)  # 12 points on 2 March 2026 (Shanghai): warning, its lapse due when they leave the window
    frozen_clock.set(datetime(2027, 3, 2, 16, 0, tzinfo=UTC))
    real, done = sanction_usecases.points_now, []

    def points_then_violations(*args):
        points = real(*args)  # 0: the lapse will fall to none ...
        if not done:
            done.append(True)
            record(lg, 4)  # ... but 24 new points restrict the subject meanwhile
        return points

    monkeypatch.setattr(sanction_usecases, "points_now", points_then_violations)
    lg.ctx.deadlines.sweep(lambda d: sanction_usecases.on_deadline(lg.ctx, d))
    assert lg.authority.sanction_entry("m1")["level"] == "restricted", lg.authority.sanction_entry("m1")


def test_a_violation_whose_window_read_missed_others_never_lowers_the_sanction(service_db, frozen_clock,
                                                                                       monkeypatch):
    """Found in CI (20 violations at once): a reassessment that read the window before others' violations landed
    committed the lower rung its stale points reached over the higher one theirs had reached. A new violation only
    ever raises the sanction; the interleaving made certain with monkeypatch."""
    from services.reputation import repository
    from tests.reputation.test_sanctions import record, sanction_changes

    lg = sanction_ledger(service_db, frozen_clock)
    record(lg, 8)  # 48 points: cleared out
    real = repository.point_rows

    def stale_window(subject_id, since):
        return real(subject_id, since)[:4]  # as if read when only four violations had landed: 24 points

    monkeypatch.setattr(repository, "point_rows", stale_window)
    lg.record_violation(violation(subject="m1", dedupe_key="m1:late"))
    levels = [c["sanction"]["level"] for c in sanction_changes(lg)]
    assert levels[-1] == "cleared_out" and "restricted" not in levels[levels.index("cleared_out"):], levels
    assert models.Subject.objects(subject_id="m1").first().sanction == "cleared_out"
