"""After a livestream its after-sales commitments are honoured (R-AFT-09): the order records what was promised on
air, and a request on it runs on the better of the merchant's published terms and that promise — a 15-day return
promised on air is open through the 15th calendar day after delivery in Shanghai and closed at the next midnight."""

from datetime import datetime

import pytest

from tests.aftersale.usecases import Aftersale, order
from tianping.lib.errors import ValidationFailed

PROMISE = {"return_days": 15, "warranty_days": 400, "statement": "15 days to return, no questions asked"}


@pytest.fixture
def desk(replica_for, service_db, frozen_clock):
    from tianping.infra import db

    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"))
    desk.clock = frozen_clock
    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    desk.record_order(order() | {"live_commitments": PROMISE}, "order-system")  # delivered 1 March, room r1
    desk.record_order(order("o-plain"), "order-system")
    return desk


def ask(desk, order_id="o1"):
    return desk.open({"order_id": order_id, "buyer_id": "b1", "kind": "no_reason_return"})


@pytest.mark.rule("R-AFT-09")
def test_a_return_promised_on_air_is_honoured_through_its_last_day_R_AFT_09(desk):
    desk.clock.set(datetime.fromisoformat("2026-03-16T23:59:59+08:00"))  # the 15th day after delivery
    kept = ask(desk)
    assert kept["status"] == "awaiting_merchant" and kept["terms"]["return_days"] == 15
    assert kept["terms"]["warranty_days"] == 400
    assert ask(desk, "o-plain")["status"] == "refused"  # no promise on air: the published 7 days ended on the 8th
    desk.buyer(kept["request_id"], {"action": "withdraw"}, {"id": "b1"})

    desk.clock.set(datetime.fromisoformat("2026-03-17T00:00:00+08:00"))
    late = ask(desk)
    assert late["status"] == "refused" and "R-AFT-01" in late["decision_rule_ids"]


@pytest.mark.rule("R-AFT-09")
def test_a_promise_below_the_published_terms_changes_nothing_and_needs_a_live_room_R_AFT_09(desk):
    desk.record_order(order("o-less") | {"live_commitments": {"return_days": 3, "statement": "3 days"}},
                      "order-system")
    desk.clock.set(datetime.fromisoformat("2026-03-08T23:59:59+08:00"))  # day 7: the statute's period still runs
    assert ask(desk, "o-less")["status"] == "awaiting_merchant"
    with pytest.raises(ValidationFailed) as no_room:
        desk.record_order(order("o-x") | {"room_id": None, "live_commitments": PROMISE}, "order-system")
    assert "room_id" in no_room.value.fields
    assert desk.order("o1")["live_commitments"]["statement"] == PROMISE["statement"]
