"""Listing's reactions: the blacklist and onboarding's stopping statuses take live listings down, once."""

import pytest

from tests.conftest import change
from tests.listing.usecases import Listings, product
from tianping.lib.errors import SubjectBlacklisted


@pytest.mark.rule("R-REP-13", "R-REP-18", "R-LST-12")
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


@pytest.mark.rule("R-REP-13")
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


@pytest.mark.rule("R-LST-12")
def test_an_mcn_cascade_withdraws_every_host_listing_with_one_bulk_write_per_role_R_LST_12(replica_for):
    """Issue 14: 200 hosts suspended for one cause arrive as one event; their listings are withdrawn with one bulk
    write per role (not a round trip per host), each listing's trail names the cause, and a redelivery changes
    nothing. The subject-status replica keeps every host's new status."""
    from services.listing import models
    from tianping.infra import roundtrips
    from tianping.lib import clock

    c = Listings(replica_for("listing"))
    listings = models.Listing._get_collection()
    hosts = [f"ch{i}" for i in range(200)]
    listings.insert_many([{"_id": f"cl{i}", "operator_id": f"cm{i % 7}", "host_id": hosts[i % 200],
                           "title": "t", "status": "published", "trail": [], "created_at": clock.now()}
                          for i in range(1_000)])
    listings.insert_one({"_id": "other", "operator_id": "cm0", "host_id": "elsewhere", "title": "t",
                         "status": "published", "trail": []})
    items = [{"subject_id": h, "subject_type": "host", "status": "suspended", "previous": "active",
              "rule_ids": ["R-REP-13", "R-ONB-30"], "cause": "mcn-blacklist:7", "version": 2} for h in hosts]
    before = sum(roundtrips.COMMANDS.values())
    c.react_to_statuses(items)
    spent = sum(roundtrips.COMMANDS.values()) - before
    assert 0 < spent <= 8, f"{spent} round trips"
    assert c.get("cl5")["status"] == "withdrawn"  # at once for readers; the stored statuses follow in batches
    c.follow_cascades()
    assert listings.count_documents({"status": "withdrawn"}) == 1_000
    assert listings.find_one({"_id": "other"})["status"] == "published"
    trail = listings.find_one({"_id": "cl5"})["trail"]
    assert [(s["status"], s["cause"]) for s in trail] == [("withdrawn", "mcn-blacklist:7")]
    assert "R-LST-12" in trail[0]["rule_ids"]
    c.react_to_statuses(items)  # redelivered
    assert len(listings.find_one({"_id": "cl5"})["trail"]) == 1
    assert c.ctx.subjects.collection.count_documents({"status": "suspended", "version": 2}) == 200
