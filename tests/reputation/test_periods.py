"""The points window is one calendar year in the platform's time zone, boundary day included (R-REP-12)."""

from datetime import datetime, timedelta, timezone

import pytest

from services.reputation import rules
from services.reputation.repository import DEFAULT_POLICY

SHANGHAI = timezone(timedelta(hours=8))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize("occurred, counted", [
    ("2025-11-24T00:10", True),    # the window's first day, there (still 23 Nov in UTC)
    ("2025-11-23T23:50", False),   # the day before it
    ("2026-11-24T09:59", True),
])
def test_points_count_within_one_calendar_year_R_REP_12(occurred, counted):
    now = at("2026-11-24T10:00")
    rows = [{"points": 6, "status": "active", "occurred_at": at(occurred)}]
    assert rules.active_points(DEFAULT_POLICY, rows, now) == (6 if counted else 0)


def test_a_policy_written_before_calendar_windows_still_counts_days():
    legacy = {k: v for k, v in DEFAULT_POLICY.items() if k != "window_years"} | {"window_days": 365}
    now = at("2026-11-24T10:00")
    assert rules.window_start(legacy, now) == now - timedelta(days=365)
    assert rules.window_text(legacy) == "365 days" and rules.window_text(DEFAULT_POLICY) == "1 calendar year"
