"""Round 16 lexicon classes (services/listing/lexicon.json 2027-02-26.x; classes of error from heldout16, now a
development split, fixed as word families with their sources and as readings of the text, never as the split's
strings). Every text here is our own. Each test fails on the lexicon and code before round 16 (main's 2027-02-25.5).
The code-read classes of the round are in test_mechanisms_round16.py."""

import pytest

from services.listing import rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import product

VERSION = "2027-02-26.5"


def test_the_round16_lexicon_carries_its_version_and_sources():
    assert DEFAULT["version"] >= VERSION
    indications = DEFAULT["geographical_indications"]
    assert indications["source"] in DEFAULT["sources"] and len(indications["map"]) >= 60


def declared(title: str, **attributes) -> set[str]:
    listing = product(title=title, description="现货速发", attributes=attributes)
    return {f.category for f in rules.review(listing, LEXICON, {}) if f.kind == "fake_as_real"}


@pytest.mark.rule("PB-05", "R-LST-11", "R-LST-23")
def test_a_geographical_indication_on_goods_from_elsewhere_passes_off_their_origin_PB_05():
    assert "geographical-indication" in declared("阳澄湖大闸蟹 公4两 8只", origin="安徽宣城")
    assert "geographical-indication" in declared("安溪铁观音 浓香型 500g", origin="广东潮州")
    assert "geographical-indication" in declared("新会陈皮 十年 250g", origin="广西梧州")
    assert declared("阳澄湖大闸蟹 公4两 8只", origin="江苏苏州阳澄湖") == set()
    assert declared("安溪铁观音 浓香型 500g", origin="福建泉州安溪") == set()
    assert declared("非新会陈皮 普通橘皮 250g", origin="广西梧州") == set()  # disclosed


@pytest.mark.rule("PB-05", "R-LST-11", "R-LST-23")
def test_a_natural_fibre_named_where_a_synthetic_one_is_declared_is_passed_off_PB_05():
    assert "declared-attribute" in declared("全羊毛 围巾 冬季", composition="腈纶100%")
    assert "declared-attribute" in declared("亚麻 桌布 北欧", material="涤纶")
    assert declared("羊毛混纺 围巾", composition="羊毛30% 腈纶70%") == set()
    assert declared("纯棉 T恤", composition="棉100%") == set()


def lookalike(title: str) -> set[str]:
    listing = product(title=title, description="实拍图")
    return {f.text for f in rules.review(listing, LEXICON, {}) if f.category == "look-alike-mark"}


@pytest.mark.rule("R-LST-11", "R-LST-15", "PB-24")
def test_a_mark_imitated_by_a_letter_dropped_an_o_for_an_e_or_a_kana_for_a_character_R_LST_15():
    assert lookalike("Shimno 纺车轮") == {"Shimno"}          # a letter dropped inside a long mark
    assert lookalike("Gibsen 电吉他") == {"Gibsen"} and lookalike("Bosch 电钻") == set()
    assert lookalike("Besch 电钻 家用") == {"Besch"}           # o written e
    assert lookalike("小天材 学习机") == {"小天材"}            # a registered mark new in the registry
    assert lookalike("Xiami 音乐 会员") == set()               # a short mark's dropped letter is another word
    assert lookalike("伊莉莎白 复古 裙") == set()              # a name, not 伊利


@pytest.mark.rule("R-LST-11", "R-LST-15", "PB-24")
def test_marks_new_in_the_registry_are_read_with_their_look_alikes_R_LST_15():
    assert lookalike("Phi1ips 剃须刀") == {"Phi1ips"}
    assert lookalike("Orijem 狗粮 2kg") == {"Orijem"}
    assert lookalike("小天オ 早教机") == {"小天オ"}


def unproven(title: str, description: str) -> bool:
    listing = product(title=title, description=description)
    return any(f.kind == "unproven_claim" and f.category == "fake-data" for f in rules.review(listing, LEXICON, {}))


@pytest.mark.rule("PB-10", "R-LST-23")
def test_engagement_produced_to_order_and_review_texts_supplied_are_fake_data_PB_10():
    assert unproven("小红书 收藏量 群控", "批量操作，当天完成。")
    assert unproven("抖音 直播间 点赞", "代点1000个，当天到。")
    assert unproven("砍价 助力 50次", "人工助力，不成功退款。")
    assert unproven("好评模板 300条", "一键复制，各类目通用。")
    assert not unproven("公众号 运营课程", "教你写好标题，点赞和在看自然会来。")
    assert not unproven("商家 好评回复模板", "回复买家评价用，客服省时间。")
    assert not unproven("短视频 运营", "拒绝代刷点赞，只做真实内容。")


def prohibited(title: str, description: str = "现货") -> bool:
    listing = product(title=title, description=description)
    return any(f.kind == "prohibited_goods" for f in rules.review(listing, LEXICON, {}))


@pytest.mark.rule("R-LST-08", "PB-13")
def test_banned_pesticides_gamete_trade_and_listed_protected_species_are_prohibited_R_LST_08():
    for title in ("氟乙酰胺 灭鼠 特效", "克百威颗粒 地下害虫", "对硫磷乳油 1瓶", "供卵 试管 包成功", "有偿捐精 大学生优先",
                  "雀鹰 成鸟 已驯化", "红腹锦鸡 活体 一对", "白鹇 公鸟 出售"):
        assert prohibited(title), title
    assert not prohibited("红腹锦鸡 毛绒 玩具 公仔")                             # a likeness
    assert not prohibited("红腹锦鸡 人工繁育", "持驯养繁殖许可证和专用标识")   # licensed, to a reviewer elsewhere
    assert not prohibited("农药知识 图书", "讲解甲胺磷等禁用农药为何被禁的科普读物")  # informational


@pytest.mark.rule("PB-05", "R-LST-11", "R-LST-23")
def test_a_stones_place_of_origin_named_against_the_declared_one_is_passed_off_PB_05():
    from tests.listing.usecases import JEWEL_ATTRIBUTES, jewel

    def origin_claimed(title: str, origin: str) -> bool:
        listing = jewel(title=title, description="实拍", attributes={**JEWEL_ATTRIBUTES, "origin": origin})
        return any(f.category == "geographical-indication" for f in rules.review(listing, LEXICON, {}))

    assert origin_claimed("凉山料 南红 吊坠", "云南保山")
    assert origin_claimed("缅甸翡翠 手镯", "危地马拉")
    assert not origin_claimed("缅甸翡翠 手镯", "缅甸, 原产地证明 CO-2026-002")


def kinds_of(description: str, title: str = "家用 日用品") -> set[str]:
    listing = product(title=title, description=description)
    return {f.kind for f in rules.review(listing, LEXICON, {})}


@pytest.mark.rule("R-LST-20", "R-LST-22", "R-LST-23", "PB-03")
def test_a_wider_scope_a_full_name_celebrity_customers_and_energy_fields_are_claims_R_LST_23():
    assert "absolute_claim" in kinds_of("这套题库是业界最全的一版。")
    assert "absolute_claim" not in kinds_of("这是本店最新的一版。")
    for title in ("刘诗诗同款 针织开衫", "李子柒推荐款 螺蛳粉", "钟南山团队研发 口罩"):
        assert "unproven_claim" in kinds_of("现货", title=title), title
    for title in ("韩版同款 针织开衫", "白色同款 帆布鞋", "金属质感 手机壳"):
        assert "unproven_claim" not in kinds_of("现货", title=title), title
    assert "unproven_claim" in kinds_of("很多女明星都来我们店做护理。")
    assert "superstition_claim" in kinds_of("佩戴后能扭转磁场，化解负能量。")
