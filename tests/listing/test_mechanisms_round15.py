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
NOT_SHAPED = ["会员包会籍管理服务。", "包会费的年度会员卡。", "未必有效，请遵医嘱。", "必胜客同款披萨烤盘。",
              "“逢考必中”书法挂画。", "100%不会发错货，请放心。", "保证有效期内可用。", "不敢说包会，但一定用心教。",
              "产量稳定，品质可靠。", "车身高增加了储物空间。", "百分百纯棉，亲肤透气。"]


@pytest.mark.rule("R-LST-20", "R-LST-23", "PB-03")
def test_an_outcome_promised_by_its_shape_is_guaranteed_R_LST_23():
    missed = [t for t in SHAPED if not found(t, "guarantee_claim")]
    assert missed == []
    assert all(f.text == t[f.start:f.end] and f.category == "guaranteed-results"
               for t in SHAPED for f in found(t, "guarantee_claim"))
    assert [t for t in NOT_SHAPED if found(t, "guarantee_claim")] == []
