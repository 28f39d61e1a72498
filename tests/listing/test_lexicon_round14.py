"""Round 14 lexicon classes (services/listing/lexicon.json 2027-02-24.1 … .5; classes of error from heldout14, now a
development split, and heldout11-13's remaining misses, fixed as word families with their sources, never as the
splits' strings). Every text here is our own. Each test fails on the lexicon before round 14 (main's 2027-02-23.1).
The code-read classes of the round are in test_mechanisms_round14.py."""

import pytest

from services.listing.usecases.lexicons import DEFAULT
from tests.listing.mechanisms import edited, said

# ---- lexicon 2027-02-24.1: homophones, a cultivar family, endorsers by trade, bought data and rating repair ----

def test_the_round14_lexicon_carries_its_version_and_sources():
    assert DEFAULT["version"] >= "2027-02-24.5"  # pinned by the round that last changed it (test_lexicon_round15.py)
    assert DEFAULT["homophones"]["source"] in DEFAULT["sources"] and DEFAULT["homophones"]["map"]["最"] == "醉"
    added = [c for c in DEFAULT["compounds"] if c.get("message", "").startswith("round 14 class: ")]
    assert added and all(c["source"] in DEFAULT["sources"] and c["rule_ids"] for c in added)


@pytest.mark.rule("R-LST-20", "R-LST-22", "PB-03")
def test_a_long_absolute_term_written_with_a_homophone_is_the_same_claim_R_LST_22():
    assert "absolute_claim" in said("醉划算的一套，回购三次了")
    assert "absolute_claim" in said("这是醉好吃的牛肉干")
    assert "absolute_claim" not in said("醉蟹 500g，黄酒腌制", title="醉蟹 礼盒")
    assert "absolute_claim" not in said("讲解麻醉专业基础知识", title="《麻醉学》 教材")
    assert "absolute_claim" not in said("醉划算的一套", lexicon=edited(lambda b: b.pop("homophones"), keep_round12=True))


@pytest.mark.rule("R-LST-08", "PB-13")
def test_a_cultivar_or_ware_named_after_ivory_is_no_ivory_R_LST_08():
    assert "prohibited_goods" not in said("象牙芒果 现摘 单果300g", title="芒果 5斤")
    assert "prohibited_goods" not in said("德化象牙白瓷茶杯一对", title="白瓷 茶杯")
    assert "prohibited_goods" in said("老象牙雕刻挂件", title="雕刻 挂件")


@pytest.mark.rule("R-LST-23", "PB-03")
def test_an_endorsement_by_a_trade_or_an_institution_needs_its_proof_R_LST_23():
    for text in ("化妆师都在用的定妆喷雾", "月嫂也在用的婴儿湿巾", "两位教授联合打造的课程", "造型师私藏的发蜡"):
        assert "unproven_claim" in said(text), text
    assert "unproven_claim" not in said("适合化妆师练习用的假脸模具")


@pytest.mark.rule("R-LST-23", "PB-10")
def test_bought_figures_and_a_rating_repaired_for_pay_are_fake_data_PB_10():
    for text in ("播放量500起刷，当天到账", "直播间人气代挂，包月更便宜", "店铺DSR修复，三天见效", "五星好评后即可领5元券"):
        assert "unproven_claim" in said(text), text
    for text in ("店铺评分4.9，欢迎真实评价", "直播回放播放量破万，感谢支持", "我们从不做评分修复，拒绝刷单"):
        assert "unproven_claim" not in said(text), text


# ---- lexicon 2027-02-24.2 ----

@pytest.mark.rule("R-LST-23", "PB-10")
def test_a_reward_for_five_stars_across_a_clause_is_fake_data_PB_10():
    assert "unproven_claim" in said("收货后五星好评截图，即可领取一张满减券")
    assert "unproven_claim" not in said("欢迎五星好评，也欢迎提建议")
    assert "unproven_claim" not in said("我们不搞五星好评送券这一套，评价随意")


@pytest.mark.rule("R-LST-23", "PB-03")
def test_freight_moved_on_is_no_change_of_luck_R_LST_23():
    assert "superstition_claim" not in said("货物转运至国内，约10天", title="国际 货物 转运至 深圳")
    assert "superstition_claim" in said("戴上它帮你转运", title="红绳 手链")


@pytest.mark.rule("R-LST-22", "R-LST-11")
def test_a_dish_or_a_flavour_named_with_a_claim_word_claims_nothing_R_LST_22():
    assert said("烘焙模具，8寸", title="至尊比萨 模具") == set()
    assert said("鲜榨，无添加", title="纯原汁 橙汁 1L") == set()
    assert "absolute_claim" in said("至尊品质，送礼有面", title="保温杯")
    assert "counterfeit" in said("纯原版本，细节到位", title="AJ1 球鞋")


@pytest.mark.rule("PB-05", "R-LST-23")
def test_goose_down_claimed_where_duck_down_is_declared_is_imitation_called_real_PB_05():
    def down(title: str, filling: str) -> set[str]:
        return said("轻盈保暖", title=title, attributes={"filling": filling})

    assert "fake_as_real" in down("白鹅绒 羽绒服", "灰鸭绒 80%")
    assert "fake_as_real" not in down("白鹅绒 羽绒服", "白鹅绒 90%")
    assert "fake_as_real" not in down("白鸭绒 羽绒服 非鹅绒", "白鸭绒 90%")


# ---- lexicon 2027-02-24.3 ----

@pytest.mark.rule("R-LST-23", "PB-03")
def test_money_promised_by_placing_or_using_an_object_is_superstition_R_LST_23():
    assert "superstition_claim" in said("放在家里，三个月收入翻倍", title="金蟾 摆件")
    assert "superstition_claim" in said("用上它以后越来越有钱", title="红色 长款 钱包")
    assert "superstition_claim" not in said("用了三年，皮质越来越有光泽", title="牛皮 钱包")


@pytest.mark.rule("R-LST-23", "PB-03")
def test_a_collection_of_award_winning_works_is_the_goods_not_a_claim_R_LST_23():
    assert "unproven_claim" not in said("铜版纸印刷，精装", title="获奖 作品集 书法社")
    assert "unproven_claim" not in said("铜版纸印刷", title="书法社 获奖名单 公示册")
    assert "unproven_claim" in said("本品荣获国际金奖，品质保证", title="蜂蜜 500g")


# ---- lexicon 2027-02-24.4: words that share characters with a claim ----

@pytest.mark.rule("R-LST-23", "PB-03")
def test_an_electrical_step_down_is_no_blood_pressure_claim_R_LST_23():
    assert "efficacy_claim" not in said("输入220V输出110V，降压稳定", title="旅行 降压 转换器 变压器")
    assert "efficacy_claim" in said("每天喝一杯，帮助降压", title="苦荞茶 250g")


@pytest.mark.rule("R-LST-23", "PB-03")
def test_a_scholarly_work_on_a_belief_claims_no_fortune_R_LST_23():
    assert "superstition_claim" not in said("平装，全新", title="江南风水习俗 田野研究 专著")
    assert "superstition_claim" in said("摆在客厅调风水，招财", title="铜 葫芦 摆件")


@pytest.mark.rule("R-LST-20", "R-LST-22")
def test_first_before_a_measure_word_is_an_ordinal_R_LST_22():
    assert "absolute_claim" not in said("入门款，黑胶", title="第一张唱片 黑胶")
    assert "absolute_claim" not in said("适合初学者", title="人生第一本书 绘本")
    assert "absolute_claim" in said("品质第一，放心选", title="不锈钢 钢笔")


@pytest.mark.rule("R-LST-22", "R-LST-08")
def test_a_real_ceiling_and_a_carving_are_no_claims_R_LST_22_R_LST_08():
    assert said("适用于卫生间吊顶", title="铝扣板 天花板吊顶 30x30") == set()
    assert said("手工核雕，橄榄核", title="核雕 手串") == set()
    assert "absolute_claim" in said("音质天花板，闭眼入", title="蓝牙 耳机")


@pytest.mark.rule("R-LST-23", "PB-03")
def test_an_endorsement_the_seller_says_it_has_not_and_a_caution_to_patients_claim_nothing_R_LST_23():
    assert "unproven_claim" not in said("我们没有网红推荐，靠回头客")
    assert "efficacy_claim" not in said("普通食品，糖尿病人请咨询医生后食用")
    assert "unproven_claim" in said("网红推荐，卖爆了")


# ---- lexicon 2027-02-24.5: a reward refused, festive decoration ----

@pytest.mark.rule("R-LST-23", "PB-10")
def test_a_reward_for_reviews_the_seller_refuses_is_no_fake_data_PB_10():
    assert "unproven_claim" not in said("追评和差评一律展示，没有返现")
    assert "unproven_claim" not in said("本店不得以红包或返现换取好评，请真实评价")
    assert "unproven_claim" in said("五星好评截图，返现5元")


@pytest.mark.rule("R-LST-23", "PB-03")
def test_an_auspicious_phrase_on_festive_decoration_claims_no_fortune_R_LST_23():
    assert "superstition_claim" not in said("洒金宣纸，含横批", title="财源滚滚 春联 对联")
    assert "superstition_claim" not in said("植绒窗花，一套12张", title="招财进宝 窗花 贴纸")
    assert "superstition_claim" in said("摆在门口镇宅，招财进宝", title="铜 貔貅 摆件")
