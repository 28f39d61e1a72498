import pytest

from services.listing import repository
from services.listing.usecases import listings, reactions
from tests.conftest import change
from tianping.errors import SubjectBlacklisted
from tianping.usecase import Context


class Listings:
    """The listing use cases bound to one Context, so the tests read as what users do."""

    def __init__(self, replica):
        ctx = Context(repository, replica)
        self.submit = lambda data: listings.submit(ctx, data)
        self.get = lambda listing_id: listings.get(ctx, listing_id)
        self.approve = lambda listing_id, reviewer: listings.approve(ctx, listing_id, reviewer)
        self.react_to_blacklist = lambda changes: reactions.react_to_blacklist(ctx, changes)
        self.react_to_status = lambda payload: reactions.react_to_status(ctx, payload)


def test_blacklisted_merchant_listings_withdrawn_new_refused_lift_restores_nothing_R_REP_13(replica_for):
    replica = replica_for("listing")
    c = Listings(replica)
    live = c.approve(c.submit({"operator_id": "m1", "title": "jade"})["listing_id"], "rev1")
    pending = c.submit({"operator_id": "m1", "title": "gold"})
    other = c.submit({"operator_id": "m2", "title": "silver"})
    replica.apply([change(1, "m1")], reaction=c.react_to_blacklist)
    assert c.get(live["listing_id"])["status"] == "withdrawn"
    assert c.get(pending["listing_id"])["status"] == "withdrawn"
    assert c.get(other["listing_id"])["status"] == "pending_review"
    assert c.get(live["listing_id"])["trail"][-1]["cause"] == "blacklist:1"
    with pytest.raises(SubjectBlacklisted):
        c.submit({"operator_id": "m1", "title": "again"})
    replica.apply([change(2, "m1", action="lift")], reaction=c.react_to_blacklist)
    assert c.get(live["listing_id"])["status"] == "withdrawn"  # returns only through a new review (R-LST-01)
    assert c.submit({"operator_id": "m1", "title": "new review"})["status"] == "pending_review"


def test_suspended_host_rooms_are_withdrawn(replica_for):
    c = Listings(replica_for("listing"))
    item = c.submit({"operator_id": "mcnA", "host_id": "h1", "title": "ring"})
    c.react_to_status({"subject_id": "h1", "status": "suspended", "rule_ids": ["R-REP-13"], "cause": "mcn-blacklist:3"})
    assert c.get(item["listing_id"])["status"] == "withdrawn"


def test_one_blacklisting_withdraws_once_through_the_blacklist_path_only_R_REP_13(replica_for):
    """Onboarding also announces the subject's status "blacklisted"; listing must not withdraw again on it."""
    replica = replica_for("listing")
    c = Listings(replica)
    item = c.submit({"operator_id": "m9", "title": "jade"})
    c.react_to_status({"subject_id": "m9", "status": "blacklisted", "rule_ids": ["R-REP-13"], "cause": "blacklist:1"})
    assert c.get(item["listing_id"])["status"] == "pending_review"
    replica.apply([change(1, "m9")], reaction=c.react_to_blacklist)
    withdrawals = [s for s in c.get(item["listing_id"])["trail"] if s["status"] == "withdrawn"]
    assert [s["cause"] for s in withdrawals] == ["blacklist:1"]
