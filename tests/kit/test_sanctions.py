"""Sanctions carried by the blacklist's replica (issue 24): order, duplicates, gap fill, epochs, a blacklisting and
a sanction of one subject in one run, the verdict of every level for every action, expiry by the clock, and the
Asia/Shanghai calendar day a suspension ends on."""

from datetime import UTC, datetime, timedelta

import pytest

from services.reputation import rules
from tests.conftest import change
from tests.sanctioning import POLICY, sanction_change, serialised
from tianping.lib import periods
from tianping.lib.errors import http_status_and_code
from tianping.platform import sanctions

EXPECTED = {  # level -> {action: (allowed, through review)} under the shipped policy
    "none": {a: (True, False) for a in sanctions.ACTIONS},
    "warning": {a: (True, False) for a in sanctions.ACTIONS},
    "restricted": {**{a: (True, False) for a in sanctions.ACTIONS}, "publish_listing": (True, True),
                   "run_community": (True, True), "promote": (False, False)},
    "suspended": {a: (False, False) for a in sanctions.ACTIONS},
    "cleared_out": {a: (False, False) for a in sanctions.ACTIONS},
}


@pytest.mark.parametrize("level", sanctions.LEVELS)
def test_every_level_answers_every_action_from_the_replica_with_rule_ids(replica_for, frozen_clock, level):
    replica = replica_for("listing")
    replica.apply([sanction_change(1, "m1", level)])
    for action, (allowed, review) in EXPECTED[level].items():
        found = sanctions.check(replica, ["m1"], action)
        assert (found.allowed, found.review) == (allowed, review), (level, action)
        assert sanctions.is_allowed(replica, "m1", action)[0] is allowed
        if not allowed or review:
            assert "R-REP-19" in found.rule_ids and found.level == level
    assert sanctions.is_allowed(replica, "someone-else", "sell") == (True, [])


def test_sanctions_apply_in_order_duplicates_ignored_and_a_blacklisting_of_the_subject_kept(replica_for, frozen_clock):
    replica = replica_for("aftersale")
    seen = []
    run = [change(1, "m1"), sanction_change(2, "m1", "suspended"), sanction_change(3, "m2", "warning")]
    assert replica.apply(run, reaction=seen.extend) == 3
    assert replica.apply(run, reaction=seen.extend) == 0  # duplicates
    entry = replica.entry("m1")
    assert entry["status"] == "blacklisted" and entry["sanction"]["level"] == "suspended" and entry["seq"] == 2
    assert [h["action"] for h in replica.history("m1")] == ["add", "sanction"]
    assert replica.history("m1")[1]["level"] == "suspended"
    replica.apply([change(4, "m1", action="lift"), sanction_change(5, "m1", "restricted")])
    entry = replica.entry("m1")
    assert entry["status"] == "lifted" and entry["sanction"]["level"] == "restricted"
    assert replica.status()["size"] == 0  # the blacklist's figure counts blacklisted subjects only
    assert sanctions.check(replica, ["m1"], "take_orders").allowed  # restricted: orders go on
    # an older sanction delivered late never overwrites a newer one
    replica.apply([sanction_change(6, "m3", "suspended")])
    replica.apply([sanction_change(6, "m3", "warning")])
    assert replica.entry("m3")["sanction"]["level"] == "suspended"


def test_a_gap_is_filled_from_the_authority_and_other_logs_are_ignored(replica_for, frozen_clock):
    replica = replica_for("onboarding")
    authority = [sanction_change(1, "a", "restricted"), sanction_change(2, "b", "suspended"),
                 sanction_change(3, "a", "none")]
    for c in authority:
        c["epoch"] = "E1"
    replica.catch_up(0, lambda after, limit: [], epoch="E1")

    def fetch(after, limit):
        return [serialised(c) for c in authority[after:after + limit]]

    assert replica.apply([authority[2]], fetch=fetch) == 3
    assert sanctions.is_allowed(replica, "a", "promote")[0] is True  # lowered to none at seq 3
    assert sanctions.is_allowed(replica, "b", "sell") == (False, ["R-REP-12", "R-REP-19", "R-REP-18"])
    stray = sanction_change(4, "a", "suspended", epoch="OTHER")
    assert replica.apply([stray]) == 0 and sanctions.is_allowed(replica, "a", "sell")[0] is True


def test_a_suspension_stops_counting_at_its_end_on_every_replica_by_the_clock(replica_for, frozen_clock):
    replica = replica_for("listing")
    start = frozen_clock.now
    replica.apply([sanction_change(1, "m1", "suspended", since=start)])
    until = replica.entry("m1")["sanction"]["until"]
    assert sanctions.check(replica, ["m1"], "publish_listing").allowed is False
    frozen_clock.set(periods.local_midnight(periods.local_date(until)) - timedelta(seconds=1))
    assert sanctions.check(replica, ["m1"], "publish_listing").allowed is False
    frozen_clock.set(frozen_clock.now + timedelta(seconds=1))
    assert sanctions.check(replica, ["m1"], "publish_listing").allowed is True


def test_a_suspension_ends_at_a_calendar_day_in_shanghai_day_before_and_day_of(replica_for, frozen_clock):
    """Begun at 23:30 on 2 March in Shanghai (15:30 UTC): 30 calendar days counted from 3 March; the 1 April is its
    last day, and it ends at 00:00 on 2 April in Shanghai (16:00 UTC on 1 April)."""
    begun = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)
    frozen_clock.set(begun)
    until = rules.sanction_until(POLICY, "suspended", begun)
    assert until == datetime(2026, 4, 1, 16, 0, tzinfo=UTC)
    replica = replica_for("aftersale")
    replica.apply([sanction_change(1, "m1", "suspended", since=begun)])
    frozen_clock.set(datetime(2026, 4, 1, 15, 59, 59, tzinfo=UTC))  # 23:59:59 on 1 April in Shanghai: the day before
    assert sanctions.is_allowed(replica, "m1", "take_orders")[0] is False
    frozen_clock.set(datetime(2026, 4, 1, 16, 0, tzinfo=UTC))  # 00:00 on 2 April in Shanghai: the day of
    assert sanctions.is_allowed(replica, "m1", "take_orders") == (True, [])


def test_an_act_that_took_place_before_the_sanction_began_is_judged_as_of_then(replica_for, frozen_clock):
    replica = replica_for("aftersale")
    replica.apply([sanction_change(1, "m1", "suspended", since=frozen_clock.now)])
    before = frozen_clock.now - timedelta(hours=1)
    assert sanctions.check(replica, ["m1"], "take_orders", at=before).allowed is True
    assert sanctions.check(replica, ["m1"], "take_orders", at=frozen_clock.now).allowed is False


def test_a_refusal_is_a_422_naming_the_rules_and_the_end(replica_for, frozen_clock):
    replica = replica_for("listing")
    replica.apply([sanction_change(1, "m1", "suspended")])
    with pytest.raises(sanctions.SubjectSanctioned) as refused:
        sanctions.enforce(replica, ["m1", None], "go_live", "room_id")
    assert http_status_and_code(refused.value) == (422, "subject_sanctioned")
    assert refused.value.fields["rule_ids"] == ["R-REP-12", "R-REP-19", "R-REP-18"] and refused.value.fields["until"]


def test_the_strictest_of_several_subjects_decides(replica_for, frozen_clock):
    replica = replica_for("onboarding")
    replica.apply([sanction_change(1, "host1", "warning"), sanction_change(2, "mcn1", "suspended"),
                   change(3, "mcn2")])
    assert sanctions.check(replica, ["host1", "mcn1"], "go_live").level == "suspended"
    assert sanctions.check(replica, ["host1", "mcn2"], "apply").rule_ids == ("R-REP-13", "R-ONB-05")
    assert sanctions.check(replica, ["host1"], "go_live").allowed is True
