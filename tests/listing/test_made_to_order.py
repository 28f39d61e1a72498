"""R-LST-09 / R-LST-10: a made-to-order listing states its specification, production time and a detailed
description, and tells the buyer whether and how the goods may deviate during production."""

import pytest

from services.listing import rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.usecases import Listings, product

LEXICON = rules.CompiledLexicon(DEFAULT)
DETAILED = "定制实木餐桌: 北美黑胡桃木, 桌面厚度4cm, 尺寸按下单时填写的长宽制作, 表面木蜡油处理, 出厂前质检。"
MADE = {"made_to_order": True, "specification": "黑胡桃木, 长120-200cm, 宽60-90cm", "production_time": "下单后25天内发货",
        "deviation_notice": "天然木纹与色差每件不同, 尺寸误差±2mm; 超出时先征得您同意再继续制作"}


@pytest.fixture
def desk(replica_for):
    return Listings(replica_for("listing"))


def cited(listing: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for finding in rules.review(listing, LEXICON, {}):
        for rule_id in finding.rule_ids:
            out.setdefault(rule_id, set()).add(finding.field)
    return out


@pytest.mark.rule("R-LST-09")
def test_made_to_order_goods_are_described_in_detail():
    bare = cited(product(title="定制实木餐桌", description="可定制", attributes={"made_to_order": True}))
    assert bare["R-LST-09"] == {"attributes.specification", "attributes.production_time", "description"}
    assert "R-LST-09" not in cited(product(title="定制实木餐桌", description=DETAILED, attributes=MADE))
    assert "R-LST-09" not in cited(product(description="可定制"))  # not made to order: not this rule's


@pytest.mark.rule("R-LST-10")
def test_made_to_order_goods_say_how_they_may_deviate(desk):
    silent = desk.submit(product(title="定制实木餐桌", description=DETAILED,
                                 attributes={k: v for k, v in MADE.items() if k != "deviation_notice"}))
    assert silent["status"] == "rejected"
    assert [f["field"] for f in silent["findings"] if "R-LST-10" in f["rule_ids"]] == ["attributes.deviation_notice"]
    assert desk.submit(product(title="定制实木餐桌", description=DETAILED, attributes=MADE))["status"] == "published"
