"""Orders the platform watches: a made-to-order order must be delivered by the date agreed in it (R-AFT-13) — a
deadline at the end of that day in Shanghai that enforces itself, tested on both sides of the boundary with the
controllable clock — and a new order whose buyer is its seller, or one buyer's orders with one merchant past the
policy's daily limit, is marked a suspected fabricated transaction and kept out of the merchant's figures (R-REP-02)."""

from datetime import UTC, datetime

import pytest

from services.aftersale import models
from tests.aftersale.usecases import Aftersale, order
from tianping.lib.errors import ValidationFailed


@pytest.fixture
def desk(replica_for, service_db, frozen_clock):
    from tianping.infra import db

    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"))
    desk.clock = frozen_clock
    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    return desk


def made_to_order(order_id, agreed="2026-03-10", **extra):
    return order(order_id, paid="2026-03-02T09:00:00+08:00", delivered=None, customised=True,
                 **extra) | {"shipped_at": None, "made_to_order": True, "agreed_delivery_date": agreed}


MIDNIGHT = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)  # 11 March 00:00 in Shanghai: the agreed day is over


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def events(recorded: dict) -> list[str]:
    return [s["event"] for s in recorded["history"]]


@pytest.mark.rule("R-AFT-13")
def test_a_made_to_order_order_undelivered_at_the_end_of_the_agreed_day_is_a_breach_R_AFT_13(desk):
    late = desk.record_order(made_to_order("o-late"), "order-system")
    kept = desk.record_order(made_to_order("o-kept"), "order-system")
    assert at(late["delivery_due_at"]) == MIDNIGHT

    desk.clock.set(datetime.fromisoformat("2026-03-10T23:59:00+08:00"))  # the agreed day: delivered in time
    desk.record_order(made_to_order("o-kept") | {"shipped_at": "2026-03-10T20:00:00+08:00",
                                                   "delivered_at": "2026-03-10T23:59:00+08:00"}, "order-system")
    desk.clock.set(datetime.fromisoformat("2026-03-10T23:59:59+08:00"))
    assert desk.sweep()["fired"] == 0 and desk.order("o-late")["delivery_overdue_at"] is None

    desk.clock.set(MIDNIGHT)
    assert desk.sweep()["fired"] == 1
    late = desk.order("o-late")
    assert at(late["delivery_overdue_at"]) == MIDNIGHT
    assert events(late)[-1] == "delivery_overdue" and late["history"][-1]["rule_ids"] == ["R-AFT-13", "R-AFT-15"]
    assert "delivery_overdue" not in events(desk.order(kept["order_id"]))
    breaches = desk.events("signal_observed")
    assert [(s["subject_id"], s["kind"]) for s in breaches] == [("m1", "deadline_breach")]
    assert desk.stats("m1")["deadline_breaches"] == 1
    assert desk.sweep()["fired"] == 0  # once


@pytest.mark.rule("R-AFT-13")
def test_three_late_made_to_order_deliveries_report_a_violation_and_a_made_to_order_needs_its_date_R_AFT_13(desk):
    for i in range(3):
        desk.record_order(made_to_order(f"o-{i}", consumer=f"b{i}"), "order-system")
    desk.clock.set(datetime.fromisoformat("2026-03-11T00:00:00+08:00"))
    assert desk.sweep()["fired"] == 3
    violation = desk.events("violation_detected")
    assert len(violation) == 1 and violation[0]["rule_id"] == "R-AFT-15" and violation[0]["subject_id"] == "m1"
    with pytest.raises(ValidationFailed) as refused:
        desk.record_order(made_to_order("o-x") | {"agreed_delivery_date": None}, "order-system")
    assert "agreed_delivery_date" in refused.value.fields


@pytest.mark.rule("R-REP-02")
def test_one_buyers_orders_past_the_daily_limit_are_flagged_and_kept_out_of_the_figures_R_REP_02(desk):
    def paid(i, day):
        return order(f"o-{day}-{i}", paid=f"{day}T{10 + i}:00:00+08:00", delivered=None) | {"shipped_at": None}

    for i in range(4):  # four on 1 March, and one at 23:59 the day before: a calendar day in Shanghai, not 24 hours
        desk.record_order(paid(i, "2026-03-01"), "order-system")
    desk.record_order(order("o-eve", paid="2026-02-28T23:59:00+08:00", delivered=None) | {"shipped_at": None},
                      "order-system")
    assert desk.flagged("m1")["items"] == []
    fifth = desk.record_order(order("o-fifth", paid="2026-03-01T23:59:59+08:00", delivered=None)
                              | {"shipped_at": None}, "order-system")
    assert fifth["anomaly"]["kind"] == "order_burst" and fifth["anomaly"]["rule_ids"] == ["R-REP-02"]
    assert fifth["anomaly"]["policy_version"] == "2026-12-03"
    assert "anomaly_flagged" in events(fifth)
    assert [o["order_id"] for o in desk.flagged("m1")["items"]] == ["o-fifth"]
    assert desk.stats("m1", "90d")["orders"] == 5  # six paid, the suspected one left out


@pytest.mark.rule("R-REP-02")
def test_a_seller_buying_from_itself_is_flagged_R_REP_02(desk):
    own = desk.record_order(order("o-own", consumer="h1", delivered=None) | {"shipped_at": None}, "order-system")
    assert own["anomaly"]["kind"] == "self_dealing"
    honest = desk.record_order(order("o-ok", delivered=None) | {"shipped_at": None}, "order-system")
    assert honest["anomaly"] in ({}, None)


@pytest.mark.rule("R-AFT-13")
def test_a_missed_delivery_date_fired_twice_at_once_is_one_breach_R_AFT_13(desk):
    from services.aftersale.usecases import deliveries
    from tests.conftest import concurrently

    desk.record_order(made_to_order("o-race"), "order-system")
    deadline = desk.book.get(deliveries.key("o-race"))
    assert deadline is not None and deadline["rule_id"] == "R-AFT-13"
    desk.clock.set(MIDNIGHT)
    outcomes = concurrently([lambda: deliveries.fire(desk.ctx, deadline) for _ in range(4)])
    assert sorted(outcomes) == ["delivery_overdue", "not_applicable", "not_applicable", "not_applicable"]
    assert [s["kind"] for s in desk.events("signal_observed")] == ["deadline_breach"]
    assert desk.stats("m1")["deadline_breaches"] == 1


def test_one_pairs_orders_counted_at_once_each_get_their_own_place_and_none_waits_on_a_transaction_R_REP_02(desk):
    """Twelve orders of one pair on one day counted at once: places 1..12, each once (a burst past the limit is the
    burst's later orders, whatever the interleaving), with no transaction to conflict — the soak's 4,199 timed-out
    orders were counting transactions retrying on this one document. A counter kept from before the list of first
    orders counts what it held before them."""
    from tests.conftest import concurrently

    NOW = datetime(2026, 3, 10, tzinfo=UTC)
    places = concurrently([lambda i=i: desk.ctx.repo.count_buyer_day(f"o-{i}", "b9", "m9", "2026-03-01", NOW)
                           for i in range(12)])
    assert sorted(places) == list(range(1, 13)), places
    models.BuyerDay._get_collection().insert_one({"_id": "2026-03-02:b9:m9", "orders": 3, "expires_at": NOW})  # three counted before the list
    assert desk.ctx.repo.count_buyer_day("o-next", "b9", "m9", "2026-03-02", NOW) == 4


def test_an_order_whose_day_counter_is_purged_between_its_count_and_its_read_counts_alone(desk, monkeypatch):
    """An order fed later than its day's counter is kept (KEEP_DAYS) counts on a counter already expired: the TTL purge
    may delete it between the update and the read. That order counts alone (no burst), never a 500 (the soak's 4)."""
    from unittest import mock

    counters = mock.MagicMock()
    counters.find_one.return_value = None
    monkeypatch.setattr(models.BuyerDay, "_get_collection", lambda: counters)
    assert desk.ctx.repo.count_buyer_day("o-late", "b9", "m9", "2026-01-05", datetime(2026, 2, 9, tzinfo=UTC)) == 1
    assert counters.update_one.call_count == 1
