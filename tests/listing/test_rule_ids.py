"""Each rule the content review declares is cited by ID: a listing written to violate it carries the rule's ID in
its findings, and a near-miss written to respect it does not. Kinds are tested elsewhere (test_review,
test_mechanisms); these tests pin the IDs a decision cites, so `make rules-verify` proves each rule separately."""

import pytest

from services.listing import rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.usecases import JEWEL_ATTRIBUTES, jewel, product

LEXICON = rules.CompiledLexicon(DEFAULT)
# the registry of accredited labs the certificate cases are checked against
CERTIFICATES = {"NGTC-OK": {"status": "valid", "material": "翡翠", "weight_g": "52.30"},
                "NGTC-REVOKED": {"status": "revoked", "material": "翡翠", "weight_g": "52.30"},
                "NGTC-HEAVY": {"status": "valid", "material": "翡翠", "weight_g": "60.00"},
                "NGTC-JADE": {"status": "valid", "material": "和田玉", "weight_g": "52.30"},
                "NGTC-LAB": {"status": "valid", "material": "翡翠", "weight_g": "52.30", "treatment": "无",
                             "lab_name": "国家珠宝玉石质量监督检验中心"},
                "NGTC-FILLED": {"status": "valid", "material": "翡翠", "weight_g": "52.30", "treatment": "充胶"}}
NGTC = "国家珠宝玉石质量监督检验中心"
GROUP_BUY = {"group_buy": True, "inventory": 200, "shipping_time": "48小时内发货", "logistics": "顺丰, 全国包邮",
             "service_terms": "7天无理由退货, 成团失败全额退款"}
AD_POST = {"kind": "community_post", "category": "post", "title": "今天推荐一款好用的保温杯",
           "description": "群友专享价59元", "promotional": True}


def attrs(**changes) -> dict:
    return {**JEWEL_ATTRIBUTES, **changes}


def cited(listing: dict) -> set[str]:
    return {rule_id for finding in rules.review(listing, LEXICON, CERTIFICATES) for rule_id in finding.rule_ids}


# rule -> (listings that violate it, listings that come close and respect it)
CASES = {
    "R-LST-03": ([product(source="")], [product(source="自营工厂, 广东佛山")]),
    "R-LST-19": ([product(description=""), product(description="进店不买不能走")],
                 [product(description="纯棉衬衫, 试穿不合适可以不买")]),
    "PB-09": ([product(description="进店不买不能走"), product(title="直播间强制消费套餐")],
              [product(description="喜欢再买, 不强求")]),
    "R-LST-17": ([product(price=None), product(promotion={"description": "限时八折"})],
                 [product(promotion={"description": "限时八折", "ends_at": "2026-12-01T00:00:00+08:00",
                                     "conditions": "每人限购一件"})]),
    "R-LST-18": ([product(shipping_fee=None), product(price=None)], [product(shipping_fee=0)]),
    "R-LST-07": ([jewel(attributes={k: v for k, v in JEWEL_ATTRIBUTES.items() if k != "warranty_period"}),
                  jewel(title="冰种手镯 56圈口")], [jewel()]),
    "PB-02": ([jewel(attributes={k: v for k, v in JEWEL_ATTRIBUTES.items() if k != "treatment"})],
              [jewel(attributes={k: v for k, v in attrs(contains_gems=False).items() if k != "treatment"})]),
    "R-LST-04": ([jewel(certificates=["FAKE-999"])], [jewel(certificates=["NGTC-OK"])]),
    "R-LST-05": ([jewel(certificates=["FAKE-999"]), jewel(certificates=["NGTC-REVOKED"]),
                  jewel(certificates=["NGTC-HEAVY"]), jewel(certificates=["NGTC-JADE"])],
                 [jewel(certificates=["NGTC-OK"])]),
    "PB-22": ([jewel(certificates=["NGTC-REVOKED"]), jewel(certificates=["NGTC-HEAVY"])],
              [jewel(certificates=["NGTC-OK"])]),
    # forged (no lab registered it), revoked, or altered: lab, material, weight or treatment not what the lab registered
    "PB-23": ([jewel(certificates=["FAKE-999"]), jewel(certificates=["NGTC-REVOKED"]),
               jewel(certificates=["NGTC-HEAVY"]), jewel(certificates=["NGTC-JADE"]),
               jewel(certificates=["NGTC-LAB"], attributes=attrs(certificate_lab="深圳某某珠宝检测站")),
               jewel(certificates=["NGTC-FILLED"], attributes=attrs(treatment="无"))],
              [jewel(certificates=["NGTC-OK"]), jewel(certificates=["NGTC-LAB"], attributes=attrs(certificate_lab=NGTC)),
               jewel(certificates=["NGTC-LAB"], attributes=attrs(treatment="天然, 未经处理")),
               jewel(title="翡翠手镯 B货 已充胶处理", certificates=["NGTC-FILLED"],
                     attributes=attrs(treatment="B货(充胶)", material_fineness="翡翠"))]),
    "PB-18": ([product(description="买家张三 身份证11010519491231002X 已下单"), product(description="卡号4111111111111111"),
               product(**{**AD_POST, "promotional": False, "description": "楼主电话13812345678 大家打他"})],
              [product(description="订单号 11010519491231002X 已发货"), product(description="客服13812345678"),
               product(description="价格13800元 重量52.3g"), product(description="卡号4111111111111112")]),
    "PB-19": ([product(**{**AD_POST, "title": "【广告】平台公告: 本周会员免单"}), product(title="【平台官方通知】清仓"),
               product(description="现以平台名义宣布: 全场包邮")],
              [product(description="店铺公告: 春节期间暂停发货"), product(description="本店通知: 周日休息"),
               product(title="官方旗舰店 正品保障")]),
    "R-LST-14": ([product(attributes=GROUP_BUY | {"inventory": 0}), product(attributes=GROUP_BUY | {"logistics": ""}),
                  product(attributes=GROUP_BUY | {"reference_price": "399.00"})],
                 [product(attributes=GROUP_BUY), product(attributes={"reference_price": "399.00"}),
                  product(attributes=GROUP_BUY | {"reference_price": "399.00",
                                                  "reference_price_basis": "2026-10 本店成交价 399元"})]),
    "R-LST-20": ([product(description="全网最好的衬衫"), product(description="佩戴可以治疗失眠")],
                 [product(description="清洗第一步: 用清水冲洗")]),
    "R-LST-22": ([product(description="全网最好的衬衫"), product(title="世界级品质标准")],
                 [product(description="最近上新的款式")]),
    "PB-03": ([product(description="全网最好的衬衫"), product(description="全国销量第一")],
              [product(description="第一次购买立减5元")]),
    "PB-28": ([product(title="国宴特供茶叶")], [product(title="高山绿茶 明前采摘")]),
    "R-LST-23": ([product(description="全国销量第一"), product(description="佩戴可以治疗失眠"),
                  product(description="好评返现5元")],
                 [product(description="全国销量第一", proofs=["report://sales-2026-q3"])]),
    "PB-10": ([product(description="好评返现5元"), product(description="专业刷单 提升销量")],
              [product(description="欢迎收货后如实评价")]),
    "PB-06": ([jewel(title="天然翡翠手镯", attributes=attrs(treatment="B货(充胶)", material_fineness="翡翠"))],
              [jewel(title="翡翠手镯 B货 已充胶处理", attributes=attrs(treatment="B货(充胶)", material_fineness="翡翠"))]),
    "R-LST-06": ([jewel(title="足金项链 18K镀金", attributes=attrs(material_fineness="铜镀金"))],
                 [product(title="18K镀金合金耳环", category="fashion_accessory")]),
    "PB-05": ([jewel(title="足金项链 18K镀金", attributes=attrs(material_fineness="铜镀金")),
               product(title="高仿名牌包包 一比一")],
              [jewel(title="足金手链 999", attributes=attrs(material_fineness="足金999", contains_gems=False))]),
    "R-LST-11": ([product(title="高仿名牌包包 一比一"), product(title="康帅傅方便面 整箱")],
                 [product(title="手工皮包 头层牛皮")]),
    "R-LST-15": ([product(title="高仿名牌包包 一比一"), product(title="NIKF 运动鞋")],
                 [product(title="透气运动鞋 男款")]),
    "PB-24": ([product(title="高仿名牌包包 一比一"), product(title="运动鞋", attributes={"brand": "Nike"})],
              [product(title="运动鞋", attributes={"brand": "自有品牌"})]),
    "PB-07": ([product(title="康帅傅方便面 整箱"), product(title="NIKF 运动鞋"),
               product(title="运动鞋", attributes={"brand": "Nike"})],
              [product(title="红烧牛肉方便面 整箱")]),
    "R-LST-08": ([product(description="出售仿真枪 可发射钢珠"), product(title="象牙雕刻摆件")],
                 [product(title="木雕摆件 手工")]),
    "PB-13": ([product(description="出售仿真枪 可发射钢珠"), product(title="象牙雕刻摆件")],
              [product(description="儿童玩具水枪 夏季戏水")]),
    "R-LST-36": ([product(title="象牙雕刻摆件"), product(description="出售仿真枪 可发射钢珠")],
                 [product(title="树脂仿象牙色摆件")]),
    "R-LST-12": ([product(description="加微信下单更便宜")], [product(description="下单后48小时内发货")]),
    "PB-26": ([product(description="加微信下单更便宜")], [product(description="有问题请联系平台客服")]),
    "R-LST-21": ([product(**AD_POST)], [product(**{**AD_POST, "title": "【广告】今天推荐一款好用的保温杯"})]),
    "PB-25": ([product(**AD_POST)], [product(**{**AD_POST, "description": "广告: 群友专享价59元"})]),
}


@pytest.mark.parametrize("rule_id", [pytest.param(rule_id, marks=pytest.mark.rule(rule_id)) for rule_id in CASES])
def test_the_review_cites_the_rule_a_listing_violates_and_not_the_one_it_respects(rule_id):
    violating, respecting = CASES[rule_id]
    for listing in violating:
        assert rule_id in cited(listing), listing
    for listing in respecting:
        assert rule_id not in cited(listing), listing


def test_every_rule_the_review_declares_has_its_cases():
    assert set(CASES) >= set(rules.ENFORCED) - {"R-LST-27", "R-LST-28"}  # the rooms' rules: test_reports_and_rooms


@pytest.mark.rule("R-LST-01")
def test_a_listing_is_published_only_when_the_review_found_nothing_R_LST_01():
    assert rules.decision(rules.review(product(description="纯棉衬衫, 透气舒适"), LEXICON, {})) == \
        ("published", ["R-LST-01"])
    status, fired = rules.decision(rules.review(product(description="全网最好的衬衫"), LEXICON, {}))
    assert status == "rejected" and "R-LST-20" in fired


@pytest.mark.rule("R-LST-02")
def test_a_finding_a_human_decides_holds_the_listing_for_a_reviewer_R_LST_02():
    held = rules.Finding(("R-LST-23",), "unproven_claim", "description", 0, 4, "全国第一", "needs proof", review=True)
    assert rules.decision([held]) == ("in_review", ["R-LST-01", "R-LST-02", "R-LST-23"])
