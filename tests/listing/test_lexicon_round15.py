"""Round 15 lexicon classes (services/listing/lexicon.json 2027-02-25.1 … .5; classes of error from heldout15, now a
development split, fixed as word families with their sources and as readings of the text, never as the split's
strings). Every text here is our own. Each test fails on the lexicon and code before round 15 (main's 2027-02-24.5).
The code-read classes of the round are in test_mechanisms_round15.py."""

import pytest

from services.listing import brands, rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.mechanisms import LEXICON, normalise, said
from tests.listing.usecases import product


def test_the_round15_lexicon_carries_its_version_and_sources():
    assert DEFAULT["version"] >= "2027-02-25.5"  # pinned by the round that last changed it (test_lexicon_round16.py)
    added = [g for g in DEFAULT["groups"] if g["category"] in ("prohibited-plate-evasion", "prohibited-electrofishing",
                                                                  "prohibited-sex-selection")]
    assert len(added) == 3 and all(g["source"] in DEFAULT["sources"] and g["rule_ids"] for g in added)


@pytest.mark.rule("R-LST-20", "R-LST-22", "PB-03")
def test_a_rank_said_by_an_idiom_or_a_grade_word_is_absolute_R_LST_22():
    for text in ("做工冠绝同类产品", "独步业界的锻造工艺", "口感是TOP级的", "顶奢级真丝四件套"):
        assert "absolute_claim" in said(text), text


@pytest.mark.rule("R-LST-23", "PB-03")
def test_a_star_a_sponsor_a_famous_school_or_state_media_named_as_endorser_needs_its_proof_R_LST_23():
    for text in ("女星代言的同款面霜", "赛事指定用品 比赛级羽毛球", "清北名师带练一对一", "央mei报道过的高山茶"):
        assert "unproven_claim" in said(text), text
    assert "unproven_claim" not in said("这款芝麻酱无明星代言，价格实在")
    assert "unproven_claim" in said("无数明星代言过的芝麻酱")


@pytest.mark.rule("R-LST-23", "R-LST-22")
def test_a_title_the_state_confers_is_a_claim_with_its_proof_not_an_absolute_term_R_LST_23():
    text = "国家级非遗传承人手作的漆盒"
    assert said(text) & {"absolute_claim", "unproven_claim"} == {"unproven_claim"}
    assert said(text, proofs=["国家级非遗代表性传承人证书 编号 0001"]) & {"absolute_claim", "unproven_claim"} == set()


@pytest.mark.rule("R-LST-23", "PB-03")
def test_an_infant_or_a_pet_condition_treated_and_pinyin_with_its_tone_mark_are_efficacy_R_LST_23():
    assert normalise.normalise("抗ái")[0] == "抗ai"
    for text in ("婴儿枕可矫正斜颈", "喷一喷治狗癣", "每天一杯防ái又抗衰"):
        assert "efficacy_claim" in said(text), text


@pytest.mark.rule("R-LST-23", "PB-03")
def test_feng_shui_evil_and_a_destined_partner_are_superstition_R_LST_23():
    for text in ("凸面镜挡路冲煞", "粉晶手链招桃花", "帮你测算正缘"):
        assert "superstition_claim" in said(text), text


@pytest.mark.rule("R-LST-08", "PB-13")
def test_plate_hiding_electrofishing_sex_selection_and_poppy_husk_are_prohibited_R_LST_08():
    for text in ("磁吸号牌遮挡 一键收起", "大功率电捕鱼器 套装", "寄血验男女 三天出结果", "御米壳 卤料用"):
        assert "prohibited_goods" in said(text), text


@pytest.mark.rule("R-LST-11", "R-LST-15", "R-LST-08", "R-LST-23", "PB-10")
def test_a_polysemous_word_is_decided_by_its_neighbours_PB_05():
    assert "counterfeit" not in said("侗族山寨里的民宿，推窗见梯田", title="侗寨 民宿 一晚")
    assert "counterfeit" in said("山寨大牌包包 便宜出", title="手提包 女")
    assert "counterfeit" not in said("定制门牌，先出效果图对版，满意再做", title="定制 门牌")
    assert "prohibited_goods" not in said("空调外挂机架 加厚", title="空调 支架")
    assert "prohibited_goods" in said("吃鸡游戏外挂 卡密自动发", title="游戏 辅助")
    assert "unproven_claim" not in said("赤壁水军战舰 木质模型", title="战舰 模型")
    assert "unproven_claim" not in said("图案为金奖字样的奖励贴纸", title="奖励 贴纸")
    assert "absolute_claim" not in said("唯一激活码，一机一码", title="软件 激活码")


def lookalike(title: str) -> set[str]:
    listing = product(title=title, description="实拍图")
    return {f.text for f in rules.review(listing, LEXICON, {}) if f.category == "look-alike-mark"}


@pytest.mark.rule("R-LST-11", "R-LST-15", "PB-24")
def test_a_mark_imitated_across_words_by_transposed_letters_or_a_vowel_is_a_look_alike_R_LST_15():
    assert lookalike("Addias 跑步鞋") == {"Addias"}      # two neighbours transposed
    assert lookalike("Suprime 卫衣") == {"Suprime"}      # a vowel of a long mark changed
    assert lookalike("Gibsen 民谣吉他") == {"Gibsen"}    # a mark new in the registry (Gibson Brands)
    assert lookalike("Royal Canln 狗粮") == {"Royal Canln"}  # across two words
    assert lookalike("Gibson 民谣吉他 正品") == set() and lookalike("定制 logo 印刷") == set()
    assert lookalike("Key Finder 防丢器") == set()  # a word of its own, not a vowel of Fender changed
    assert brands.latin_lookalike("logo", {"lego": "lego"}, set()) is None  # a short mark's vowel changes the word


def jewel_findings(title: str, description: str, **declared) -> set[str]:
    from tests.listing.usecases import JEWEL_ATTRIBUTES, jewel
    listing = jewel(title=title, description=description, attributes={**JEWEL_ATTRIBUTES, **declared})
    return {f.category for f in rules.review(listing, LEXICON, {}) if f.kind in ("fake_as_real", "treated_as_natural")}


@pytest.mark.rule("PB-06", "PB-05", "R-LST-23")
def test_a_process_denied_a_platinum_fineness_or_seawater_named_against_the_declaration_PB_06():
    assert "untreated-claim-contradicted" in jewel_findings("碧玺 戒面", "无染色，颜色自然", treatment="染色")
    assert "untreated-claim-contradicted" in jewel_findings("翡翠 手镯", "无注胶，水头足", treatment="注胶充填")
    assert jewel_findings("珍珠 耳钉", "无染色，光泽好", treatment="漂白(优化)") == set()  # another process
    assert "declared-material" in jewel_findings("足铂 项链", "足铂990，亲肤", material_fineness="Pt950")
    assert jewel_findings("铂金 项链 Pt950", "Pt950 铂金", material_fineness="Pt950") == set()
    assert "declared-material" in jewel_findings("南洋珠 吊坠", "南洋珠，大颗", material_fineness="淡水养殖珍珠 S925银")
    assert jewel_findings("淡水珍珠 吊坠", "淡水养殖珍珠", material_fineness="淡水养殖珍珠 S925银") == set()


@pytest.mark.rule("R-LST-23", "PB-10")
def test_money_refunded_for_a_rating_is_a_paid_review_PB_10():
    for text in ("打五星后退2元", "给个4颗星好评退5元", "晒图再退3块"):
        assert "unproven_claim" in said(text), text
    for text in ("不满意5星内退款", "五星好评不退款，质量问题包退"):
        assert "unproven_claim" not in said(text), text


@pytest.mark.rule("R-LST-23", "PB-10")
def test_pinyin_initials_after_a_chinese_character_spell_the_word_PB_10():
    assert "unproven_claim" in said("晒个hp联系客服领hb")
    assert "unproven_claim" in said("确认收货hp后找客服fx")
    assert "unproven_claim" not in said("HP打印机，送原装墨盒", title="HP 打印机")
