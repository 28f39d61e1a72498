"""Round 20 classes of error (from heldout20's misses and false alarms, now a development split, fixed as classes,
never as their strings). Every text here is our own, written from the rules (RULES.md R-LST-11, R-LST-17, R-LST-20,
R-LST-21, R-LST-23, PB-05, PB-25; GB 11887, GB/T 16552; 明码标价和禁止价格欺诈规定 art. 13); none is a heldout case.

- a fineness declared metal first ("银925") and palladium declared are read against the text (declared_material.py);
- a copy sold as a genuine edition, an 原装 part from a maker declared as not authorised, and a Chinese indication on
  goods declared only from China (declared_attributes.py);
- a reference price with its basis in brackets after the figure (reference_price.BASIS);
- a declared brand of several parts names the goods by each part (content.NAME_SPLIT);
- a community post taking paid business to the poster is trade, a price the poster paid asked about is not
  (community.STEERED, community.REPORTED)."""

import pytest

from services.listing import declared_material, rules
from services.listing.content import PRECIOUS
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import JEWEL_ATTRIBUTES, product


def material_claims(title: str, material: str) -> list[str]:
    listing = product(title=title, category="jewelry", description="日常佩戴",
                      attributes={**JEWEL_ATTRIBUTES, "material_fineness": material})
    return [f.text for f in declared_material.findings(listing, PRECIOUS)]


@pytest.mark.rule("PB-05", "R-LST-23")
def test_a_fineness_declared_metal_first_and_palladium_declared_are_read_against_the_text_PB_05():
    # GB 11887: silver 925 may be written 银925 or Ag925; palladium (Pd950) is a metal of its own, not platinum
    assert material_claims("S999 足银 转运珠", "银925") == ["S999"]
    assert material_claims("足银 耳钉 简约", "Ag925") == ["足银"]
    assert material_claims("铂金 素圈 男戒", "钯金 Pd950") == ["铂金"]
    assert material_claims("925银 耳钉 简约", "银925") == []
    assert material_claims("钯金 素圈 男戒", "钯金 Pd950") == []
    assert material_claims("Pt950 素圈 男戒", "铂金 Pt950") == []


def categories(title: str, description: str, **attributes) -> set[str]:
    listing = product(title=title, description=description, attributes=attributes)
    return {f.category for f in rules.review(listing, LEXICON, {})}


@pytest.mark.rule("PB-05", "R-LST-11")
def test_a_copy_sold_as_a_genuine_edition_is_the_lesser_passed_off_PB_05():
    # 著作权法 art. 53: a photocopied or pirated print is not the 正版 the text names
    assert "declared-attribute" in categories("正版 四级词汇 2027", "正版教材，字迹清楚。", print="黑白影印")
    assert "declared-attribute" not in categories("正版 四级词汇 2027", "正版教材。", print="出版社原版印刷")
    assert "declared-attribute" not in categories("四级词汇 复印本", "非正版，复印装订，介意勿拍。", print="复印装订")


@pytest.mark.rule("PB-05", "R-LST-11", "R-LST-15")
def test_an_original_part_from_a_maker_declared_as_not_authorised_is_passed_off_PB_05():
    assert "declared-attribute" in categories("华为原装 充电头 66W", "快充不发烫。",
                                              manufacturer="东莞某电源厂（未经授权）")
    assert "declared-attribute" not in categories("华为原装 充电头 66W", "快充不发烫。",
                                                  manufacturer="华为终端有限公司")


@pytest.mark.rule("PB-05", "R-LST-11")
def test_a_chinese_indication_on_goods_declared_only_from_china_is_not_contradicted_PB_05():
    # 地理标志产品保护办法 art. 20: a declared region outside the area contradicts; the bare country does not
    def indication(origin: str, title: str = "新会陈皮 十年 250g") -> bool:
        return "geographical-indication" in categories(title, "泡水煮粥都可以。", origin=origin)
    assert not indication("中国")
    assert indication("广西梧州")
    assert indication("中国", title="缅甸翡翠 平安扣")


@pytest.mark.rule("R-LST-17")
def test_a_reference_price_with_its_basis_in_brackets_is_disclosed_R_LST_17():
    def reference(description: str) -> bool:
        listing = product(title="秋季 卫衣 清仓", description=description)
        return any(f.category == "reference-price" for f in rules.review(listing, LEXICON, {}))
    assert not reference("清仓价69元，原价129元（2026年8月本店售价）。")
    assert reference("清仓价69元，原价129元（限时）。")


@pytest.mark.rule("R-LST-22", "R-LST-20")
def test_a_declared_brand_of_several_parts_names_the_goods_by_each_part_R_LST_22():
    # SAMR 2023 guideline: a registered mark containing the term names the goods
    def absolute(title: str, brand: str) -> bool:
        listing = product(title=title, description="正规进口。", attributes={"brand": brand})
        return any(f.category == "absolute" for f in rules.review(listing, LEXICON, {}))
    assert not absolute("第一坊 牛肉面 家庭装", "第一坊 DIYIFANG")
    assert absolute("牛肉面 全国第一 家庭装", "第一坊 DIYIFANG")


def needs_label(title: str, description: str) -> bool:
    post = {"kind": "community_post", "category": "community", "title": title, "description": description}
    return any(f.kind == "ad_label" for f in rules.review(post, LEXICON, {}))


@pytest.mark.rule("R-LST-21", "PB-25")
def test_a_paid_service_taken_to_the_poster_is_trade_a_price_paid_and_asked_about_is_not_R_LST_21():
    assert needs_label("小区 搬家 的邻居 看过来", "搬家找我，同小区打折，周末也接。")
    assert not needs_label("搬家 公司 哪家好", "上个月搬家花了900元，感觉有点贵，大家有推荐的吗？")
    assert not needs_label("有没有 靠谱的 搬家", "想找个搬家师傅，谁有推荐？")
