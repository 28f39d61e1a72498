"""Merchants whose after-sales performance falls short are dealt with (R-REP-03): once enough buyers have answered
the follow-up survey, a mean satisfaction below the platform's standard, or too many issues left unresolved, over the
standard's window reports a violation to reputation (points and sanctions by its policy) — once per calendar month
in Shanghai, again in the next month if it still falls short."""

from datetime import datetime

import pytest

from services.aftersale.usecases import POLICY
from tests.aftersale.usecases import BUYER, MERCHANT, Aftersale, order

STANDARD = POLICY["performance_standard"]


@pytest.fixture
def desk(replica_for, service_db, frozen_clock):
    from tianping.infra import db

    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"))
    desk.clock = frozen_clock
    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    desk.record_order(order(), "order-system")
    return desk


def surveyed(desk, satisfaction, resolved=False):
    r = desk.open({"order_id": "o1", "buyer_id": "b1", "kind": "repair", "reason": "the clasp broke"})
    r = desk.respond(r["request_id"], {"action": "reject", "reason": "worn by use"}, MERCHANT)
    return desk.survey(r["request_id"], {"satisfaction": satisfaction, "resolved": resolved}, BUYER)


def reported(desk) -> list[dict]:
    return [v for v in desk.events("violation_detected") if v["rule_id"] == "R-REP-03"]


@pytest.mark.rule("R-REP-03")
def test_a_merchant_whose_buyers_are_dissatisfied_is_reported_once_a_month_R_REP_03(desk):
    assert STANDARD["min_surveys"] == 5 and STANDARD["min_satisfaction_mean"] == 3.0
    for _ in range(4):
        surveyed(desk, 1)
    assert reported(desk) == []  # four answers are too few to judge
    surveyed(desk, 2)
    first = reported(desk)
    assert len(first) == 1 and first[0]["subject_id"] == "m1" and "mean satisfaction 1.2" in first[0]["evidence"][0]
    surveyed(desk, 1)
    assert {v["dedupe_key"] for v in reported(desk)} == {"aftersale-performance:m1:2026-03"}  # once this month

    desk.clock.set(datetime.fromisoformat("2026-03-31T23:59:59+08:00"))
    surveyed(desk, 1)
    assert {v["dedupe_key"] for v in reported(desk)} == {"aftersale-performance:m1:2026-03"}
    desk.clock.set(datetime.fromisoformat("2026-04-01T00:00:00+08:00"))  # a new month, still short
    surveyed(desk, 1)
    assert reported(desk)[-1]["dedupe_key"] == "aftersale-performance:m1:2026-04"


@pytest.mark.rule("R-REP-03")
def test_satisfied_buyers_report_nothing_but_unresolved_issues_do_R_REP_03(desk):
    for _ in range(5):
        surveyed(desk, 5, resolved=True)
    assert reported(desk) == []
    for _ in range(6):
        surveyed(desk, 4, resolved=False)  # content enough, but most issues left unresolved: 6 of 11
    assert "unresolved share 0.5455 above 0.5" in reported(desk)[0]["evidence"][0]
