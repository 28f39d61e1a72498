"""Rule changes (R-XC-23): a change to onboarding's policy is a public notice first and takes effect on its day —
never before the notice period, counted in calendar days of the platform's time zone, has run."""

from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import publisher
from tianping.lib.errors import RuleRefused, ValidationFailed

from .cases import PERSON, merchant
from .usecases import Onboarding

SHANGHAI = timezone(timedelta(hours=8))
LOWER = {"market_entity_registration_cents": 5_000_000}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def reg(replica_for):
    return Onboarding(replica_for("onboarding"), publisher([]))


def seller(subject_id: str) -> dict:
    return merchant(subject_id=subject_id, identity={**PERSON, "credit_code": None, "id_number": subject_id[-6:] * 3},
                    drop_docs=["business_licence"], annual_turnover_cents=6_000_000)


def registration_check(answer: dict) -> str:
    return next(c["outcome"] for c in answer["checks"] if c["rule_id"] == "R-ONB-13")


@pytest.mark.rule("R-XC-23")
def test_a_policy_change_is_noticed_for_its_period_then_takes_effect_on_its_day_R_XC_23(reg, frozen_clock):
    # published at 00:30 on 2 Dec in Shanghai (still 1 Dec in UTC): seven days' notice ends with 8 Dec, there
    frozen_clock.set(at("2026-12-02T00:30"))
    with pytest.raises(RuleRefused) as refused:
        reg.publish_policy_change({"changes": LOWER, "effective_from": "2026-12-08", "reason": "lower the level"},
                                  "admin-1")
    assert "2026-12-09" in refused.value.fields["effective_from"][0]
    assert reg.policy_notices()["items"] == []  # nothing published
    change = reg.publish_policy_change({"changes": LOWER, "effective_from": "2026-12-09", "reason": "lower the level"},
                                       "admin-1")
    assert change["rule_ids"] == ["R-XC-23"] and not change["in_force"]
    notice = reg.policy_notices()
    assert [i["change_id"] for i in notice["items"]] == [change["change_id"]] and "+" not in notice["policy_version"]

    frozen_clock.set(at("2026-12-08T23:30"))  # the last day of the notice: the old level applies
    before = reg.submit(seller("pc-seller-100001"))
    assert registration_check(before) == "pass" and before["status"] == "approved"

    frozen_clock.set(at("2026-12-09T00:30"))  # its effective day's first hour there (8 Dec in UTC): the new level
    after = reg.submit(seller("pc-seller-200002"))
    assert registration_check(after) == "review" and after["status"] == "pending_review"
    assert reg.policy_notices()["items"][0]["in_force"]
    assert reg.policy_notices()["policy_version"].endswith(change["change_id"])


def test_a_policy_change_names_only_the_checks_thresholds(reg, frozen_clock):
    frozen_clock.set(at("2026-12-02T10:00"))
    with pytest.raises(ValidationFailed) as refused:
        reg.publish_policy_change({"changes": {"version": 9}, "effective_from": "2027-01-01", "reason": "sneaky"},
                                  "admin-1")
    assert "changes" in refused.value.fields
