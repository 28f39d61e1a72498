"""What a listing tells the buyer about its goods (issue 27): the condition and defects its merchant declares
(PB-01), the consumer warnings its declared hazards need (R-LST-34), and a price in line with similar products by
the policy's ratio (R-LST-16) — through the use cases, with the words and standards of services/listing/conduct.json
and the ratio of policy.json."""

from decimal import Decimal

import pytest

from tests.listing.usecases import Listings, product
from tianping.lib.errors import ValidationFailed


@pytest.fixture
def desk(replica_for, frozen_clock):
    return Listings(replica_for("listing"))


def kinds(review: dict) -> list[tuple[str, str, list[str]]]:
    return [(f["kind"], f["field"], f["rule_ids"]) for f in review["findings"]]


def attrs(**attributes) -> dict:
    return {"attributes": attributes}


@pytest.mark.rule("PB-01")
def test_declared_condition_and_defects_must_be_told_to_the_buyer_PB_01(desk):
    hidden = desk.submit(product(title="iPhone 13 128G 全新", description="电池健康良好, 功能正常", category="electronics",
                                 **attrs(condition="used")))
    assert hidden["status"] == "rejected"
    assert [(k, f) for k, f, _ in kinds(hidden)] == [("hidden_defect", "description"), ("hidden_defect", "title")]
    assert {r for _, _, ids in kinds(hidden) for r in ids} == {"PB-01"}
    told = desk.submit(product(title="iPhone 13 128G 二手 九成新", description="电池健康88%, 功能正常",
                               category="electronics", **attrs(condition="used")))
    assert told["status"] == "published" and told["findings"] == []
    defects = attrs(condition="flawed", defects="左袖口有一处抽丝")
    untold = desk.submit(product(title="纯棉衬衫 白色 瑕疵处理品", description="100%棉, 机洗30度", **defects))
    assert untold["status"] == "rejected" and kinds(untold) == [("hidden_defect", "description", ["PB-01"])]
    shown = desk.submit(product(title="纯棉衬衫 白色 瑕疵处理品", description="左袖口有一处抽丝, 不影响穿着", **defects))
    assert shown["status"] == "published"
    assert desk.submit(product())["status"] == "published"  # nothing declared: new goods, nothing to tell


@pytest.mark.rule("PB-01")
def test_a_condition_declared_by_its_chinese_label_is_read_as_that_condition_PB_01(desk):
    """Merchants write the condition as they say it (二手, 九成新, 第三方翻新, 展示机, 拆封退货, 瑕疵品, 全新): each is read
    as its condition, so what it obliges the listing to tell is checked, and only a value naming no condition is 400."""
    used = attrs(condition="九成新")
    assert desk.check(product(title="iPhone 13 128G", description="电池健康88%", category="electronics", **used)) \
        ["findings"][0]["kind"] == "hidden_defect"
    assert desk.check(product(title="iPhone 13 128G 二手", description="电池健康88%", category="electronics",
                              **used))["findings"] == []
    refurbished = attrs(condition="第三方翻新（非官方）")
    assert kinds(desk.check(product(title="iPad 9 64G 官翻", description="外观九五新", category="electronics",
                                    **refurbished)))[0] == ("hidden_defect", "description", ["PB-01"])
    assert desk.check(product(title="iPad 9 64G 第三方翻新", description="外观九五新", category="electronics",
                              **refurbished))["findings"] == []
    for label, told in (("展示机", "门店展示机"), ("拆封退货", "拆封退货, 配件齐全"), ("瑕疵品", "瑕疵品, 袖口抽丝")):
        assert desk.check(product(description=told, **attrs(condition=label)))["findings"] == [], label
        assert desk.check(product(**attrs(condition=label)))["findings"], label
    assert desk.check(product(**attrs(condition="全新")))["findings"] == []
    with pytest.raises(ValidationFailed) as bad:
        desk.check(product(**attrs(condition="还行吧")))
    assert list(bad.value.fields) == ["attributes.condition"]


@pytest.mark.rule("R-LST-34")
def test_a_declared_hazard_needs_its_consumer_warning_R_LST_34(desk):
    bricks = product(title="拼装积木 城堡 300粒", description="ABS材质, 适合拼搭", category="toys",
                     **attrs(hazards="small_parts"))
    missing = desk.submit(bricks)
    assert missing["status"] == "rejected"
    assert kinds(missing) == [("missing_warning", "attributes.warnings", ["R-LST-34"])]
    assert "GB 6675" in missing["findings"][0]["message"]
    warned = desk.submit({**bricks, "description": "ABS材质。警告: 含小零件, 不适合3岁以下儿童"})
    assert warned["status"] == "published"
    two = desk.check({**bricks, "attributes": {"hazards": "small_parts, lithium_battery",
                                                 "warnings": "含小零件, 不适合3岁以下儿童"}})
    assert [f["message"].split(" ")[1] for f in two["findings"]] == ["lithium_battery"]
    with pytest.raises(ValidationFailed) as bad:
        desk.submit({**bricks, "attributes": {"hazards": "sharp_edges"}})
    assert list(bad.value.fields) == ["attributes.hazards"]
    with pytest.raises(ValidationFailed) as bad:
        desk.check(product(**attrs(condition="like new")))
    assert list(bad.value.fields) == ["attributes.condition"]


@pytest.mark.rule("R-LST-16")
def test_a_price_far_above_similar_products_waits_for_a_reviewer_R_LST_16(desk):
    fairness = desk.ctx.policy["price_fairness"]
    ratio, peers = Decimal(fairness["ratio"]), int(fairness["min_peers"])
    for i, price in enumerate(["100.00", "95.00", "110.00", "105.00", "90.00", "300.00"][:peers]):
        assert desk.submit(product("m2", title=f"纯棉衬衫 款{i}", price=price))["status"] == "published"
    median = Decimal("100.00")
    at_limit = desk.submit(product(price=str(median * ratio)))
    assert at_limit["status"] == "published"  # exactly the ratio: in line
    above = desk.submit(product(price=str(median * ratio + Decimal("0.01"))))
    assert above["status"] == "in_review" and kinds(above) == [("price_out_of_line", "price", ["R-LST-16"])]
    assert above["findings"][0]["text"] == str(median * ratio + Decimal("0.01"))
    assert "R-LST-16" in above["trail"][0]["rule_ids"]
    elsewhere = desk.submit(product(price="1000.00", category="outerwear"))  # no similar products to compare with
    assert elsewhere["status"] == "published"
    assert desk.check(product(price="1000.00"))["status"] == "published"  # a draft check judges the text alone


def test_too_few_similar_products_compare_nothing(desk):
    peers = int(desk.ctx.policy["price_fairness"]["min_peers"])
    for i in range(peers - 1):
        desk.submit(product("m2", title=f"纯棉衬衫 款{i}", price="100.00"))
    assert desk.submit(product(price="1000.00"))["status"] == "published"
    desk.submit(product("m9", title="纯棉衬衫 款x", price="100.00"))
    assert desk.submit(product(price="1000.00"))["status"] == "in_review"
    # a merchant's own products are not its market: m2's peers are m9's and m1's, too few
    assert desk.submit(product("m2", title="纯棉衬衫 同店", price="1000.00"))["status"] == "published"
