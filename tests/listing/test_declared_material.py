"""A precious listing's text claiming more than its declared material (services/listing/declared_material.py, RULES.md
PB-05, R-LST-23): a fineness above the declared one, a precious metal where a plated base metal is declared, a gem
or organic named as the goods where a substitute is declared. Our own texts, written from GB 11887 and GB/T 16552;
each innocent one names the declared material, a plating as plating, a denial or a disclosed imitation."""

import pytest

from services.listing import rules
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import JEWEL_ATTRIBUTES, jewel


def declared(title: str, description: str, material: str) -> list:
    attributes = {**JEWEL_ATTRIBUTES, "material_fineness": material}
    listing = jewel(title=title, description=description, attributes=attributes)
    return [f for f in rules.review(listing, LEXICON, {}) if f.category == "declared-material"]


CLAIMING_MORE = [("黄金 转运珠 手链", "千足金打造, 送礼有面子。", "Au750"),
                 ("素圈 戒指", "24K 纯金素圈, 简约百搭。", "Au585 (14K金)"),
                 ("锁骨链 女", "实心18K金, 不掉色。", "黄铜镀18K金"),
                 ("平安扣 吊坠", "羊脂白玉平安扣, 温润如脂。", "岫玉 (蛇纹石)"),
                 ("手串 108颗", "老蜜蜡手串, 盘玩包浆。", "压制树脂"),
                 ("手串 8mm", "南红手串, 柿子红。", "东陵石"),
                 ("吊坠 椭圆", "绿松石吊坠, 高瓷蓝。", "合成绿松石")]
AS_DECLARED = [("足金 手镯", "足金999, 附检测证书。", "足金999 (Au999)"),
               ("镀金 项链", "S925银 镀18K金, 非足金。", "银 S925, 表面镀18K金"),
               ("仿蜜蜡 手串", "仿蜜蜡 树脂材质, 价格亲民。", "树脂"),
               ("培育钻石 戒指", "实验室培育钻石 1克拉, 不是天然钻石。", "合成钻石; 18K金 Au750"),
               ("莫桑石 戒指", "能通过钻石测试笔是其材料特性, 非钻石。", "合成碳硅石"),
               ("和田玉 平安扣", "和田玉平安扣, 附证书。", "和田玉 (透闪石)")]


@pytest.mark.rule("PB-05", "R-LST-23")
def test_a_text_claiming_more_than_the_declared_material_is_imitation_as_real_PB_05():
    found = {case: declared(*case) for case in CLAIMING_MORE}
    assert [case for case, fs in found.items() if not fs] == []
    assert all(f.rule_ids == ("PB-05", "R-LST-23") and f.kind == "fake_as_real"
               and f.text == {"title": c[0], "description": c[1]}[f.field][f.start:f.end]
               for c, fs in found.items() for f in fs)
    assert [case for case in AS_DECLARED if declared(*case)] == []
