"""The structural price checks (services/listing/price_rules.py, RULES.md R-LST-17, R-LST-18): a special price or
promotion whose time limit or conditions the listing leaves unstated, a price the text says is not firm, and a fee
charged on top with no amount. Every text here is our own, written from the rules and 明码标价和禁止价格欺诈规定
(SAMR 2022), never taken from a corpus; each innocent text states what its claim needs. The checks read no lexicon,
so these tests fail when a check is removed whatever the lexicon holds."""

import pytest

from services.listing import rules
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import product


def price_findings(description: str, **extra) -> list:
    listing = product(title="家用 收纳盒", description=description, **extra)
    return [f for f in rules.review(listing, LEXICON, {}) if f.kind == "price_claim"]


def categories(description: str, **extra) -> set[str]:
    return {f.category for f in price_findings(description, **extra)}


TERMS_OPEN = ["周年庆直降200元, 抓紧下单。", "秒杀价 29.9 元, 抢到就是赚到。", "满减活动火热进行中。", "会员专享价更低哦。",
              "券后只要 19.9。", "特惠套装, 活动详情咨询客服。", "福利价回馈老客户。"]
TERMS_STATED = ["直降200元, 活动时间: 3月1日至3月7日。", "秒杀价29.9元, 12月20日20:00开始, 限量100件。",
                "满199减30, 每单限用一次。", "会员专享价89元, 非会员99元。", "券后19.9元 (店铺10元券, 满29可用)。",
                "本店不参加任何满减活动。", "瑕疵特价, 左侧有细小划痕, 介意勿拍。", "限时锁 收纳盒, 定时开启。"]


@pytest.mark.rule("R-LST-17")
def test_a_promotion_states_its_time_limit_or_conditions_R_LST_17():
    assert [t for t in TERMS_OPEN if categories(t) != {"promotion-terms-unstated"}] == []
    assert [t for t in TERMS_STATED if price_findings(t)] == []


@pytest.mark.rule("R-LST-17")
def test_the_promotion_fields_state_the_terms_and_a_time_limit_alone_is_enough_R_LST_17():
    assert price_findings("活动价59元。", promotion={"description": "活动价59元", "ends_at": "2027-01-31T23:59:00+08:00",
                                                    "conditions": ""}) == []
    assert price_findings("会员价更划算。", promotion={"description": "会员价", "conditions": "开通店铺会员即享"}) == []
    timed_only = product(promotion={"description": "现价149", "ends_at": "2027-01-31T23:59:00+08:00"})
    assert [f for f in rules.review(timed_only, LEXICON, {}) if f.field == "promotion"] == []
    assert [f.field for f in rules.review(product(promotion={"description": "现价149"}), LEXICON, {})] == ["promotion"]


@pytest.mark.rule("R-LST-17")
def test_a_price_the_text_says_is_not_firm_R_LST_17():
    loose = ["拍下后客服改价。", "价格随时涨, 早买早划算。", "大单价格面议。"]
    assert [t for t in loose if categories(t) != {"price-not-firm"}] == []
    firm = ["价格不会随时调整, 本月内有效。", "拍下即为最终价格。", "价格公开透明, 不议价。"]
    assert [t for t in firm if price_findings(t)] == []


@pytest.mark.rule("R-LST-18")
def test_a_fee_charged_on_top_states_its_amount_R_LST_18():
    hidden = ["大件商品上楼费另计。", "偏远地区需加收运费。", "定制刻字另收费。", "加急服务费按实际收取。", "尾款另付。"]
    found = {t: price_findings(t) for t in hidden}
    assert [t for t, fs in found.items() if {f.category for f in fs} != {"fee-unlisted"}] == []
    assert all(f.rule_ids == ("R-LST-18",) and f.text == t[f.start:f.end] for t, fs in found.items() for f in fs)
    listed = ["上楼费另计, 每层5元。", "偏远地区加收运费10元。", "刻字免费, 不另收费。", "赠送运费险, 退货免运费。",
              "加急费20元/单, 按需选择。", "结算时无需另付任何费用。"]
    assert [t for t in listed if price_findings(t)] == []


def test_a_community_post_and_a_quoted_name_claim_no_price_terms():
    post = product(kind="community_post", category="post", title="广告 | 团购", description="秒杀价29元", promotional=True)
    assert [f for f in rules.review(post, LEXICON, {}) if f.kind == "price_claim"] == []
    assert price_findings("桌游《秒杀》, 适合4人。") == []


# Round 13's classes (our own texts): a fee named by any word ending in 费, a fee paid apart from the checkout price,
# a threshold or an "up to" offer without its terms, and a statement in traditional script or full-width forms.
FEES_HIDDEN = ["化妆费、场地费另计。", "空调支架费另算。", "偏远地区需补运费。", "空调安装, 师傅上门收费。",
               "礼盒包装费3元, 拍下后补。", "運費另計, 詳詢客服。"]
FEES_LISTED = ["化妆费、场地费各100元另计。", "偏远地区需补运费8元。", "师傅上门收费30元/次。", "拍下后补发票。",
               "運費另計, 每件5元。", "免费安装, 消费满百包邮。"]


@pytest.mark.rule("R-LST-18")
def test_any_named_fee_and_a_fee_paid_apart_from_checkout_are_listed_R_LST_18():
    found = {t: price_findings(t) for t in FEES_HIDDEN}
    assert [t for t, fs in found.items() if {f.category for f in fs} != {"fee-unlisted"}] == []
    assert all(f.rule_ids == ("R-LST-18",) and f.text == t[f.start:f.end] for t, fs in found.items() for f in fs)
    assert [t for t in FEES_LISTED if price_findings(t)] == []


@pytest.mark.rule("R-LST-17")
def test_a_threshold_or_up_to_offer_and_traditional_script_state_terms_R_LST_17():
    open_terms = ["满额立减, 多买多省。", "以旧换新, 最高立减500元。", "满件优惠进行中。", "限時特價，活動隨時結束。"]
    found = {t: price_findings(t) for t in open_terms}
    assert [t for t, fs in found.items() if not fs or {f.rule_ids for f in fs} != {("R-LST-17",)}] == []
    assert all(f.text == t[f.start:f.end] for t, fs in found.items() for f in fs)
    stated = ["满额立减: 满300减50。", "最高立减500元 (满3000元可用)。", "多买多省: 满2件打9折。", "以旧换新, 旧机按质检估价回收。"]
    assert [t for t in stated if price_findings(t)] == []
