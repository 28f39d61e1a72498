"""Onboarding enforces sanctions from its own replica (issue 24): applications ("apply") and going live, where an
MCN's suspension stops its hosts going live under it; the is_allowed RPC answers with the sanction's rule IDs."""

from datetime import timedelta

import pytest

from tests.conftest import publisher
from tests.onboarding.cases import host, merchant
from tests.onboarding.usecases import Onboarding
from tests.sanctioning import sanction_change
from tianping.platform.sanctions import LEVELS, SubjectSanctioned

ON_AIR = {"broadcaster_id_number": "440301199001011234", "room_id": "r1"}


@pytest.fixture
def reg(replica_for, frozen_clock):
    replica = replica_for("onboarding")
    return Onboarding(replica, publisher([])), replica


@pytest.mark.parametrize("level", LEVELS)
def test_applying_by_sanction_level_R_ONB_05(reg, level):
    r, replica = reg
    replica.apply([sanction_change(1, "app-1", level)])
    if level in ("suspended", "cleared_out"):
        with pytest.raises(SubjectSanctioned) as refused:
            r.submit(merchant(subject_id="app-1"))
        assert refused.value.fields["action"] == ["apply"] and "R-REP-19" in refused.value.fields["rule_ids"]
    else:
        assert r.submit(merchant(subject_id="app-1"))["subject_id"] == "app-1"


def test_a_host_cannot_apply_under_a_suspended_mcn(reg):
    r, replica = reg
    r.register({"subject_id": "mcn-s", "subject_type": "mcn"})
    replica.apply([sanction_change(1, "mcn-s", "suspended")])
    with pytest.raises(SubjectSanctioned):
        r.submit(host(subject_id="host-s", mcn_id="mcn-s"))


@pytest.mark.parametrize("level", LEVELS)
def test_an_mcns_sanction_and_its_hosts_going_live_R_REP_17_R_LST_35(reg, frozen_clock, level):
    r, replica = reg
    r.register({"subject_id": "mcn-b", "subject_type": "mcn"})
    r.submit(host(subject_id="host-b", mcn_id="mcn-b"))
    replica.apply([sanction_change(1, "mcn-b", level, subject_type="mcn", since=frozen_clock.now)])
    if level not in ("suspended", "cleared_out"):
        assert r.broadcast_check("host-b", ON_AIR)["match"] is True
        return
    with pytest.raises(SubjectSanctioned) as refused:
        r.broadcast_check("host-b", ON_AIR)
    assert refused.value.fields["action"] == ["go_live"] and refused.value.fields["host_id"] == [level]
    assert r.is_allowed("host-b", "livestream")["allowed"] is True  # the host itself is not sanctioned
    assert r.is_allowed("mcn-b", "livestream")["allowed"] is False
    if level == "suspended":  # the end, by the clock: the hosts go live again
        frozen_clock.set(replica.entry("mcn-b")["sanction"]["until"] + timedelta(seconds=1))
        assert r.broadcast_check("host-b", ON_AIR)["match"] is True


def test_is_allowed_cites_the_sanctions_rules(reg):
    r, replica = reg
    r.register({"subject_id": "m5", "subject_type": "merchant"})
    replica.apply([sanction_change(1, "m5", "restricted")])
    reviewed = r.is_allowed("m5", "publish_listing")  # allowed, through a reviewer: the rules say why
    assert reviewed["allowed"] is True and reviewed["rule_ids"] == ["R-REP-12", "R-REP-19"]
    assert r.is_allowed("m5", "sell")["allowed"] is True
    replica.apply([sanction_change(2, "m5", "suspended")])
    answer = r.is_allowed("m5", "sell")
    assert answer["allowed"] is False and answer["rule_ids"] == ["R-REP-12", "R-REP-19", "R-REP-18"]
