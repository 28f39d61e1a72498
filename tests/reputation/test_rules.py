"""Unit tests of reputation rules; each cites the rule ID it proves."""

from datetime import UTC, datetime, timedelta

import pytest

from services.reputation import credit_rules, rules
from services.reputation.repository import DEFAULT_POLICY as P

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def facts(rule_id, severity="general", subject_type="merchant"):
    return rules.ViolationFacts(subject_type, rule_id, severity, NOW)


@pytest.mark.rule("R-REP-13")
@pytest.mark.parametrize("rule_id", ["PB-22", "PB-23", "PB-05", "PB-06", "PB-21", "PB-20"])
def test_serious_rules_blacklist_at_once_R_REP_13(rule_id):
    a = rules.assess_violation(P, facts(rule_id))
    assert a.blacklist and a.serious and a.points == 0
    assert "R-REP-13" in a.rule_ids and rule_id in a.rule_ids and "R-REP-22" in a.rule_ids
    assert a.policy_version == P["version"]


@pytest.mark.rule("R-REP-13")
def test_false_advertising_is_serious_only_when_buyers_were_harmed_R_REP_13():
    assert not rules.assess_violation(P, facts("PB-03")).blacklist
    assert rules.assess_violation(P, facts("PB-03", "serious")).blacklist


@pytest.mark.rule("R-REP-14")
def test_community_blacklisting_cites_R_REP_14():
    a = rules.assess_violation(P, facts("PB-22", subject_type="community_manager"))
    assert "R-REP-14" in a.rule_ids and "R-REP-13" not in a.rule_ids


def test_general_violation_points_come_from_policy_R_REP_12():
    assert rules.assess_violation(P, facts("PB-01")).points == P["points"]["PB-01"]
    assert rules.assess_violation(P, facts("PB-99")).points == P["default_points"]


@pytest.mark.rule("R-REP-19")
@pytest.mark.parametrize("points, sanction", [(0, "none"), (11, "none"), (12, "warning"), (23, "warning"),
                                              (24, "restricted"), (36, "suspended"), (48, "cleared_out")])
def test_points_thresholds_R_REP_19(points, sanction):
    assert rules.sanction_for_points(P, points) == sanction


def test_points_roll_over_365_days_and_ignore_overturned_R_REP_12():
    rows = [{"points": 6, "status": "active", "occurred_at": NOW - timedelta(days=10)},
            {"points": 6, "status": "active", "occurred_at": NOW - timedelta(days=366)},
            {"points": 6, "status": "overturned", "occurred_at": NOW - timedelta(days=1)}]
    assert rules.active_points(P, rows, NOW) == 6


@pytest.mark.rule("R-REP-09")
@pytest.mark.parametrize("total, grade", [(49.99, "ungraded"), (50, "A"), (60, "AA"), (70, "AAA"), (80, "AAAA"),
                                          (89.9, "AAAA"), (90, "AAAAA"), (100, "AAAAA")])
def test_grade_thresholds_R_REP_09(total, grade):
    assert rules.grade_for_total(P, total) == grade


@pytest.mark.rule("R-REP-10")
def test_grading_needs_all_33_indicators_R_REP_10():
    assert len(rules.INDICATORS) == 33
    full = {name: 3 for name in rules.INDICATORS}
    assert rules.grading_total(P, full) == 100.0
    half = dict(full, **{name: 0 for name in rules.INDICATORS[:16]})
    assert rules.grading_total(P, half) == round(17 * 3 / 99 * 100, 2)
    with pytest.raises(ValueError, match="missing"):
        rules.grading_total(P, {"website": 3})
    with pytest.raises(ValueError, match="between"):
        rules.grading_total(P, dict(full, website=4))


@pytest.mark.rule("R-REP-04")
def test_credit_components_and_score_R_REP_04():
    clean = credit_rules.credit_components(P, [], 0)
    assert credit_rules.credit_score(clean) == 100.0
    signals = [{"kind": "quality_complaint", "value": None}] * 2 + \
        [{"kind": "aftersale_response", "value": 72}, {"kind": "aftersale_response", "value": 2}] + \
        [{"kind": "dispute_decided", "value": "merchant_fault"}, {"kind": "dispute_decided", "value": "consumer"}] + \
        [{"kind": "evaluation_result", "value": 0.5}]
    c = credit_rules.credit_components(P, signals, 12)
    assert c == {"goods_quality": 22.5, "service_quality": 24.25, "dispute": 10.0, "compliance": 15.2,
                 "evaluation": 5.0}
    assert credit_rules.credit_score(c) == 76.95


def test_appeal_transitions():
    assert rules.can_decide_appeal("pending", "overturned")
    assert not rules.can_decide_appeal("upheld", "overturned")


def test_blacklist_transitions_refuse_double_add_and_stray_lift():
    assert rules.blacklist_transition(None, "add") is None
    assert rules.blacklist_transition("blacklisted", "add")
    assert rules.blacklist_transition("lifted", "lift")
    assert rules.blacklist_transition("blacklisted", "lift") is None


@pytest.mark.rule("R-REP-15")
def test_the_ladder_warns_then_suspends_publishing_then_closes_the_community_R_REP_15():
    assert rules.sanction_effects(P, "warning") == {"refuses": [], "reviews": [], "hides_listings": False}
    assert "run_community" in rules.sanction_effects(P, "restricted")["reviews"]
    suspended = rules.sanction_effects(P, "suspended")
    assert {"publish_listing", "run_community", "go_live"} <= set(suspended["refuses"]) and suspended["hides_listings"]
    assert "run_community" in rules.sanction_effects(P, "cleared_out")["refuses"]
