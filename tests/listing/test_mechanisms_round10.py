"""Round 10 mechanisms and phrasing families (lexicon 2027-02-09.1), each with examples of our own — other products
and other ways a seller says the same thing, written from the rules (RULES.md R-LST-14/17/18/19) and 明码标价和禁止价格
欺诈规定 (SAMR 2022: reference prices, fees, time-limited offers), never a corpus case — and shown to matter: without
the change (its clause patterns removed) the example is judged the other way. Round 10 was tuned on the family
devset_external6 (formerly heldout9) showed weakest: prices — reference prices with no basis, count-downs with no
end, fees named with no amount, prices raised after the order, a promotion's exclusions left untold."""

import pytest

from tests.listing.mechanisms import LEXICON, edited, said


def without_message(*prefixes: str):
    def change(body):
        body["clause_patterns"] = [p for p in body["clause_patterns"] if not p["message"].startswith(prefixes)]
    return edited(change)


def flagged(texts, title: str, lexicon=LEXICON) -> list[str]:
    return [t for t in texts if said(t, title=title, lexicon=lexicon)]


@pytest.mark.rule("R-LST-17", "R-LST-14")
def test_a_reference_price_with_no_basis_is_a_misleading_price_R_LST_17():
    claims = ["吊牌价 ¥1,580，直播间 158 带走。", "门市价：六百八，这里只要六十八。", "比商场便宜五百多，同款同料。"]
    assert flagged(claims, "羊毛针织衫") == claims
    innocent = ["吊牌价 ¥1,580 为本店 2026 年 9 月成交价，调价记录可查。", "商场里也有卖，我们这款面料不同。"]
    assert flagged(innocent, "羊毛针织衫") == []
    # round 21's class (a figure set against the shop's own, "这里只要六十八") reads the same claims: taken out too
    assert flagged(claims[:2], "羊毛针织衫", without_message("a reference price named with no basis",
                                                        "round 21 class: ")) == []
    assert flagged(claims[2:], "羊毛针织衫", without_message("cheaper than an unproven")) == []


@pytest.mark.rule("R-LST-17", "R-LST-19")
def test_a_count_down_or_time_limit_with_no_end_is_misleading_R_LST_17():
    claims = ["只剩最后两个小时！过了就没这个价。", "倒计时一过马上恢复原价。", "限时抢购价 39，先到先得。"]
    assert flagged(claims, "保温饭盒") == claims
    innocent = ["限时抢购价 39 元，活动截至 2027 年 3 月 1 日 24:00。", "还剩 2 小时截至 20:00 下单当天发。",
                "加热只需十分钟。"]
    assert flagged(innocent, "保温饭盒") == []
    assert flagged(claims[:1], "保温饭盒", without_message("urgency by a count-down")) == []
    assert flagged(claims[2:], "保温饭盒", without_message("a time-limited price pressed")) == []


@pytest.mark.rule("R-LST-18", "R-LST-19")
def test_a_fee_named_with_no_amount_is_a_hidden_charge_R_LST_18():
    claims = ["拍下后还需另交包装费才发货。", "安装费详询客服。", "要发票的话另加税点。"]
    assert flagged(claims, "实木书柜") == claims
    innocent = ["包装费另交 8 元/件，已写在规格里。", "安装费 60 元/次，偏远地区加 20 元。", "可开电子发票，不另收费。"]
    assert flagged(innocent, "实木书柜") == []
    assert flagged(claims[1:], "实木书柜", without_message("a fee to pay on top with no amount")) == []


@pytest.mark.rule("R-LST-17", "R-LST-19")
def test_a_price_raised_after_the_order_or_exclusions_left_untold_mislead_R_LST_17():
    claims = ["金价波动，发货前补差价。", "全场八折，部分款式不参与，以客服为准。"]
    assert flagged(claims, "黄金吊坠 足金") == claims or flagged(claims, "收纳盒") == claims
    innocent = ["全场八折，部分款式不参与：清单见下。", "多退少补的差价我们承担，不向买家收取。"]
    assert flagged(innocent, "收纳盒") == []
    assert flagged(claims[:1], "收纳盒", without_message("the price raised after the order")) == []
    assert flagged(claims[1:], "收纳盒", without_message("a promotion's exclusions left untold")) == []


@pytest.mark.rule("PB-26", "R-LST-12")
def test_a_chat_app_by_euphemism_with_a_handle_or_a_cheaper_price_is_off_platform_PB_26():
    claims = ["想看实拍 +威 mm5566 发你。", "便宜点的话加 v 聊。", "退换找扣扣：幺二三四五六七。",
              "定做请联系vx客服 abc777。", "其他款式在头像上那个号码能找到我。", "快手搜店名下单更优惠。"]
    assert flagged(claims, "羊绒围巾") == claims
    innocent = ["支持微信支付。", "客服在线时间 9:00-21:00，请在本平台咨询。", "小红书上有买家晒图，可以参考。"]
    assert flagged(innocent, "羊绒围巾") == []
    for prefix, some in (("an app (by name", claims[:1]), ("a contact left on the profile", claims[4:5]),
                         ("another platform's shop said", claims[5:])):
        assert flagged(some, "羊绒围巾", without_message(prefix)) == [], prefix


@pytest.mark.rule("R-LST-23", "PB-03")
def test_promised_scores_jobs_forecasts_rates_and_returns_are_guarantees_R_LST_23():
    claims = ["保证数学提高 20 分。", "学完包就业，入职即签约。", "选股信号胜率 90%。", "出芽率 100%，放心种。", "这酒越存越值钱。"]
    assert flagged(claims, "在线课程") == claims
    innocent = ["去年学员平均提分见官网公示，不承诺分数。", "发芽率受温度影响，建议 20 度以上播种。", "这款白酒适合收藏送礼。"]
    assert flagged(innocent, "在线课程") == []
    for prefix, some in (("a score raised", claims[:1]), ("employment or a salary", claims[1:2]),
                         ("a forecast's accuracy", claims[2:3]), ("a germination", claims[3:4]),
                         ("goods sold as an investment", claims[4:])):
        assert flagged(some, "在线课程", without_message(prefix)) == [], prefix


@pytest.mark.rule("R-LST-11", "PB-05")
def test_refused_verification_inside_channels_and_borrowed_marks_indicate_counterfeits_R_LST_11():
    claims = ["不接受官方鉴定，售出不退。", "内部渠道流出，价格只有专柜一半。", "同一个代工厂出来的，贴华为的标。"]
    assert flagged(claims, "无线耳机") == claims
    innocent = ["支持专柜验货，假一赔三。", "本厂为自有品牌代工，只印本店商标。"]
    assert flagged(innocent, "无线耳机") == []
    assert flagged(claims[1:2], "无线耳机", without_message("goods from an 'inside channel'")) == []


@pytest.mark.rule("R-LST-22", "R-LST-23", "PB-10")
def test_uniqueness_disease_nemeses_and_review_coaching_R_LST_22():
    claims = ["全网找不到第二家这么厚的。", "全国就我们家能做这种釉色。"]
    assert flagged(claims, "陶瓷茶杯") == claims
    assert flagged(["同价位里很少见这么厚的。"], "陶瓷茶杯") == []
    assert flagged(claims[1:], "陶瓷茶杯", without_message("uniqueness claimed")) == []
    efficacy = ["脱发克星，洗一周见效。", "喝了能提高孩子智力。", "肿瘤都怕这种温度。"]
    assert flagged(efficacy, "草本洗发水") == efficacy
    assert flagged(["去屑洗发水，成分表见背面。"], "草本洗发水") == []
    assert flagged(efficacy[:2], "草本洗发水", without_message("an ordinary product called a disease")) == []
    coached = ["晒图前私我，教你这样写能多领一张券。"]
    assert flagged(coached, "面霜") == coached
    assert flagged(coached, "面霜", without_message("told how to write a review")) == []


@pytest.mark.rule("R-LST-08", "PB-13")
def test_accounts_e_cigarettes_and_protected_tortoises_are_prohibited_goods_R_LST_08():
    goods = [("QQ号出售 十年靓号", "等级高，可改密。"), ("实名老号 抖音", "粉丝两千，可换绑。"),
             ("电子雾化棒 薄荷味", "顺滑不呛。"), ("辐射龟 成体", "壳色亮。")]
    assert [t for t, d in goods if said(d, title=t)] == [t for t, _ in goods]
    assert said("账号注册教程，手把手教你保护隐私。", title="网络安全入门 书") == set()
    no_terms = edited(lambda body: [g["terms"].remove(w) for g in body["groups"]
                                    for w in ("qq号出售", "实名老号", "雾化棒", "辐射龟") if w in g["terms"]])
    assert [t for t, d in goods[1::2] if said(d, title=t, lexicon=no_terms)] == []  # the others: older terms too
