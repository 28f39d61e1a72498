"""Service terms per after-sales channel (R-AFT-04): each channel a merchant offers publishes its service hours, its
time limit and its standard — versioned, served, refused when incoherent or worse than the platform minimum — and a
request received through a channel outside its hours has its response time run from the channel's next opening
(local time in Shanghai; tested on both sides of opening time with the controllable clock)."""

from datetime import datetime, timedelta

import pytest

from tests.aftersale.usecases import Aftersale, order
from tianping.lib.errors import RuleRefused

CHAT = {"channel": "online_chat", "days": [1, 2, 3, 4, 5], "opens": "09:00", "closes": "21:00",
        "response_hours": 24, "standard": "a person answers in the chat; returns labels sent the same day"}
PHONE = {"channel": "phone", "days": [1, 2, 3, 4, 5, 6, 7], "opens": "08:00", "closes": "22:00",
         "response_hours": 12, "standard": "call-backs within the time limit"}
TERMS = {"response_hours": 48, "return_days": 7, "warranty_days": 365, "return_policy": "7 days, unused",
         "warranty_policy": "1 year", "service_hours": "see channels",
         "repair_contacts": [{"name": "desk", "phone": "400-123-4567"}], "channels": [CHAT, PHONE]}


@pytest.fixture
def desk(replica_for, service_db, frozen_clock):
    from tianping.infra import db

    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"))
    desk.clock = frozen_clock
    frozen_clock.set(datetime.fromisoformat("2026-02-27T10:00:00+08:00"))  # a Friday: terms published first
    desk.publish_terms("m1", TERMS, "m1")
    frozen_clock.set(datetime.fromisoformat("2026-03-02T13:00:00+08:00"))
    desk.record_order(order(paid="2026-02-28T10:00:00+08:00", delivered="2026-03-02T12:00:00+08:00"), "order-system")
    return desk


def due(request: dict) -> datetime:
    return datetime.fromisoformat(request["due_at"])


def open_via(desk, channel, sku_order="o1"):
    return desk.open({"order_id": sku_order, "buyer_id": "b1", "kind": "no_reason_return", "channel": channel})


@pytest.mark.rule("R-AFT-04")
def test_a_request_outside_the_channels_hours_is_answered_from_its_next_opening_R_AFT_04(desk):
    desk.clock.set(datetime.fromisoformat("2026-03-02T20:59:59+08:00"))  # Monday, a second before chat closes
    inside = open_via(desk, "online_chat")
    assert due(inside) == datetime.fromisoformat("2026-03-03T20:59:59+08:00")  # 24 hours: the channel's limit
    assert "R-AFT-04" in inside["decision_rule_ids"] and inside["channel"] == "online_chat"
    desk.buyer(inside["request_id"], {"action": "withdraw"}, {"id": "b1"})

    desk.clock.set(datetime.fromisoformat("2026-03-06T21:00:00+08:00"))  # Friday at closing: next opening Monday 09:00
    outside = open_via(desk, "online_chat")
    assert due(outside) == datetime.fromisoformat("2026-03-10T09:00:00+08:00")
    assert "outside the online_chat channel's service hours" in outside["trail"][0]["reasons"][-1]
    desk.buyer(outside["request_id"], {"action": "withdraw"}, {"id": "b1"})

    desk.clock.set(datetime.fromisoformat("2026-03-07T07:59:00+08:00"))  # Saturday before the phone line opens
    phoned = open_via(desk, "phone")
    assert due(phoned) == datetime.fromisoformat("2026-03-07T20:00:00+08:00")  # 08:00 + 12 hours


@pytest.mark.rule("R-AFT-04")
def test_channel_terms_are_versioned_served_and_refused_when_incoherent_or_worse_R_AFT_04(desk):
    served = desk.terms("m1")
    assert served["version"] == 1 and [c["channel"] for c in served["channels"]] == ["online_chat", "phone"]
    assert served["channels"][0] == CHAT
    with pytest.raises(RuleRefused) as refused:
        desk.publish_terms("m1", {**TERMS, "channels": [{**CHAT, "response_hours": 72},
                                                        {**PHONE, "opens": "22:00", "closes": "08:00"}]}, "m1")
    assert set(refused.value.fields) == {"channels.0.response_hours", "channels.1.closes"}
    with pytest.raises(RuleRefused) as twice:
        desk.publish_terms("m1", {**TERMS, "channels": [CHAT, CHAT]}, "m1")
    assert "channels" in twice.value.fields
    desk.clock.advance(hours=1)
    assert desk.publish_terms("m1", {**TERMS, "channels": [PHONE]}, "m1")["version"] == 2
    assert [c["channel"] for c in desk.terms("m1")["channels"]] == ["phone"]
    # the request runs on the terms in force when its order was paid: version 1, chat still offered
    desk.clock.set(datetime.fromisoformat("2026-03-02T22:00:00+08:00"))
    late = open_via(desk, "online_chat")
    assert late["terms"]["version"] == 1 and due(late) == datetime.fromisoformat("2026-03-04T09:00:00+08:00")


def test_a_channel_the_merchant_does_not_publish_runs_on_its_general_terms(desk):
    desk.clock.set(datetime.fromisoformat("2026-03-02T23:00:00+08:00"))
    r = open_via(desk, "in_store")
    assert due(r) - datetime.fromisoformat("2026-03-02T23:00:00+08:00") == timedelta(hours=48) and "R-AFT-04" not in r["decision_rule_ids"]
