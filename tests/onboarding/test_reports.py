"""Periodic publication of merchant management (R-XC-31): each closed calendar quarter (the policy's months) in the
platform's time zone gets its report — applications decided and measures imposed — once, and only after it closes."""

from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import publisher

from .cases import merchant
from .usecases import Onboarding

SHANGHAI = timezone(timedelta(hours=8))
FAILING = {"goods_quality": 40, "service_quality": 80, "management_quality": 80, "livestream_quality": 80}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def reg(replica_for):
    return Onboarding(replica_for("onboarding"), publisher([]))


@pytest.mark.rule("R-XC-31")
def test_each_closed_quarter_gets_its_merchant_management_report_once_R_XC_31(reg, frozen_clock):
    frozen_clock.set(at("2026-09-30T23:30"))  # the third quarter's last hour, there
    assert reg.submit(merchant(subject_id="rp-a"))["status"] == "approved"
    frozen_clock.set(at("2026-10-01T00:30"))  # the fourth quarter's first hour there (still 30 Sep in UTC)
    assert reg.submit(merchant(subject_id="rp-b", identity={"credit_code": "91440300MA5X8181"},
                               drop_docs=["business_licence"]))["status"] == "rejected"
    frozen_clock.set(at("2026-11-15T10:00"))
    assert reg.evaluate("rp-a", FAILING, "evaluator-1")["status"] == "restricted"

    frozen_clock.set(at("2026-12-31T23:30"))  # the fourth quarter has not closed: only the third is published
    third = reg.publish_reports()
    assert [(r["period_start"], r["period_end"]) for r in third] == [("2026-07-01", "2026-10-01")]
    assert third[0]["applications"] == {"approved": 1} and third[0]["measures"] == {}

    frozen_clock.set(at("2027-01-01T00:30"))  # the new year's first hour there (31 Dec in UTC)
    fourth = reg.publish_reports()
    assert [(r["period_start"], r["period_end"]) for r in fourth] == [("2026-10-01", "2027-01-01")]
    assert fourth[0]["applications"] == {"rejected": 1} and fourth[0]["measures"] == {"restricted": 1}
    assert reg.publish_reports() == []  # once per period
    assert [r["period_start"] for r in reg.management_reports()["items"]] == ["2026-10-01", "2026-07-01"]
