"""Round 15 classes of error (from heldout15's misses and false alarms, now a development split, fixed as classes,
never as its strings). Every text here is our own, written from the rules (RULES.md R-LST-17/18/20/23, PB-03) and
Advertising Law art. 24(1), 25(1), 27(1), 28(2)(2); none is a heldout case.

- outcomes promised by their shape (guarantees.SHAPES, ACHIEVED): a result packaged by 包, made certain by 必, put at
  100% (💯 too), a yield or income promised as a figure, a measure of the buyer raised by a figure, a value that only
  rises, an achievement after a promise word; a blessing in quotes, a hedge or a negation promises nothing."""

import pytest

from services.listing import rules
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import product


def found(description: str, kind: str, title: str = "家用 日用品") -> list:
    listing = product(title=title, description=description)
    return [f for f in rules.review(listing, LEXICON, {}) if f.kind == kind]


SHAPED = ["钢琴入门课，零基础包学会。", "跟着练一个月包会游泳。", "相亲会员，半年包脱单。", "多肉叶插包成活。",
          "这款饵料用了必中大鱼。", "孩子英语成绩必提升。", "抽奖机会必中奖。", "种子百分百发芽。", "💯%学会蛙泳。",
          "购课后100%通过驾考。", "单产保证1500斤每亩。", "月入保底8000元。", "坚持一周，记忆力提高30%。",
          "宝宝身高增加5cm。", "黄花梨手串稳稳增值。", "这批老茶只会越来越值钱。", "确保考上重点高中。", "保证学会自由泳。"]
NOT_SHAPED = ["这个背包会更耐用。", "钱包会褪色吗？不会。", "会员包会籍管理服务。", "包会费的年度会员卡。", "未必有效，请遵医嘱。", "必胜客同款披萨烤盘。",
              "“逢考必中”书法挂画。", "祝你逢考必过的书签。", "100%不会发错货，请放心。", "保证有效期内可用。", "不敢说包会，但一定用心教。",
              "产量稳定，品质可靠。", "车身高增加了储物空间。", "百分百纯棉，亲肤透气。"]


@pytest.mark.rule("R-LST-20", "R-LST-23", "PB-03")
def test_an_outcome_promised_by_its_shape_is_guaranteed_R_LST_23():
    missed = [t for t in SHAPED if not found(t, "guarantee_claim")]
    assert missed == []
    assert all(f.text == t[f.start:f.end] and f.category == "guaranteed-results"
               for t in SHAPED for f in found(t, "guarantee_claim"))
    assert [t for t in NOT_SHAPED if found(t, "guarantee_claim")] == []


OPEN_FEES = ["上门安装88元，超出部分按实际收取。", "清运费视垃圾多少而定。", "旧家电拆卸费用到场协商。", "单车月租60元，另需押金。",
             "换锁一口价不含锁芯，锁芯另报价。", "跑腿20元起，超重部分另计。"]
LISTED_FEES = ["超出部分每公里2元。", "配件费按报价单，先报价后更换。", "另需押金200元，退租时退还。", "清运费按车计算，每车150元。", "押金：无需押金。"]


@pytest.mark.rule("R-LST-18")
def test_an_overage_a_fee_set_by_a_measure_or_on_site_and_a_part_priced_later_are_unlisted_R_LST_18():
    missed = [t for t in OPEN_FEES if {f.category for f in found(t, "price_claim")} != {"fee-unlisted"}]
    assert missed == []
    assert [t for t in LISTED_FEES if found(t, "price_claim")] == []


FLOATING = ["活鲜按当日行情结算，页面价仅作参考。", "时令水果随行就市。", "下单后客服告知实际价格。"]
FIRM_OR_BUYERS = ["会员按月扣费，可随时取消。", "价格公开，当日下单当日发。"]


@pytest.mark.rule("R-LST-17")
def test_a_price_set_by_the_market_or_told_after_the_order_is_not_firm_R_LST_17():
    missed = [t for t in FLOATING if {f.category for f in found(t, "price_claim")} != {"price-not-firm"}]
    assert missed == []
    assert [t for t in FIRM_OR_BUYERS if found(t, "price_claim")] == []


@pytest.mark.rule("R-LST-17")
def test_a_promotions_terms_referred_to_a_page_apart_are_unstated_R_LST_17():
    listing = product(title="羽绒服", description="满额有礼。", promotion={"description": "满额礼", "conditions": "详见活动公告"})
    assert [f.category for f in rules.review(listing, LEXICON, {}) if f.kind == "price_claim"] \
        == ["promotion-terms-unstated"]


def declared(title: str, description: str, **attributes) -> list:
    listing = product(title=title, description=description, attributes=attributes)
    return [f for f in rules.review(listing, LEXICON, {}) if f.category == "declared-attribute"]


PASSED_OFF = [("316不锈钢 汤锅", "加厚锅身", {"material": "锅身430不锈钢"}),
              ("野生灵芝切片", "深山采摘", {"cultivation": "段木人工种植"}),
              ("纯正芝麻油 500ml", "古法小磨", {"composition": "芝麻油、大豆油、香精"}),
              ("德国制造 菜刀", "锋利耐用", {"origin": "中国 广东阳江"}),
              ("原装配件 雨刮片", "静音无痕", {"grade": "兼容款"}),
              ("鹅绒枕 一对", "蓬松回弹", {"filling": "白鸭绒90%"}),
              ("真皮钱包 男款", "手感细腻", {"material": "PU合成革"})]
HONEST = [("316不锈钢 汤锅", "加厚锅身", {"material": "316不锈钢"}),
          ("非野生 人工种植灵芝", "段木栽培", {"cultivation": "段木人工种植"}),
          ("纯正芝麻油 500ml", "古法小磨", {"composition": "芝麻"}),
          ("德国制造 菜刀", "锋利耐用", {"origin": "德国 索林根"}),
          ("鹅绒混纺枕", "蓬松回弹", {"filling": "白鹅绒50% 白鸭绒50%"}),
          ("野生灵芝切片", "深山采摘", {"origin": "云南"}),
          ("意大利进口面料 西装", "国内工厂缝制", {"origin": "中国 浙江"})]


@pytest.mark.rule("PB-05", "R-LST-11")
def test_a_claim_its_own_declared_attributes_contradict_passes_off_the_lesser_PB_05():
    missed = [title for title, description, attributes in PASSED_OFF if not declared(title, description, **attributes)]
    assert missed == []
    assert all(f.text == t[f.start:f.end] for t, d, a in PASSED_OFF for f in declared(t, d, **a) if f.field == "title")
    assert [title for title, description, attributes in HONEST if declared(title, description, **attributes)] == []


# ---- readings: a denied link, a refusing evidence for the class model, community posts ----

@pytest.mark.rule("R-LST-23", "PB-10")
def test_a_review_reward_whose_link_is_denied_right_after_it_is_no_fake_data_PB_10():
    for text in ("写评价和领红包毫无关系，请如实写", "追评与返现不挂钩", "晒图好评跟任何奖励都没有关系"):
        assert not [f for f in found(text, "unproven_claim") if f.category == "fake-data"], text
    assert [f for f in found("好评返现5元，与平台无关", "unproven_claim") if f.category == "fake-data"]


@pytest.mark.rule("PB-10", "PB-08")
def test_the_class_model_is_not_heard_where_its_evidence_refuses_the_practice_PB_10():
    from services.listing import class_model
    model = class_model.loaded()
    refusing = product(title="手工皂", description="收货后如有疑问请找客服，小店不搞好评返现")
    assert model.score(refusing)["fakedata"] >= model.threshold["fakedata"]  # the model alone would call it
    assert class_model.findings(refusing, []) == []
    doing = product(title="手工皂", description="晒图带好评联系客服领红包")
    assert [f.category for f in class_model.findings(doing, [])] == ["model-fakedata"]


def post(title: str, description: str) -> list:
    listing = {"operator_id": "m1", "kind": "community_post", "category": "sports", "title": title,
               "description": description, "promotional": False}
    return [f for f in rules.review(listing, LEXICON, {}) if f.kind == "ad_label"]


@pytest.mark.rule("R-LST-21", "PB-25")
def test_a_shared_cost_is_no_sale_and_an_ad_named_in_a_noun_phrase_is_no_label_R_LST_21():
    assert post("周日骑行 组队", "补给费用均摊，每人20左右") == []
    assert post("周六篮球 约球", "场地费AA，每人30，缺一人") == []
    assert post("地铁广告上看到的空气炸锅", "399到手，链接 https://m.example.com/p/1") != []
    assert post("广告 空气炸锅团购", "399到手，链接 https://m.example.com/p/1") == []


@pytest.mark.rule("R-LST-17")
def test_a_reference_price_named_after_another_seller_or_channel_needs_its_basis_R_LST_17():
    for text in ("官网价1299，这里只要699", "4S店要480，我们168搞定", "外面卖88，本店39"):
        assert [f for f in found(text, "absolute_claim") if f.category == "reference-price"], text
    assert not [f for f in found("本店价199，包安装", "absolute_claim") if f.category == "reference-price"]
