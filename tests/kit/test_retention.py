"""Retention windows at their boundary day (R-XC-01 complaints, R-XC-02 transactions, R-XC-03 registrations): a
record is kept through the whole anniversary day in the platform's time zone and may be purged from the next
midnight, never before."""

from datetime import datetime, timedelta

import pytest

from tianping.platform import retention

START = datetime.fromisoformat("2026-03-01T23:30:00+08:00")


@pytest.mark.parametrize("retention_class, rule_id, anniversary", [
    pytest.param("complaint", "R-XC-01", "2029-03-01", marks=pytest.mark.rule("R-XC-01")),
    pytest.param("transaction", "R-XC-02", "2029-03-01", marks=pytest.mark.rule("R-XC-02")),
    pytest.param("registration", "R-XC-03", "2028-03-01", marks=pytest.mark.rule("R-XC-03")),
    pytest.param("sanction", "R-XC-06", "2029-03-01", marks=pytest.mark.rule("R-XC-06"))])
def test_a_record_is_kept_through_its_anniversary_day_and_purgeable_the_next(retention_class, rule_id, anniversary):
    stamped = retention.stamp(retention_class, START)
    last_moment_kept = datetime.fromisoformat(f"{anniversary}T23:59:59+08:00")
    assert stamped["retention_class"] == retention_class
    assert stamped["retain_until"] > last_moment_kept
    assert stamped["retain_until"] == last_moment_kept + timedelta(seconds=1)
    assert retention.window(retention_class, START)["rule_ids"] == [rule_id]


def test_a_late_evening_utc_start_counts_from_the_local_day():
    utc = datetime.fromisoformat("2026-02-28T16:30:00+00:00")  # 1 March 00:30 in Shanghai
    assert retention.stamp("registration", utc)["retain_until"] == datetime.fromisoformat("2028-03-02T00:00:00+08:00")
