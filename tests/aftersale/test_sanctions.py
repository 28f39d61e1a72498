"""Aftersale enforces sanctions from its own replica (issue 24): a merchant whose sanction refuses orders has its
new orders refused with the rule IDs; the buyers it already has keep every right."""

from datetime import datetime, timedelta

import pytest

from tests.aftersale.usecases import Aftersale, order
from tests.conftest import change
from tests.sanctioning import sanction_change
from tianping.infra import db
from tianping.platform.sanctions import LEVELS, SubjectSanctioned

REFUSED = {"suspended", "cleared_out"}


@pytest.fixture
def desk(replica_for, service_db, frozen_clock):
    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"))
    desk.clock = frozen_clock
    desk.record_order(order(), "order-system")  # an existing buyer's order, before any sanction
    return desk


def paid(desk, minutes_ago=1) -> str:
    return (desk.clock.now - timedelta(minutes=minutes_ago)).isoformat()


@pytest.mark.parametrize("level", LEVELS)
def test_new_orders_by_sanction_level_R_REP_18(desk, level):
    desk.ctx.replica.apply([sanction_change(1, "m1", level, since=desk.clock.now - timedelta(minutes=5))])
    new = order("o2", paid=paid(desk), delivered=None)
    if level in REFUSED:
        with pytest.raises(SubjectSanctioned) as refused:
            desk.record_order(new, "order-system")
        assert "R-REP-18" in refused.value.fields["rule_ids"] and refused.value.fields["action"] == ["take_orders"]
        assert desk.ctx.repo.order("o2") is None
    else:
        assert desk.record_order(new, "order-system")["order_id"] == "o2"


def test_a_suspended_merchants_existing_buyers_keep_every_right(desk):
    desk.ctx.replica.apply([sanction_change(1, "m1", "suspended", since=desk.clock.now - timedelta(minutes=5))])
    # a late feed of an order paid before the suspension began is an existing buyer's
    assert desk.record_order(order("o3", paid=paid(desk, 60), delivered=None), "order-system")["order_id"] == "o3"
    assert desk.record_order(order(), "order-system")["order_id"] == "o1"  # a repeated feed of a recorded order
    request = desk.open({"order_id": "o1", "buyer_id": "b1", "kind": "no_reason_return"})
    assert request["status"] == "awaiting_merchant"


def test_an_order_recorded_before_its_replica_learned_of_the_sanction_is_still_fed_R_REP_18(desk):
    """The sanction reached this replica after the order was recorded (paid after the suspension began): a later
    feed of that order (its delivery) is a recorded order's progress, not a new order to refuse."""
    desk.record_order(order("o5", paid=paid(desk), delivered=None), "order-system")
    desk.ctx.replica.apply([sanction_change(1, "m1", "suspended", since=desk.clock.now - timedelta(minutes=5))])
    fed = desk.record_order(order("o5", paid=paid(desk), delivered=desk.clock.now.isoformat()), "order-system")
    assert fed["order_id"] == "o5" and fed["delivered_at"]
    with pytest.raises(SubjectSanctioned):  # a new one is refused all the same
        desk.record_order(order("o6", paid=paid(desk), delivered=None), "order-system")


def test_a_blacklisted_merchant_takes_no_new_orders_R_REP_13(desk):
    desk.ctx.replica.apply([change(1, "m1", committed_at=desk.clock.now - timedelta(minutes=5))])
    with pytest.raises(SubjectSanctioned) as refused:
        desk.record_order(order("o2", paid=paid(desk), delivered=None), "order-system")
    assert refused.value.fields["rule_ids"] == ["R-REP-13"]


def test_orders_resume_when_the_suspension_ends_by_the_clock(desk):
    desk.ctx.replica.apply([sanction_change(1, "m1", "suspended", since=desk.clock.now)])
    until = desk.ctx.replica.entry("m1")["sanction"]["until"]
    desk.clock.set(until + timedelta(minutes=2))
    assert desk.record_order(order("o4", paid=paid(desk), delivered=None), "order-system")["order_id"] == "o4"
