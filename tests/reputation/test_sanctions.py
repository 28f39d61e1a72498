"""Reputation, the one authority for sanctions (issue 24): a rung crossed is a change of the authority's log with the
policy's effects, an end, the rule IDs and the decision; a suspension ends by itself on the deadline engine; an
overturned appeal lowers it, recorded with the appeal's id; every replica fed from the log answers the same."""

from datetime import UTC, datetime

import pytest

from services.reputation import models
from services.reputation.repository import authority
from services.reputation.usecases import sanctions as sanction_usecases
from tests.conftest import publisher
from tests.reputation.test_ledger import Relay, violation
from tests.reputation.usecases import Reputation
from tianping.infra import db
from tianping.platform import deadlines, sanctions

BEGUN = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)  # 23:30 on 2 March in Shanghai


@pytest.fixture
def led(service_db, frozen_clock):
    return sanction_ledger(service_db, frozen_clock)


def sanction_ledger(service_db, frozen_clock):
    """The ledger with its deadline engine, on 2 March 2026 (also for tests/reputation/test_decided_once.py)."""
    frozen_clock.set(BEGUN)
    database = service_db("reputation")
    db.ensure_indexes(models)
    lg = Reputation(authority.Authority(database), Relay(), publisher([]))
    lg.ctx.deadlines = deadlines.DeadlineBook(database[deadlines.COLLECTION], "reputation")
    lg.ctx.deadlines.ensure_indexes()
    return lg


def sanction_changes(lg) -> list[dict]:
    return [c for c in lg.authority.changes_after(0, 100) if c["action"] == sanctions.SANCTION]


def record(lg, n, subject="m1", **extra):
    return [lg.record_violation(violation(subject=subject, dedupe_key=f"{subject}:{i}:{n}", **extra))
            for i in range(n)]


def test_each_rung_crossed_is_one_change_of_the_log_with_the_policy_effects_R_REP_12_R_REP_18(led):
    results = record(led, 6)  # 6 points each: 12 warning, 24 restricted, 36 suspended
    changes = sanction_changes(led)
    assert [c["sanction"]["level"] for c in changes] == ["warning", "restricted", "suspended"]
    suspended = changes[-1]
    assert suspended["sanction"]["refuses"] == ["sell", "publish_listing", "go_live", "take_orders", "run_community",
                                                "apply", "promote"] and suspended["sanction"]["hides_listings"]
    assert suspended["sanction"]["until"] == datetime(2026, 4, 1, 16, 0, tzinfo=UTC)  # 00:00 on 2 April in Shanghai
    assert suspended["rule_ids"] == ["R-REP-12", "R-REP-19", "R-REP-18"]
    assert suspended["caused_by"] == results[5]["violation"]["violation_id"]
    assert suspended["sanction"]["decision_id"] == f"sanction:{suspended['caused_by']}"
    assert results[5]["decisions"][0]["outcome"] == "suspended" and results[5]["blacklist_seq"] is None
    assert changes[1]["sanction"]["reviews"] == ["publish_listing", "run_community"]
    assert led.authority.sanction_entry("m1")["level"] == "suspended"
    assert led.authority.entry("m1") is None  # not blacklisted: the blacklist's entries are its own
    assert [d["kind"] for d in led.ctx.deadlines.of_subject("m1")] == ["sanction_end", "sanction_lapse", "sanction_lapse"]
    # a redelivered violation commits nothing twice
    led.record_violation(violation(subject="m1", dedupe_key="m1:5:6"))
    assert len(sanction_changes(led)) == 3


def test_clear_out_commits_the_sanction_and_the_blacklisting_through_one_log_R_REP_13(led):
    record(led, 8)  # 48 points
    changes = led.authority.changes_after(0, 100)
    assert [(c["action"], (c.get("sanction") or {}).get("level")) for c in changes][-2:] == \
        [("sanction", "cleared_out"), ("add", None)]
    assert [c["seq"] for c in changes] == list(range(1, len(changes) + 1))  # one gap-free sequence


def test_a_suspension_ends_by_itself_on_the_deadline_engine_day_before_and_day_of(led, frozen_clock):
    record(led, 6)
    sweep = lambda: led.ctx.deadlines.sweep(lambda d: sanction_usecases.on_deadline(led.ctx, d))  # noqa: E731
    frozen_clock.set(datetime(2026, 4, 1, 15, 59, 59, tzinfo=UTC))  # 23:59:59 on 1 April in Shanghai
    assert sweep()["fired"] == 0 and led.authority.sanction_entry("m1")["level"] == "suspended"
    frozen_clock.set(datetime(2026, 4, 1, 16, 0, tzinfo=UTC))  # 00:00 on 2 April
    assert sweep()["fired"] == 1
    ended = sanction_changes(led)[-1]
    assert ended["sanction"]["level"] == "restricted" and ended["caused_by"].startswith("expiry:")
    assert ended["rule_ids"] == ["R-REP-19"] and ended["sanction"]["until"] is None
    assert led.reputation("m1")["sanction"] == "restricted"
    assert sweep()["fired"] == 0 and len(sanction_changes(led)) == 4  # once


@pytest.mark.rule("R-REP-12")
def test_a_warning_lapses_when_its_points_leave_the_window_day_before_and_day_of_R_REP_12(led, frozen_clock):
    record(led, 2)  # 12 points on 2 March 2026 (Shanghai): warning
    warned = sanction_changes(led)[-1]
    sweep = lambda: led.ctx.deadlines.sweep(lambda d: sanction_usecases.on_deadline(led.ctx, d))  # noqa: E731
    frozen_clock.set(datetime(2027, 3, 2, 15, 59, 59, tzinfo=UTC))  # 23:59:59 on 2 March 2027: still in the window
    assert sweep()["fired"] == 0 and led.authority.sanction_entry("m1")["level"] == "warning"
    frozen_clock.set(datetime(2027, 3, 2, 16, 0, tzinfo=UTC))  # 00:00 on 3 March 2027
    assert sweep()["fired"] == 1
    lapsed = sanction_changes(led)[-1]
    assert lapsed["sanction"]["level"] == "none" and lapsed["caused_by"] == f"lapse:{warned['seq']}"
    assert lapsed["rule_ids"] == ["R-REP-12", "R-REP-19"] and led.reputation("m1")["sanction"] == "none"
    assert sweep()["fired"] == 0 and len(sanction_changes(led)) == 2  # once


@pytest.mark.rule("R-REP-12")
def test_a_sanction_held_by_later_points_is_looked_at_again_then_falls_a_rung_at_a_time_R_REP_12(led, frozen_clock):
    sweep = lambda: led.ctx.deadlines.sweep(lambda d: sanction_usecases.on_deadline(led.ctx, d))  # noqa: E731
    record(led, 1)  # 6 points on 2 March 2026
    frozen_clock.set(datetime(2026, 9, 1, 2, 0, tzinfo=UTC))
    led.record_violation(violation(rule="PB-13", dedupe_key="m1:september"))  # 12 more on 1 September: 18, warning
    frozen_clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    led.record_violation(violation(rule="PB-13", dedupe_key="m1:december"))  # 12 more on 1 December: 30, restricted
    assert led.authority.sanction_entry("m1")["level"] == "restricted"
    frozen_clock.set(datetime(2027, 3, 2, 16, 0, tzinfo=UTC))  # the 2 March violation leaves: 24, still restricted
    assert sweep()["fired"] == 2 and led.authority.sanction_entry("m1")["level"] == "restricted"
    frozen_clock.set(datetime(2027, 9, 1, 15, 59, 59, tzinfo=UTC))
    assert sweep()["fired"] == 0
    frozen_clock.set(datetime(2027, 9, 1, 16, 0, tzinfo=UTC))  # 00:00 on 2 September 2027: 12 left, warning
    assert sweep()["fired"] == 1 and led.authority.sanction_entry("m1")["level"] == "warning"
    frozen_clock.set(datetime(2027, 12, 1, 16, 0, tzinfo=UTC))  # and on 2 December nothing is left
    assert sweep()["fired"] == 1 and led.authority.sanction_entry("m1")["level"] == "none"
    assert [c["sanction"]["level"] for c in sanction_changes(led)] == ["warning", "restricted", "warning", "none"]
    frozen_clock.set(datetime(2028, 1, 1, tzinfo=UTC))
    assert sweep()["fired"] == 0  # the warning's own lapse found itself superseded by the restriction
    assert sorted(d["outcome"] for d in led.ctx.deadlines.of_subject("m1")) == \
        ["held", "lapsed", "lapsed", "superseded"]


def test_a_later_change_supersedes_the_pending_end(led, frozen_clock):
    record(led, 6)
    record(led, 2, rule="PB-13")  # 12 + 12 more: cleared out before the suspension would end
    frozen_clock.set(datetime(2026, 4, 2, tzinfo=UTC))
    led.ctx.deadlines.sweep(lambda d: sanction_usecases.on_deadline(led.ctx, d))
    assert led.authority.sanction_entry("m1")["level"] == "cleared_out"


def test_an_overturned_appeal_lowers_the_sanction_with_the_appeals_id_R_REP_19(led, frozen_clock):
    results = record(led, 6)
    appeal = led.file_appeal({"subject_id": "m1", "violation_id": results[5]["violation"]["violation_id"],
                              "grounds": "the evidence shows another seller"}, "m1")
    frozen_clock.advance(days=1)
    led.decide_appeal(appeal["appeal_id"], {"outcome": "overturned", "reason": "another seller"}, "rev")
    lowered = sanction_changes(led)[-1]
    assert lowered["sanction"]["level"] == "restricted" and lowered["caused_by"] == appeal["appeal_id"]
    assert lowered["sanction"]["decision_id"] == f"sanction:{appeal['appeal_id']}"
    # a later end of the suspension it replaced does nothing
    frozen_clock.set(datetime(2026, 4, 3, tzinfo=UTC))
    assert led.ctx.deadlines.sweep(lambda d: sanction_usecases.on_deadline(led.ctx, d))["fired"] == 1
    assert sanction_changes(led)[-1]["seq"] == lowered["seq"]


def test_an_appeal_against_the_sanction_itself_lifts_it_to_none(led):
    record(led, 4)
    restricted = sanction_changes(led)[-1]
    appeal = led.file_appeal({"subject_id": "m1", "blacklist_seq": restricted["seq"], "grounds": "unfair terms"}, "m1")
    led.decide_appeal(appeal["appeal_id"], {"outcome": "overturned", "reason": "restriction not justified"}, "rev")
    assert led.authority.sanction_entry("m1")["level"] == "none"
    assert sanction_changes(led)[-1]["caused_by"] == appeal["appeal_id"]


def test_a_reversal_never_raises_a_sanction(led, frozen_clock):
    record(led, 6)
    frozen_clock.set(datetime(2026, 4, 2, tzinfo=UTC))
    led.ctx.deadlines.sweep(lambda d: sanction_usecases.on_deadline(led.ctx, d))  # served: restricted, 36 points
    results = record(led, 1, subject="m1", rule="PB-25")  # 2 points: 38, a new violation re-suspends
    assert sanction_changes(led)[-1]["sanction"]["level"] == "suspended"
    frozen_clock.advance(days=40)
    led.ctx.deadlines.sweep(lambda d: sanction_usecases.on_deadline(led.ctx, d))
    appeal = led.file_appeal({"subject_id": "m1", "violation_id": results[0]["violation"]["violation_id"],
                              "grounds": "not mine"}, "m1")
    led.decide_appeal(appeal["appeal_id"], {"outcome": "overturned", "reason": "not theirs"}, "rev")
    assert led.authority.sanction_entry("m1")["level"] == "restricted"  # 36 points, but an appeal only lowers


def test_every_replica_fed_from_the_log_answers_the_same(led, replica_for):
    record(led, 6)
    log = led.authority.changes_after(0, 100)
    for service in ("listing", "aftersale", "onboarding"):
        replica = replica_for(service)
        replica.catch_up(len(log), lambda after, limit: led.authority.changes_after(after, limit),
                         epoch=log[0]["epoch"])
        assert sanctions.is_allowed(replica, "m1", "take_orders") == (False, ["R-REP-12", "R-REP-19", "R-REP-18"])
    view = sanction_usecases.view(led.ctx, "m1")
    assert view["level"] == "suspended" and [h["sanction"]["level"] for h in view["history"]] == \
        ["warning", "restricted", "suspended"]
    assert sanction_usecases.view(led.ctx, "nobody")["level"] == "none"


def test_the_dry_run_shows_what_every_service_would_do(led):
    record(led, 4)
    from services.reputation.repository import DEFAULT_POLICY
    candidate = {k: v for k, v in DEFAULT_POLICY.items() if k != "version"}
    candidate["thresholds"] = [[12, "warning"], [20, "suspended"], [48, "cleared_out"]]
    out = led.dry_run({"policy": candidate, "since": "2026-03-01", "until": "2026-03-03"})
    change = out["changes"][0]
    assert change["effects_now"]["reviews"] == ["publish_listing", "run_community"]
    assert "take_orders" in change["effects_with_candidate"]["refuses"]
