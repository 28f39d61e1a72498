"""R-LST-14: a group-buy publishes only with its inventory, shipping time, logistics and service terms, and a
reference price above its price states its basis."""

import pytest

from tests.listing.usecases import Listings, product

GROUP_BUY = {"group_buy": True, "inventory": 200, "shipping_time": "48小时内发货", "logistics": "顺丰, 全国包邮",
             "service_terms": "7天无理由退货, 成团失败全额退款"}


@pytest.fixture
def desk(replica_for):
    return Listings(replica_for("listing"))


@pytest.mark.rule("R-LST-14")
def test_a_group_buy_is_checked_before_it_publishes(desk):
    bare = desk.submit(product(title="纯棉衬衫 三人成团", attributes={"group_buy": True, "reference_price": "399.00"}))
    assert bare["status"] == "rejected"
    assert {f["field"] for f in bare["findings"] if "R-LST-14" in f["rule_ids"]} == {
        "attributes.inventory", "attributes.shipping_time", "attributes.logistics", "attributes.service_terms",
        "attributes.reference_price_basis"}
    complete = desk.submit(product(title="纯棉衬衫 三人成团", attributes={
        **GROUP_BUY, "reference_price": "399.00", "reference_price_basis": "2026年10月本店成交价"}))
    assert complete["status"] == "published"
