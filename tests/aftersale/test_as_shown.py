"""Goods sold must match those shown in the livestream (R-AFT-08): a buyer's quality claim on a live-sold order may
say the goods differ from what was shown; a merchant accepting it admits the mismatch, and the merchant and the host
who presented the goods are each reported to reputation once; a rejected claim reports nobody."""

from datetime import datetime

import pytest

from tests.aftersale.usecases import MERCHANT, Aftersale, order
from tianping.lib.errors import ValidationFailed


@pytest.fixture
def desk(replica_for, service_db, frozen_clock):
    from tianping.infra import db

    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"))
    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    desk.record_order(order(), "order-system")  # sold in live room r1 by host h1
    desk.record_order(order("o-shop") | {"room_id": None, "host_id": None}, "order-system")
    return desk


def claim(desk, order_id="o1", kind="quality_return", **extra):
    return desk.open({"order_id": order_id, "buyer_id": "b1", "kind": kind, "not_as_shown": True,
                      "reason": "the bracelet shown on air was green, this one is grey", **extra})


@pytest.mark.rule("R-AFT-08")
def test_an_accepted_claim_that_the_goods_differ_from_the_livestream_reports_merchant_and_host_R_AFT_08(desk):
    r = claim(desk)
    assert r["not_as_shown"] is True and "R-AFT-08" in r["decision_rule_ids"]
    assert desk.events("violation_detected") == []
    desk.respond(r["request_id"], {"action": "accept"}, MERCHANT)
    reported = desk.events("violation_detected")
    assert [(v["subject_id"], v["subject_type"], v["rule_id"]) for v in reported] == [
        ("m1", "merchant", "R-AFT-08"), ("h1", "host", "R-AFT-08")]
    assert "live room r1" in reported[0]["evidence"][0] and len({v["dedupe_key"] for v in reported}) == 2


@pytest.mark.rule("R-AFT-08")
def test_a_rejected_claim_reports_nobody_and_the_claim_needs_a_livestream_and_a_quality_kind_R_AFT_08(desk):
    r = claim(desk, kind="exchange")
    desk.respond(r["request_id"], {"action": "reject", "reason": "the colour is the same, see the recording"},
                 MERCHANT)
    assert desk.events("violation_detected") == []
    with pytest.raises(ValidationFailed) as no_room:
        claim(desk, "o-shop")
    assert "not_as_shown" in no_room.value.fields
    with pytest.raises(ValidationFailed) as not_quality:
        claim(desk, kind="no_reason_return")
    assert "not_as_shown" in not_quality.value.fields
    plain = desk.open({"order_id": "o1", "buyer_id": "b1", "kind": "repair", "reason": "the clasp broke"})
    desk.respond(plain["request_id"], {"action": "accept"}, MERCHANT)
    assert desk.events("violation_detected") == []  # an ordinary quality claim accuses nobody of a mismatch
