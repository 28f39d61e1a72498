"""Calendar periods at their boundary days, both sides, in the platform's time zone (Asia/Shanghai, UTC+8) — issue 15.

Several boundary moments fall on the previous day in UTC: a check counted in UTC, or in 365-day years, fails here."""

from datetime import date, datetime, timedelta, timezone

import pytest

from services.onboarding import rules, schemas
from services.onboarding.usecases import POLICY
from tianping.lib import periods

from .cases import DOC, host, mcn, merchant

SHANGHAI = timezone(timedelta(hours=8))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def outcome(application: dict, rule_id: str, now: datetime) -> tuple[str, str]:
    checks = rules.check_application(schemas.ApplicationIn().load(application), POLICY, now, None)
    found = next(c for c in checks if c.rule_id == rule_id)
    return found.outcome, found.message


def jeweller(decided_at: datetime) -> dict:
    return merchant(categories=["jewelry"], extra_docs=[DOC["category_qualification"]],
                    penalties=[{"kind": "jewelry_sales", "decided_at": decided_at.isoformat()}])


def endorser(decided_at: datetime) -> dict:
    return mcn(penalties=[{"kind": "false_advertising_endorsement", "decided_at": decided_at.isoformat()}])


@pytest.mark.parametrize("rule_id, make", [pytest.param(r, m, marks=pytest.mark.rule(r))
                                            for r, m in (("R-ONB-22", jeweller), ("R-ONB-29", endorser))])
@pytest.mark.parametrize("now, decided, expected", [
    # 3 calendar years back from 24 Nov 2026 is 24 Nov 2023, that day included (00:30 there is 16:30 UTC the day before)
    ("2026-11-24T10:00", "2023-11-24T00:30", "fail"),
    ("2026-11-24T10:00", "2023-11-23T23:30", "pass"),
    # from 29 Feb of a leap year, three years back is 28 Feb
    ("2028-02-29T12:00", "2025-02-28T00:00", "fail"),
    ("2028-02-29T12:00", "2025-02-27T23:59", "pass"),
])
def test_penalty_lookback_is_three_calendar_years_R_ONB_22_R_ONB_29(rule_id, make, now, decided, expected):
    assert outcome(make(at(decided)), rule_id, at(now))[0] == expected


@pytest.mark.parametrize("now, consent, expected, age", [
    ("2026-11-23T23:30", True, "fail", 15),   # the day before the 16th birthday, there
    ("2026-11-24T00:30", True, "pass", 16),   # the birthday's first hour there (still 23 Nov in UTC)
    ("2026-11-24T00:30", False, "fail", 16),  # 16 and 17 need guardian consent
    ("2028-11-24T00:30", False, "pass", 18),
])
@pytest.mark.rule("R-ONB-37")
def test_host_age_counts_full_years_on_the_platform_day_R_ONB_37(now, consent, expected, age):
    application = host(identity={"birth_date": "2010-11-24"},
                       extra_docs=[DOC["guardian_consent"]] if consent else [])
    result, message = outcome(application, "R-ONB-37", at(now))
    assert result == expected and f"host is {age}" in message


def test_registration_kept_two_calendar_years_from_deregistration_R_XC_03():
    deregistered = at("2026-11-24T23:30")  # 15:30 UTC
    kept = periods.kept_until(deregistered, POLICY["archive_retention_years"])
    assert kept == at("2028-11-25T00:00")          # the whole anniversary day is inside the window
    assert kept > at("2028-11-24T23:59") and periods.local_date(kept) == date(2028, 11, 25)
    leap = periods.kept_until(at("2028-02-29T08:00"), 2)
    assert leap == at("2030-03-01T00:00")          # 29 Feb + 2 years is 28 Feb, kept through that day
