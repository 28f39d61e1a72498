"""Listing enforces sanctions from its own replica (issue 24): restricted — new listings and posts wait for a
reviewer, promotions refused; suspended — nothing new, no live room, live listings hidden (not withdrawn) until the
end, shown again at the end or on a reversal; cleared out — the blacklist's refusal. Every answer names its rules."""

from datetime import timedelta

import pytest

from tests.conftest import change
from tests.listing.usecases import Listings, product
from tests.sanctioning import sanction_change
from tianping.lib.errors import Forbidden, SubjectBlacklisted
from tianping.platform.sanctions import LEVELS, SubjectSanctioned

ROOM = {"licence_info": "营业执照 91440300MA5XXXXX", "dispute_channel": "平台客服-纠纷入口",
        "service_hotline": "400-800-1234"}
POST = {"kind": "community_post", "title": "周末去哪玩", "description": "分享一下爬山的照片", "price": None}
PUBLISHED = {"none": "published", "warning": "published", "restricted": "in_review"}


@pytest.fixture
def desk(replica_for, frozen_clock):
    return Listings(replica_for("listing"))


def sanction(desk, level, seq=1, subject="m1", **extra):
    desk.ctx.replica.apply([sanction_change(seq, subject, level, **extra)])


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", ["product", "community_post"])
def test_publishing_by_sanction_level_R_REP_15_R_REP_19(desk, level, kind):
    sanction(desk, level)
    item = product("m1", **(POST if kind == "community_post" else {}))
    if level in PUBLISHED:
        out = desk.submit(item)
        assert out["status"] == PUBLISHED[level]
        if level == "restricted":  # to a human reviewer, citing the sanction's rules
            assert {"R-REP-12", "R-REP-19"} <= set(out["trail"][0]["rule_ids"])
        return
    with pytest.raises(SubjectSanctioned) as refused:
        desk.submit(item)
    assert refused.value.fields["action"] == ["run_community" if kind == "community_post" else "publish_listing"]
    assert "R-REP-18" in refused.value.fields["rule_ids"]


def test_a_restricted_operators_promotions_are_refused(desk):
    sanction(desk, "restricted")
    with pytest.raises(SubjectSanctioned) as refused:
        desk.submit(product("m1", promotion={"description": "满199减20"}))
    assert refused.value.fields["action"] == ["promote"] and refused.value.fields["rule_ids"] == ["R-REP-12", "R-REP-19"]
    sanction(desk, "warning", seq=2)
    assert desk.submit(product("m1", promotion={"description": "满199减20"}))["listing_id"]  # reviewed, not refused


def test_a_suspended_host_cannot_publish_under_an_unsanctioned_operator(desk):
    sanction(desk, "suspended", subject="h1")
    with pytest.raises(SubjectSanctioned):
        desk.submit(product("mcnA", host_id="h1"))


def test_going_live_by_sanction_level(desk):
    for seq, level in enumerate(LEVELS, start=1):
        sanction(desk, level, seq=seq)
        if level in ("suspended", "cleared_out"):
            with pytest.raises(SubjectSanctioned) as refused:
                desk.put_room("room-1", ROOM, "m1")
            assert refused.value.fields["action"] == ["go_live"]
        else:
            assert desk.put_room("room-1", ROOM, "m1")["room_id"] == "room-1"


def test_a_suspension_hides_live_listings_until_it_ends_by_the_clock_never_withdrawing_them(desk, frozen_clock):
    live = desk.submit(product("m1"))
    sanction(desk, "suspended", since=frozen_clock.now)
    public = {"id": "buyer-1"}
    with pytest.raises(Forbidden) as hidden:
        desk.get(live["listing_id"], public)
    assert "R-REP-18" in hidden.value.fields["rule_ids"]
    own = desk.get(live["listing_id"], {"id": "m1"})
    assert own["status"] == "published" and own["hidden"]["level"] == "suspended"
    assert desk.get(live["listing_id"], {"id": "rev", "platform": True})["hidden"]
    until = desk.ctx.replica.entry("m1")["sanction"]["until"]
    frozen_clock.set(until - timedelta(seconds=1))
    with pytest.raises(Forbidden):
        desk.get(live["listing_id"], public)
    frozen_clock.set(until)
    shown = desk.get(live["listing_id"], public)
    assert shown["status"] == "published" and shown["hidden"] is None


def test_a_reversal_shows_hidden_listings_again(desk):
    live = desk.submit(product("m1"))
    sanction(desk, "suspended")
    with pytest.raises(Forbidden):
        desk.get(live["listing_id"], {"id": "buyer-1"})
    sanction(desk, "none", seq=2)  # an overturned appeal's change
    assert desk.get(live["listing_id"], {"id": "buyer-1"})["hidden"] is None
    assert desk.submit(product("m1"))["status"] == "published"


def test_cleared_out_is_the_blacklist_withdrawal(desk):
    live = desk.submit(product("m1"))
    desk.ctx.replica.apply([sanction_change(1, "m1", "cleared_out"), change(2, "m1")],
                           reaction=lambda run: desk.react_to_blacklist([c for c in run if c["action"] == "add"]))
    assert desk.get(live["listing_id"])["status"] == "withdrawn"
    with pytest.raises(SubjectBlacklisted):
        desk.submit(product("m1"))


def test_hiding_and_showing_again_are_recorded_in_each_listings_trail_once(desk):
    from services.listing.usecases import sanctions as listing_sanctions

    live = desk.submit(product("m1"))
    hosted = desk.submit(product("mcnA", host_id="h1"))
    record = lambda run: listing_sanctions.record_visibility(desk.ctx, run)  # noqa: E731
    desk.ctx.replica.apply([sanction_change(1, "m1", "suspended")], reaction=record)
    record([sanction_change(1, "m1", "suspended")])  # a re-run after a crash adds nothing
    steps = [(s["event"], s["cause"]) for s in desk.get(live["listing_id"])["trail"]]
    assert steps[-1] == ("hidden", "sanction:1") and steps.count(("hidden", "sanction:1")) == 1
    assert desk.get(live["listing_id"])["status"] == "published"  # hidden, never withdrawn
    assert desk.get(hosted["listing_id"])["trail"][-1]["event"] != "hidden"
    desk.ctx.replica.apply([sanction_change(2, "m1", "restricted", until=None)], reaction=record)  # the end
    last = desk.get(live["listing_id"])["trail"][-1]
    assert (last["event"], last["cause"], last["status"]) == ("shown", "sanction:2", "published")
