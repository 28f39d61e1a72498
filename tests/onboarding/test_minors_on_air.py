"""PB-21: no one under 16 on air. The broadcast identity check reads the birth date the person's identity number
carries and refuses anyone under 16 on the platform's day (Asia/Shanghai), reporting the host's MCN."""

from datetime import UTC, datetime

import pytest

from services.onboarding import broadcast_rules
from tests.conftest import publisher
from tianping.lib.errors import RuleRefused

from .cases import host
from .usecases import Onboarding

BORN_2010_03_02 = "110105201003020016"  # 16 on 2026-03-02 in Shanghai, 15 the day before
SHANGHAI_MIDNIGHT = datetime(2026, 3, 1, 16, 0, tzinfo=UTC)  # 2026-03-02 00:00 in Shanghai


@pytest.fixture
def reg(replica_for):
    published = []
    return Onboarding(replica_for("onboarding"), publisher(published)), published


def age_refused(id_number: str, at: datetime, registered=None, is_host=False) -> int | None:
    return broadcast_rules.minor_on_air(id_number, registered, is_host, at, 16)


@pytest.mark.rule("PB-21")
def test_sixteen_is_counted_on_the_shanghai_day_both_sides_of_the_birthday():
    assert age_refused(BORN_2010_03_02, SHANGHAI_MIDNIGHT) is None          # the birthday's first moment there
    assert age_refused(BORN_2010_03_02, datetime(2026, 3, 1, 15, 59, tzinfo=UTC)) == 15  # 23:59 the day before
    assert age_refused("11010519491231002X", SHANGHAI_MIDNIGHT) is None
    # no date in the number: the registered host's own birth date answers, a stranger's number is not guessed
    assert age_refused("HK1234567", SHANGHAI_MIDNIGHT, "2011-05-01", is_host=True) == 14
    assert age_refused("HK1234567", SHANGHAI_MIDNIGHT, "2011-05-01", is_host=False) is None


@pytest.mark.rule("PB-21")
def test_a_child_on_air_for_an_mcns_host_is_refused_and_the_mcn_reported(reg, frozen_clock):
    r, published = reg
    r.register({"subject_id": "mcn-k", "subject_type": "mcn"})
    r.submit(host(subject_id="host-k", mcn_id="mcn-k"))
    frozen_clock.set(datetime(2026, 3, 1, 15, 59, tzinfo=UTC))  # 23:59 in Shanghai, the day before the 16th birthday
    with pytest.raises(RuleRefused) as refused:
        r.broadcast_check("host-k", {"broadcaster_id_number": BORN_2010_03_02, "room_id": "r9"})
    assert "PB-21" in refused.value.fields["rule_ids"] and refused.value.fields["reported"] == ["mcn-k"]
    [violation] = [p for t, p in published if t == "violation_detected" and p["rule_id"] == "PB-21"]
    assert violation["subject_id"] == "mcn-k" and violation["subject_type"] == "mcn"
    frozen_clock.set(SHANGHAI_MIDNIGHT)  # the birthday: 16, no longer refused as a minor (still not the host: PB-20)
    checked = r.broadcast_check("host-k", {"broadcaster_id_number": BORN_2010_03_02, "room_id": "r9"})
    assert checked["match"] is False and "PB-21" not in checked["rule_ids"]
