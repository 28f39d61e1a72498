"""After-sale rules as tables: the no-reason window at its boundary day (both sides, two time zones), each
statutory exclusion, the warranty, the platform minimum for terms, and calendar deadlines."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.aftersale import rules
from services.aftersale.usecases import POLICY

SH = ZoneInfo("Asia/Shanghai")
TERMS = {"response_hours": 48, "return_days": 7, "warranty_days": 90}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def order(delivered: str | None, **item) -> dict:
    return {"delivered_at": at(delivered) if delivered else None,
            "items": [{"sku": "s1", "category": "general", "customised": False, "exclusion": None,
                       "buyer_confirmed_excluded": False, **item}]}


WINDOW = [  # (delivered, opened, accepted): delivered on the 1st local day -> the 8th is the last day (R-AFT-01)
    ("2026-03-01T10:00:00+08:00", "2026-03-08T23:59:59+08:00", True),
    ("2026-03-01T10:00:00+08:00", "2026-03-09T00:00:00+08:00", False),
    ("2026-03-01T00:00:00+08:00", "2026-03-08T23:59:00+08:00", True),   # delivered at the first moment of the 1st
    ("2026-03-01T23:59:00+08:00", "2026-03-09T00:00:00+08:00", False),  # ... or its last: the same local day
    # A delivery late on 28 Feb UTC is 1 March in Shanghai: the platform's day counts, not UTC's.
    ("2026-02-28T16:30:00+00:00", "2026-03-08T15:59:59+00:00", True),
    ("2026-02-28T16:30:00+00:00", "2026-03-08T16:00:00+00:00", False),
    ("2026-02-28T15:30:00+00:00", "2026-03-07T16:00:00+00:00", False),  # 28 Feb 23:30 local: ends a day earlier
    # Across a month end and a leap day.
    ("2028-02-25T12:00:00+08:00", "2028-03-03T23:59:59+08:00", True),
    ("2028-02-25T12:00:00+08:00", "2028-03-04T00:00:00+08:00", False),
]


@pytest.mark.rule("R-AFT-01")
@pytest.mark.parametrize("delivered, opened, accepted", WINDOW)
def test_no_reason_window_counts_seven_calendar_days_from_the_day_after_delivery_R_AFT_01(delivered, opened,
                                                                                         accepted):
    ok, fired, reasons = rules.eligibility("no_reason_return", order(delivered), [], at(opened), POLICY, TERMS)
    assert ok is accepted and fired == ["R-AFT-01"]
    assert bool(reasons) is not accepted


@pytest.mark.rule("R-AFT-01", "R-AFT-03")
def test_a_merchant_may_give_longer_than_the_statute_never_shorter_R_AFT_01_R_AFT_03():
    generous = {**TERMS, "return_days": 15}
    assert rules.eligibility("no_reason_return", order("2026-03-01T10:00:00+08:00"), [], at("2026-03-16T23:00:00+08:00"),
                             POLICY, generous)[0]
    assert not rules.eligibility("no_reason_return", order("2026-03-01T10:00:00+08:00"), [],
                                 at("2026-03-17T00:00:00+08:00"), POLICY, generous)[0]
    assert rules.terms_problems({**TERMS, "return_days": 6}, POLICY["minimum_terms"]) == {
        "return_days": ["at least 7 days (platform minimum, R-AFT-01)"]}
    assert "response_hours" in rules.terms_problems({**TERMS, "response_hours": 49}, POLICY["minimum_terms"])
    assert rules.terms_problems(TERMS, POLICY["minimum_terms"]) == {}


EXCLUDED = [("customised", {"customised": True}), ("fresh_perishable", {"exclusion": "fresh_perishable"}),
            ("digital_download", {"exclusion": "digital_download"}),
            ("unsealed_av_software", {"exclusion": "unsealed_av_software"}),
            ("periodical", {"exclusion": "periodical"}),
            ("buyer_confirmed_excluded", {"buyer_confirmed_excluded": True})]


@pytest.mark.rule("R-AFT-01")
@pytest.mark.parametrize("exclusion, item", EXCLUDED, ids=[e[0] for e in EXCLUDED])
def test_each_statutory_exclusion_refuses_the_no_reason_return_with_its_rule_R_AFT_01(exclusion, item):
    ok, fired, reasons = rules.eligibility("no_reason_return", order("2026-03-01T10:00:00+08:00", **item), [],
                                           at("2026-03-02T10:00:00+08:00"), POLICY, TERMS)
    assert not ok and fired == ["R-AFT-01"] and reasons == [f"s1: {rules.EXCLUSIONS[exclusion]}"]
    # ... but a quality claim on the same goods is still accepted (the exclusion is only from the no-reason return)
    assert rules.eligibility("quality_return", order("2026-03-01T10:00:00+08:00", **item), [],
                             at("2026-03-02T10:00:00+08:00"), POLICY, TERMS)[0]


@pytest.mark.rule("R-AFT-01")
def test_not_yet_delivered_goods_have_no_no_reason_period_yet_but_a_refund_can_be_asked_R_AFT_01():
    assert not rules.eligibility("no_reason_return", order(None), [], at("2026-03-02T10:00:00+08:00"), POLICY, TERMS)[0]
    assert rules.eligibility("refund_only", order(None), [], at("2026-03-02T10:00:00+08:00"), POLICY, TERMS)[0]


@pytest.mark.rule("R-AFT-02")
@pytest.mark.parametrize("opened, accepted", [("2026-05-30T23:59:59+08:00", True),   # 1 March + 90 days = 30 May
                                              ("2026-05-31T00:00:00+08:00", False)])
def test_quality_claims_stay_open_past_seven_days_until_the_warranty_ends_R_AFT_02(opened, accepted):
    ok, fired, _ = rules.eligibility("repair", order("2026-03-01T10:00:00+08:00"), [], at(opened), POLICY, TERMS)
    assert ok is accepted and "R-AFT-02" in fired


def test_day_deadlines_end_at_local_midnight_hour_deadlines_run_as_hours():
    start = at("2026-03-01T23:00:00+08:00")
    assert rules.due_at("ship_return", start, POLICY, TERMS) == datetime(2026, 3, 9, tzinfo=SH)
    assert rules.due_at("respond", start, POLICY, TERMS) == at("2026-03-03T23:00:00+08:00")
    assert rules.due_at("confirm_receipt", start, POLICY, TERMS) == at("2026-03-04T23:00:00+08:00")


def test_stats_figures():
    requests = [{"status": "completed", "kind": "quality_return", "accepted": True, "first_response_seconds": 3600,
                 "survey": {"satisfaction": 4, "resolved": True}},
                {"status": "rejected", "kind": "no_reason_return", "accepted": False, "first_response_seconds": 7200},
                {"status": "refused", "kind": "no_reason_return"}]
    figures = rules.merchant_stats(requests, orders=10, breaches=2)
    assert figures == {"requests": 2, "refused_by_rule": 1, "acceptance_rate": 0.5, "response_hours_p50": 1.5,
                       "response_hours_p90": 1.9, "deadline_breaches": 2, "orders": 10,
                       "quality_complaint_rate": 0.1, "surveys": 1, "satisfaction_mean": 4.0,
                       "unresolved_share": 0.0}
