"""IP notices (R-LST-13, E-Commerce Law art. 42-45): the named listings are taken down at once (hidden, kept) and the
merchant told; one counter-notice is accepted and forwarded; without a complaint or lawsuit the listings return
when the 15 calendar days (Asia/Shanghai) after forwarding have passed — not on the last day, at the first moment
after it; a complaint keeps them down; a wrongful notice releases them at once."""

from datetime import UTC, datetime

import pytest

from tests.conftest import concurrently
from tests.listing.usecases import Listings, product
from tianping.lib.errors import Conflict, Forbidden, ValidationFailed


@pytest.fixture
def desk(replica_for):
    return Listings(replica_for("listing"))


def notice(listing_ids) -> dict:
    return {"rights_holder": {"name": "耐克创新有限合伙公司", "identity": "US-OR-123456", "contact": "ip@example.com"},
            "right": {"kind": "trademark", "number": "第146658号", "title": "NIKE"}, "listing_ids": listing_ids,
            "evidence": ["img://registration", "img://listing-screenshot"], "description": "使用注册商标而未获授权"}


COUNTER = {"statement": "商品为正品, 附授权经销合同", "evidence": ["pdf://dealer-contract"]}


def filed(desk, count=2):
    listings = [desk.submit(product("m1", title=f"纯棉衬衫 白色 {i}号"))["listing_id"] for i in range(count)]
    return listings, desk.file_ip_notice(notice(listings), "holder-nike")


@pytest.mark.rule("R-LST-13")
def test_a_notice_takes_the_listings_down_at_once_hidden_not_deleted_and_tells_the_merchant_R_LST_13(desk,
                                                                                                     frozen_clock):
    listings, n = filed(desk)
    assert n["status"] == "taken_down" and n["operator_id"] == "m1"
    assert [a["action"] for a in n["actions"]] == ["taken_down", "taken_down"]
    assert n["received_at"] and all(a["at"] for a in n["actions"])  # notice time and action time (R-LST-13)
    for listing_id in listings:
        held = desk.get(listing_id)
        assert held["status"] == "ip_hold" and held["ip_holds"] == [n["notice_id"]]
        assert held["trail"][-1]["event"] == "ip_taken_down" and "R-LST-13" in held["trail"][-1]["rule_ids"]
        with pytest.raises(Forbidden):  # hidden from buyers
            desk.get(listing_id, {"id": "buyer-1", "platform": False})
    told = desk.events("ip_notice_filed")
    assert [(e["operator_id"], e["listing_ids"]) for e in told] == [("m1", listings)]
    assert desk.ip_notice(n["notice_id"], {"id": "m1"})["notice_id"] == n["notice_id"]
    with pytest.raises(Forbidden):
        desk.ip_notice(n["notice_id"], {"id": "m2"})
    assert desk.audit.collection.count_documents({"action": "listing_ip_hold", "rule_ids": "R-LST-13"}) == 2


def test_a_notice_is_validated_and_names_one_merchants_listings(desk):
    mine, theirs = desk.submit(product("m1"))["listing_id"], desk.submit(product("m2"))["listing_id"]
    with pytest.raises(ValidationFailed) as mixed:
        desk.file_ip_notice(notice([mine, theirs]), "holder-nike")
    assert "listing_ids" in mixed.value.fields
    with pytest.raises(ValidationFailed) as bare:
        desk.file_ip_notice({**notice([mine]), "evidence": [], "right": {"kind": "logo", "number": "1"}}, "h")
    assert {"evidence", "right"} <= set(bare.value.fields)


def restoration_case(desk, frozen_clock):
    frozen_clock.set(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # 10:00 on 2 March in Shanghai
    listings, n = filed(desk)
    out = desk.counter_notice(n["notice_id"], COUNTER, "m1")
    # Forwarded on 2 March: the 15 days are 3 to 17 March; restored at 18 March 00:00 Shanghai (17 March 16:00 UTC).
    assert out["restore_due_at"] == "2026-03-18T00:00:00.000+08:00" or out["restore_due_at"].startswith("2026-03-17T16")
    return listings, n


def test_without_a_complaint_the_listings_return_after_the_15th_day_not_on_it_art_43_R_LST_13(desk, frozen_clock):
    listings, n = restoration_case(desk, frozen_clock)
    forwarded = desk.events("ip_counter_notice_forwarded")
    assert forwarded[0]["filed_by"] == "holder-nike" and forwarded[0]["statement"] == COUNTER["statement"]
    frozen_clock.set(datetime(2026, 3, 17, 15, 59, 59, tzinfo=UTC))  # 17 March 23:59:59 Shanghai: the last day
    desk.sweep()
    assert {desk.get(i)["status"] for i in listings} == {"ip_hold"}
    frozen_clock.set(datetime(2026, 3, 17, 16, 0, tzinfo=UTC))  # 18 March 00:00 Shanghai: the period is over
    desk.sweep()
    assert {desk.get(i)["status"] for i in listings} == {"published"}
    assert desk.ip_notice(n["notice_id"], {"platform": True})["status"] == "restored"
    assert sorted(e["listing_id"] for e in desk.events("listing_published")) == sorted(listings * 2)  # + restored
    assert desk.events("ip_notice_closed")[0]["status"] == "restored"


def test_a_complaint_reported_on_the_last_day_keeps_the_listings_down_art_43_R_LST_13(desk, frozen_clock):
    listings, n = restoration_case(desk, frozen_clock)
    frozen_clock.set(datetime(2026, 3, 17, 15, 0, tzinfo=UTC))  # the last day, 23:00 Shanghai
    with pytest.raises(Forbidden):
        desk.ip_complaint(n["notice_id"], {"forum": "lawsuit", "reference": "(2026)沪0115民初1号",
                                           "filed_on": "2026-03-17T10:00:00+08:00"}, {"id": "someone-else"})
    out = desk.ip_complaint(n["notice_id"], {"forum": "lawsuit", "reference": "(2026)沪0115民初1号",
                                             "filed_on": "2026-03-17T10:00:00+08:00"}, {"id": "holder-nike"})
    assert out["status"] == "complaint_filed"
    frozen_clock.set(datetime(2026, 3, 20, 0, 0, tzinfo=UTC))
    desk.sweep()
    assert {desk.get(i)["status"] for i in listings} == {"ip_hold"}


def test_two_counter_notices_at_once_one_is_accepted_R_LST_13(desk, frozen_clock):
    _, n = filed(desk)
    results = concurrently([lambda: desk.counter_notice(n["notice_id"], COUNTER, "m1") for _ in range(2)])
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "dict"]
    assert len(desk.events("ip_counter_notice_forwarded")) == 1
    assert desk.book.collection.count_documents({"kind": "ip_restore"}) == 1
    with pytest.raises(Forbidden):
        desk.counter_notice(n["notice_id"], COUNTER, "m2")


@pytest.mark.rule("R-LST-13")
def test_a_wrongful_notice_releases_at_once_and_a_listing_two_notices_hold_waits_for_both_art_42_R_LST_13(
        desk, frozen_clock):
    listings, first = filed(desk)
    second = desk.file_ip_notice(notice(listings[:1]), "holder-other")
    assert second["actions"][0]["action"] == "already_held"
    out = desk.ip_wrongful(first["notice_id"], {"reason": "the mark is not registered for clothing"}, "rev-1")
    assert out["status"] == "wrongful" and [a["action"] for a in out["actions"][-2:]] == ["still_held", "restored"]
    assert desk.get(listings[0])["status"] == "ip_hold" and desk.get(listings[1])["status"] == "published"
    desk.ip_wrongful(second["notice_id"], {"reason": "withdrawn by the holder"}, "rev-1")
    assert desk.get(listings[0])["status"] == "published"
    with pytest.raises(Conflict):
        desk.ip_wrongful(first["notice_id"], {"reason": "again"}, "rev-1")
    assert desk.audit.collection.count_documents({"action": "ip_notice_wrongful", "rule_ids": "R-LST-13"}) == 2
