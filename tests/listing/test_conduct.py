"""Conduct on air and in community posts (issue 27): insults hidden or flagged (PB-11), a host's improper remarks and
departures from the session's declared plan (PB-12), a staged sales scene or an owner persona the records
contradict (PB-08), a community user's exaggeration (PB-04), and the MCN's review of its hosts' flagged content
(R-LST-35) — through the use cases, with the words from services/listing/conduct.json."""

import pytest

from tests.listing.test_live import CLEAN, ON_AIR, ROOM, seg
from tests.listing.usecases import Listings, product
from tianping.lib.errors import Conflict, Forbidden, RuleRefused, StreamStopped, ValidationFailed

PLAN = {"items": [{"name": "保温杯", "price": "79.00"}, {"name": "纯棉衬衫", "price": "129.00"}]}


@pytest.fixture
def desk(replica_for, frozen_clock):
    desk = Listings(replica_for("listing"), active=("m1", "m2", "mcnA", "mcnB", "h1"))
    desk.put_room("room-1", ROOM, "m1")
    return desk


def go_live(desk, **on_air) -> str:
    return desk.go_live("room-1", {**ON_AIR, **on_air}, {"id": "m1"})["session_id"]


def decisions(desk, sid, t, *segments) -> list[tuple[str, list[str]]]:
    batch = [seg(i, kind, text, t) for i, (kind, text) in enumerate(segments, start=desk.seq)]
    desk.seq += len(batch)
    return [(d["decision"], d["rule_ids"]) for d in desk.segments("room-1", sid, {"segments": batch})["decisions"]]


@pytest.fixture
def on_air(desk, frozen_clock):
    desk.seq = 1
    return go_live(desk, plan=PLAN), frozen_clock.now


@pytest.mark.rule("PB-11")
def test_an_insult_in_a_comment_is_hidden_and_a_post_with_one_rejected_PB_11(desk, on_air):
    sid, t = on_air
    assert decisions(desk, sid, t, ("comment", "主播你个傻逼, 卖的什么破东西"), ("comment", "主播辛苦了, 废物利用的小妙招学到了"),
                     ("comment", CLEAN)) == [("hide", ["R-LST-33", "PB-11"]), ("pass", []), ("pass", [])]
    post = {"kind": "community_post", "category": "post", "operator_id": "m2", "title": "楼下停车的注意一下",
            "description": "三号楼那个脑残, 车又堵住消防通道了"}
    rejected = desk.submit(post)
    assert rejected["status"] == "rejected"
    assert [(f["kind"], f["field"], f["text"], f["rule_ids"]) for f in rejected["findings"]] == [
        ("insult", "description", "脑残", ["PB-11"])]
    polite = desk.submit({**post, "description": "三号楼的邻居, 车又堵住消防通道了, 麻烦挪一下"})
    assert polite["status"] == "published"


@pytest.mark.rule("PB-12")
def test_the_host_departing_from_the_plan_or_insulting_is_flagged_PB_12(desk, on_air):
    sid, t = on_air
    assert decisions(desk, sid, t,
                     ("product_card", "保温杯 316不锈钢 500ml"),        # planned
                     ("product_card", "羊毛大衣 双面呢"),              # not in the plan
                     ("transcript", "这款保温杯今天79元, 库存不多"),    # the planned price
                     ("transcript", "保温杯今天只要59元, 家人们冲"),    # not the planned price
                     ("transcript", "弹幕里那个白痴别捣乱")) == [
        ("pass", []), ("flag", ["R-LST-32", "R-LST-34", "PB-12"]), ("pass", []),
        ("flag", ["R-LST-32", "R-LST-34", "PB-12"]), ("flag", ["R-LST-32", "R-LST-34", "PB-11", "PB-12"])]
    replay = desk.replay("room-1", sid)
    said = [f for f in replay["items"][3]["findings"]]
    assert [(f["kind"], f["text"]) for f in said] == [("off_plan", "59元")]
    assert replay["session"]["plan"]["items"][0] == {"name": "保温杯", "price": "79.00", "listing_id": None}


def test_a_session_without_a_plan_is_not_compared_and_a_bad_plan_is_refused(desk, frozen_clock):
    desk.seq = 1
    sid = go_live(desk)
    assert decisions(desk, sid, frozen_clock.now, ("product_card", "羊毛大衣 双面呢")) == [("pass", [])]
    desk.end_session("room-1", sid, {"id": "m1"})
    with pytest.raises(ValidationFailed) as bad:
        go_live(desk, plan={"items": [{"name": "保温杯", "price": "79.001"}]})
    assert "plan" in bad.value.fields


@pytest.mark.rule("PB-08")
def test_a_staged_scene_or_an_owner_persona_the_records_contradict_is_flagged_PB_08(desk, on_air):
    sid, t = on_air  # host h1 sells for operator m1
    assert decisions(desk, sid, t, ("transcript", "我是厂长, 这批货直接出厂价"), ("transcript", "趁老板不在, 偷偷给你们改个价"),
                     ("transcript", "厂长说这批货是新到的")) == [
        ("flag", ["R-LST-32", "R-LST-34", "PB-08"]), ("flag", ["R-LST-32", "R-LST-34", "PB-08"]), ("pass", [])]
    desk.end_session("room-1", sid, {"id": "m1"})
    own = desk.go_live("room-1", {"host_id": "m1", "operator_id": "m1"}, {"id": "m1"})["session_id"]
    assert decisions(desk, own, t, ("transcript", "我是厂长, 这批货直接出厂价")) == [("pass", [])]  # the operator on air


@pytest.mark.rule("PB-04")
def test_a_community_users_exaggeration_cites_PB_04_a_merchants_does_not(desk):
    post = {"kind": "community_post", "category": "post", "operator_id": "m2", "title": "广告 推荐一款保温杯",
            "description": "这款保温杯全网最低价, 买到就是赚到, 68元"}
    found = desk.check(post)["findings"]
    assert [(f["kind"], f["rule_ids"][-1]) for f in found if "PB-04" in f["rule_ids"]] == [("absolute_claim", "PB-04")]
    as_listing = desk.check({k: v for k, v in post.items() if k not in ("kind", "operator_id")} | {"kind": "product"})
    assert all("PB-04" not in f["rule_ids"] for f in as_listing["findings"])


@pytest.mark.rule("R-LST-35")
def test_an_mcn_reviews_and_deals_with_its_hosts_flagged_content_R_LST_35(desk, on_air):
    sid, t = on_air
    decisions(desk, sid, t, ("transcript", "全网最低价, 最好的衬衫"), ("transcript", CLEAN), ("comment", "傻逼主播"))
    queue = desk.mcn_queue("mcnA", {"id": "mcnA"})
    assert [(i["session_id"], i["seq"], i["host_id"], i["decision"]) for i in queue["items"]] == [(sid, 1, "h1", "flag")]
    assert desk.mcn_queue("mcnA", {"id": "ops-1", "platform": True})["items"] == queue["items"]
    assert desk.mcn_queue("mcnB", {"id": "mcnB"})["items"] == []  # another MCN's queue holds none of it
    with pytest.raises(Forbidden):
        desk.mcn_queue("mcnA", {"id": "mcnB"})
    with pytest.raises(Forbidden):
        desk.mcn_review("room-1", sid, 1, {"action": "warned_host", "note": "?"}, "mcnB")
    with pytest.raises(Conflict):  # what the host said that passed is not the MCN's to review
        desk.mcn_review("room-1", sid, 2, {"action": "warned_host", "note": "?"}, "mcnA")
    done = desk.mcn_review("room-1", sid, 1, {"action": "stop_stream", "note": "绝对化用语, 已叫停"}, "mcnA")
    assert done["mcn_review"]["action"] == "stop_stream" and done["mcn_review"]["rule_ids"] == ["R-LST-35"]
    assert desk.session("room-1", sid)["status"] == "ended" and desk.mcn_queue("mcnA", {"id": "mcnA"})["items"] == []
    with pytest.raises(Conflict):
        desk.mcn_review("room-1", sid, 1, {"action": "warned_host", "note": "again"}, "mcnA")
    with pytest.raises(StreamStopped):
        desk.segments("room-1", sid, {"segments": [seg(9, "comment", CLEAN, t)]})
    with pytest.raises(ValidationFailed) as bad:
        desk.mcn_review("room-1", sid, 1, {"action": "ignore", "note": "x"}, "mcnA")
    assert "action" in bad.value.fields


@pytest.mark.rule("R-LST-29")
def test_the_plans_goods_and_prices_are_the_listings_on_sale_R_LST_29(desk, frozen_clock):
    on_sale = desk.submit(product(price="129.00"))["listing_id"]
    others = desk.submit(product("m2", price="129.00"))["listing_id"]
    held = desk.submit(product(description="史上最低价"))["listing_id"]  # rejected: not on sale

    def plan(listing_id, price="129.00"):
        return {"items": [{"name": "纯棉衬衫", "price": price, "listing_id": listing_id}]}

    for wrong, field in ((plan(on_sale, "99.00"), "plan.items.0.price"), (plan(others), "plan.items.0.listing_id"),
                         (plan(held), "plan.items.0.listing_id"), (plan("lst_unknown"), "plan.items.0.listing_id")):
        with pytest.raises(RuleRefused) as refused:
            go_live(desk, plan=wrong)
        assert set(refused.value.fields) == {field, "rule_ids"} and refused.value.fields["rule_ids"] == ["R-LST-29"]
    assert desk.session("room-1", go_live(desk, plan=plan(on_sale)))["plan"]["items"][0]["listing_id"] == on_sale
