"""Round 8 mechanisms and phrasing families (lexicon 2027-01-26.1), each with examples of our own — other ways a seller
says the same thing, written from the rules (RULES.md R-LST-08/12/17/18/20/23, PB-03/08/10/28), never a corpus case —
and shown to matter: without the change (its data removed, or its mechanism switched off) the example is judged the
other way. Round 8 was tuned on the families devset_external4 (formerly heldout7) showed weak: guaranteed returns and
results, reference prices and hidden fees, faked data and staged scenes, efficacy, state endorsements."""

import pytest

from services.listing import proofs, rules
from tests.listing.mechanisms import LEXICON, edited, said
from tests.listing.usecases import product


def without_category(category: str) -> rules.CompiledLexicon:
    def change(body):
        body["groups"] = [g for g in body["groups"] if g["category"] != category]
        body["clause_patterns"] = [p for p in body["clause_patterns"] if p["category"] != category]
    return edited(change)


def flagged(texts, lexicon=LEXICON, title="收藏品 礼盒") -> list[str]:
    return [t for t in texts if said(t, title=title, lexicon=lexicon)]


@pytest.mark.rule("R-LST-20", "R-LST-23")
def test_promised_returns_are_claims_the_goods_cannot_warrant_R_LST_20():
    promised = ["这款邮票册放两年就能翻倍, 稳稳的。", "入会后年化收益12.5%, 到期自动续。",
                "老茶存五年后我们按三倍价格回购。", "跟着操作稳赚, 一周见效。", "带货副业, 每天进账300+。",
                "开店半年回本, 不赚钱全额退加盟费。", "躺着赚钱的机会, 错过等一年。"]
    assert flagged(promised) == promised
    innocent = ["投资有风险, 本书只讲基础概念。", "会员日下单享双倍积分。", "运输途中破损包赔。",
                "支持以旧换新, 旧机按评估价回收。", "云台稳定器, 拍摄更稳。", "年化利率以合同为准, 理性借贷。"]
    assert flagged(innocent) == []
    assert flagged(promised, without_category("guaranteed-returns")) != promised


@pytest.mark.rule("R-LST-20", "R-LST-23")
def test_guaranteed_exam_results_and_refunds_for_no_effect_R_LST_23():
    promised = ["报名即签约保过。", "教资冲刺班, 考不过全额退学费。", "通过率100%的秘籍班。", "用完没效果全额退款。"]
    assert flagged(promised, title="培训课程") == promised
    assert flagged(["不承诺通过率, 资料仅供参考。", "七天无理由退货。"], title="培训课程") == []
    assert flagged(promised, without_category("guaranteed-results"), title="培训课程") == []


@pytest.mark.rule("R-LST-17", "R-LST-18")
def test_a_reference_price_struck_against_the_offer_and_fees_left_open_R_LST_17():
    struck = ["商场价2680, 直播间到手268。", "今天福利价59, 门店价199。", "随时恢复原价, 抓紧。",
              "搬运费和上楼费另议。", "保价费到结算页面才会显示。"]
    assert flagged(struck, title="沙发 三人位") == struck
    honest = ["活动时间12月1日至3日, 活动结束后恢复日常价299元。", "价格已含运费与安装, 无其他费用。",
              "划线价为吊牌价, 并非原价, 仅供参考。"]
    assert flagged(honest, title="沙发 三人位") == []
    assert flagged(struck[:3], without_category("reference-price"), title="沙发 三人位") == []


@pytest.mark.rule("PB-10", "PB-08")
def test_faked_reviews_and_staged_scenes_PB_10():
    faked = ["五星晒图后, 截图私信返你5元。", "一键生成好评, 三十条起。", "下单不发货, 本金加佣金秒返。",
             "招人在直播间假装抢购。", "老板今天不在, 我悄悄给大家破价。", "被领导发现就要扣工资了, 快拍!"]
    assert flagged(faked, title="床品 四件套") == faked
    assert flagged(["欢迎真实评价, 评价不影响售后。", "少件请联系客服补发。"], title="床品 四件套") == []
    assert flagged(faked[-2:], without_category("staged-scene"), title="床品 四件套") == []


@pytest.mark.rule("R-LST-23", "PB-03")
def test_efficacy_in_other_words_R_LST_23():
    claims = ["坚持喝三个月就能好。", "胃病克星, 老胃病都说好。", "一抹见效, 蚊虫叮咬不留包。",
              "修复受损肝脏, 熬夜党必备。", "疤痕彻底消除。", "比吃药还管用。"]
    assert flagged(claims, title="草本茶") == claims
    assert flagged(["孕妇慎用, 过敏者停用。", "坚持每天用, 皮肤更清爽。"], title="草本茶") == []


@pytest.mark.rule("R-LST-20", "PB-28")
def test_state_organs_named_to_sell_R_LST_20():
    named = ["中南海招待用茶。", "两会代表在用的品牌。", "各大机关单位都在用。"]
    assert flagged(named, title="绿茶 250g") == named


@pytest.mark.rule("R-LST-20", "R-LST-22", "R-LST-23")
def test_claims_named_as_a_refused_practice_or_proved_in_the_text_claim_nothing(monkeypatch):
    assert said("我们不搞'特供''专供'那套, 就是口粮茶。", title="绿茶") == set()
    proved = product(title="博览会金奖 红茶 礼盒", description="本品获博览会金奖, 获奖证书编号CT-2025-0098。")
    assert {f.kind for f in rules.review(proved, LEXICON, {}) if f.kind != "missing_field"} == set()
    monkeypatch.setattr(proofs, "proof_cited", lambda *a: False)
    assert {f.kind for f in rules.review(proved, LEXICON, {}) if f.kind != "missing_field"} == {"unproven_claim"}


@pytest.mark.rule("R-LST-20", "R-LST-08", "R-LST-11")
def test_evasions_written_in_pinyin_or_numbered_labels():
    assert "absolute_claim" in said("wen zhuan 的项目, 名额有限。", title="副业教程")
    assert "prohibited_goods" in said("chuan shan jia 片, 现货。", title="药材")
    assert "counterfeit" in said("香奈er 经典款手袋。", title="手袋")
    assert said("色号: No.1 奶茶色 / No.2 玫瑰色。", title="唇釉") == set()  # a numbered range, not a rank
    assert "absolute_claim" in said("全网No.1的唇釉。", title="唇釉")


@pytest.mark.rule("R-LST-21")
def test_a_sign_up_chain_for_an_activity_is_no_advertisement_R_LST_21(monkeypatch):
    from services.listing import community
    sign_up = {"operator_id": "m1", "kind": "community_post", "category": "community", "title": "接龙: 周六徒步",
               "description": "接龙报名周六上午徒步, 8点小区门口集合\n1. 李姐", "promotional": False}
    selling = {**sign_up, "title": "接龙: 周六水果", "description": "接龙订购周六到的橙子\n1. 李姐"}
    assert {f.kind for f in rules.review(sign_up, LEXICON, {})} == set()
    assert "ad_label" in {f.kind for f in rules.review(selling, LEXICON, {})}
    monkeypatch.setattr(community, "SIGN_UP", ())
    assert "ad_label" in {f.kind for f in rules.review(sign_up, LEXICON, {})}
