"""A share of automatically published listings goes to human quality review: drawn by a hash of the policy's salt
and the listing id (reproducible by an auditor), at the policy's rate; sampled listings stay published, wait in the
queue as `sampled` items, and the reviewer's verdict is recorded once — a withdrawal takes the listing down."""

import hashlib
from decimal import Decimal

import pytest

from services.listing.oversight_rules import draw, sampled
from services.listing.usecases import POLICY
from tests.listing.usecases import Listings, product
from tianping.lib.errors import Conflict, ValidationFailed

SALT = POLICY["human_sample"]["salt"]


@pytest.fixture
def desk(replica_for):
    return Listings(replica_for("listing"))


def test_the_policy_rate_holds_over_2000_ids_and_each_draw_is_the_hash_an_auditor_recomputes():
    rate = Decimal(POLICY["human_sample"]["rate"])
    assert rate == Decimal("0.02")
    ids = [f"lst_{i:016x}" for i in range(2000)]
    drawn = [i for i in ids if sampled(i, rate, SALT)]
    assert 16 <= len(drawn) <= 64  # 40 expected, sd 6.3: four standard deviations either side
    for listing_id in ids[:200]:  # the draw is sha256(salt:id)'s first 8 bytes over 2^64, nothing else
        expected = int(hashlib.sha256(f"{SALT}:{listing_id}".encode()).hexdigest()[:16], 16) / 2 ** 64
        assert float(draw(listing_id, SALT)) == pytest.approx(expected, abs=1e-15)
    assert sampled(drawn[0], rate, SALT) and not sampled(drawn[0], Decimal(0), SALT)
    assert [i for i in ids if sampled(i, rate, "another-salt")] != drawn  # the salt decides, reproducibly


# Chosen ids and their draws under the shipped salt, written down once (a change of the formula or the salt fails here).
CHOSEN = {"lst_000000000000001a": "0.0191042669", "lst_000000000000008b": "0.0073734817",
          "lst_00000000000000d1": "0.0180962593", "lst_0000000000000000": "0.4419715192",
          "lst_0000000000000001": "0.5207099769", "lst_0000000000000002": "0.2864377176"}


def test_chosen_ids_fall_exactly_where_their_hash_puts_them():
    rate = Decimal(POLICY["human_sample"]["rate"])
    for listing_id, expected in CHOSEN.items():
        assert str(draw(listing_id, SALT))[:12] == expected
        assert sampled(listing_id, rate, SALT) is (Decimal(expected) < rate)
    edge = draw("lst_000000000000008b", SALT)
    assert not sampled("lst_000000000000008b", edge, SALT)  # strictly below the rate
    assert sampled("lst_000000000000008b", edge + Decimal("1e-20"), SALT)


def test_a_sampled_listing_stays_published_waits_in_the_queue_and_a_withdrawal_takes_it_down_R_LST_02(desk):
    desk.ctx.policy = {**POLICY, "human_sample": {"rate": "1", "salt": SALT}}  # every one drawn
    kept, bad = desk.submit(product("m1")), desk.submit(product("m1", title="纯棉衬衫 白色 二号"))
    assert kept["status"] == "published" and kept["sample_state"] == "open"
    assert kept["sample_verdict"] == {"rate": "1", "salt": SALT, "policy": POLICY["version"]}
    assert {i["listing_id"] for i in desk.sample_queue()["items"]} == {kept["listing_id"], bad["listing_id"]}
    with pytest.raises(ValidationFailed):
        desk.decide_sample(bad["listing_id"], {"decision": "withdraw", "reason": "fake cotton"}, "rev-1")
    desk.decide_sample(kept["listing_id"], {"decision": "keep", "reason": "fine"}, "rev-1")
    out = desk.decide_sample(bad["listing_id"], {"decision": "withdraw", "rule_ids": ["PB-03"],
                                                 "reason": "the label says polyester"}, "rev-2")
    assert out["status"] == "withdrawn" and out["sample_state"] == "decided"
    assert out["sample_verdict"]["decision"] == "withdraw" and out["sample_verdict"]["rule_ids"] == ["PB-03"]
    assert desk.get(kept["listing_id"])["status"] == "published"
    assert [e["listing_id"] for e in desk.events("listing_withdrawn")] == [bad["listing_id"]]
    assert desk.sample_queue()["items"] == []
    with pytest.raises(Conflict):  # a verdict is given once
        desk.decide_sample(kept["listing_id"], {"decision": "withdraw", "rule_ids": ["PB-03"], "reason": "x"}, "r")


def test_nothing_is_drawn_at_rate_zero_and_listings_that_did_not_publish_are_never_drawn(desk):
    desk.ctx.policy = {**POLICY, "human_sample": {"rate": "0", "salt": SALT}}
    assert desk.submit(product("m1"))["sample_state"] is None
    desk.ctx.policy = {**POLICY, "human_sample": {"rate": "1", "salt": SALT}}
    rejected = desk.submit(product("m1", title="全网最低价 纯棉衬衫"))
    assert rejected["status"] != "published" and rejected["sample_state"] is None
    with pytest.raises(Conflict):
        desk.decide_sample(rejected["listing_id"], {"decision": "keep", "reason": "n/a"}, "rev-1")
