"""Results guaranteed by their shape (services/listing/guarantees.py, RULES.md R-LST-20, R-LST-23, PB-03): a promise
word and an outcome the goods cannot warrant in its clause — a bad thing that will never happen, a figure of
improvement, a result for life, everything removed. Texts of our own, written from the rules (Advertising Law art. 28),
never taken from a corpus. The check reads no lexicon, so these tests fail when it is removed."""

import pytest

from services.listing import rules
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import product

PROMISED = ["穿上保证不闷脚, 夏天也清爽。", "这款雨衣保证暴雨天绝不渗水。", "喂一个月保证体重增加2斤。", "贴上保证油耗降低15%。",
            "装好以后终身不用再换滤芯。", "喷一次能杀灭所有霉菌。", "承诺孩子视力提高0.2度。"]
SERVICE_OR_HEDGED = ["保证24小时内发货, 顺丰直达。", "正品保证, 支持专柜验货。", "保证节前送达, 延误可赔付运费。",
                     "退货请保证不影响二次销售。", "效果因人而异, 不能保证永久有效。", "店铺已缴纳消费者保障保证金。",
                     "保证书模板 50页。", "不能去除所有杂质, 请定期更换滤芯。", "终身免费清洗, 凭订单号。"]


def guarantee_findings(description: str) -> list:
    listing = product(title="家用 日用品", description=description)
    return [f for f in rules.review(listing, LEXICON, {}) if f.kind == "guarantee_claim"]


@pytest.mark.rule("R-LST-23", "R-LST-20", "PB-03")
def test_a_promised_outcome_is_a_guarantee_whatever_its_words_R_LST_23():
    found = {t: guarantee_findings(t) for t in PROMISED}
    assert [t for t, fs in found.items() if len(fs) != 1] == []
    assert all(f.rule_ids == ("R-LST-20", "R-LST-23", "PB-03") and f.category == "guaranteed-results"
               and f.text == t[f.start:f.end] for t, fs in found.items() for f in fs)
    assert found[PROMISED[0]][0].text == "保证不闷脚"


def test_a_promise_of_the_service_a_hedge_an_instruction_or_a_name_guarantees_nothing():
    assert [t for t in SERVICE_OR_HEDGED if guarantee_findings(t)] == []


# Round 13 (our own texts): a total outcome with no promise word — the effect put at 100%, or a problem of the body or
# the air made to vanish at once or entirely; a points balance "清零", a hedge or a negation claims nothing.
TOTAL = ["这款精华效果百分百, 谁用谁知道。", "祛痘膏百分百有效。", "放一盒活性炭, 新车异味当天清零。", "抹三天妆前乳, 痘印彻底消失。",
         "塑形霜用完赘肉一扫而光。"]
NOT_TOTAL = ["会员积分每年底清零。", "黑眼圈不会马上消失, 需坚持使用4周。", "计数器一键清零, 方便重复计数。",
             "除甲醛效果因人而异, 请保持通风。", "纯度百分百的棉花被芯。"]


@pytest.mark.rule("R-LST-23", "R-LST-20", "PB-03")
def test_a_total_outcome_needs_no_promise_word_to_guarantee_a_result_R_LST_23():
    found = {t: guarantee_findings(t) for t in TOTAL}
    assert [t for t, fs in found.items() if not fs] == []
    assert all(f.rule_ids == ("R-LST-20", "R-LST-23", "PB-03") and f.text == t[f.start:f.end]
               for t, fs in found.items() for f in fs)
    assert [t for t in NOT_TOTAL if guarantee_findings(t)] == []
