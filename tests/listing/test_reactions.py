"""Listing's reactions: the blacklist and onboarding's stopping statuses take live listings down, once."""

import pytest

from tests.conftest import change
from tests.listing.usecases import Listings, product
from tianping.errors import SubjectBlacklisted


def test_blacklisted_merchant_listings_withdrawn_new_refused_lift_restores_nothing_R_REP_13(replica_for):
    replica = replica_for("listing")
    c = Listings(replica)
    live = c.submit(product("m1"))
    assert live["status"] == "published"
    pending = c.submit(product("m1", description="史上最好的衬衫"))  # rejected: not live, stays rejected
    other = c.submit(product("m2"))
    replica.apply([change(1, "m1")], reaction=c.react_to_blacklist)
    assert c.get(live["listing_id"])["status"] == "withdrawn"
    assert c.get(pending["listing_id"])["status"] == "rejected"
    assert c.get(other["listing_id"])["status"] == "published"
    assert c.get(live["listing_id"])["trail"][-1]["cause"] == "blacklist:1"
    with pytest.raises(SubjectBlacklisted):
        c.submit(product("m1"))
    replica.apply([change(2, "m1", action="lift")], reaction=c.react_to_blacklist)
    assert c.get(live["listing_id"])["status"] == "withdrawn"  # returns only through a new review (R-LST-01)
    assert c.submit(product("m1"))["status"] == "published"


def test_suspended_host_rooms_are_withdrawn(replica_for):
    c = Listings(replica_for("listing"))
    item = c.submit(product("mcnA", host_id="h1"))
    c.react_to_status({"subject_id": "h1", "subject_type": "host", "status": "suspended", "rule_ids": ["R-REP-13"],
                       "cause": "mcn-blacklist:3", "version": 2})
    assert c.get(item["listing_id"])["status"] == "withdrawn"


def test_one_blacklisting_withdraws_once_through_the_blacklist_path_only_R_REP_13(replica_for):
    """Onboarding also announces the subject's status "blacklisted"; listing must not withdraw again on it."""
    replica = replica_for("listing")
    c = Listings(replica)
    item = c.submit(product("m9"))
    c.react_to_status({"subject_id": "m9", "subject_type": "merchant", "status": "blacklisted",
                       "rule_ids": ["R-REP-13"], "cause": "blacklist:1", "version": 2})
    assert c.get(item["listing_id"])["status"] == "published"
    replica.apply([change(1, "m9")], reaction=c.react_to_blacklist)
    withdrawals = [s for s in c.get(item["listing_id"])["trail"] if s["status"] == "withdrawn"]
    assert [s["cause"] for s in withdrawals] == ["blacklist:1"]
