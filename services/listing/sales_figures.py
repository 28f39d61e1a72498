"""Sales figures claimed without their basis (pure; R-LST-23, PB-03; Advertising Law art. 11: data cited in an
advertisement is true and accurate and states its source). A sales figure in the tens of thousands or more ("月销百万台",
"已售10万+", "销量突破一亿") is a data claim: it needs a proof attached (`proofs`) or its source stated in its sentence
("平台统计", "平台数据", "订单记录"). A figure the platform counts and the text says so ("已售1,203件(平台统计)") and a
small figure are facts of the listing; "每售出一件捐10元" is no figure. The lexicon's sales-rank terms (销量第一,
月销过万 …) read ranks by name; this reads the figure.

Kind `unproven_claim`, category `sales-figure` (class_model.COVERED_BY counts it for the endorsement kind)."""

import re

from tianping.lib.enforcement import NO_FINDING, enforces

from .findings import Finding

RULE_IDS = ("R-LST-23", "PB-03")
FIELDS = ("title", "description")
FIGURE = re.compile(r"(月销|年销|日销|周销|累计销售|累计售出|已售|热销|卖出|售出|销量)\s*(已经?)?\s*(超过|超|过|破|突破|达到?|已达)?"
                    r"\s*([0-9][0-9,.]*\s*[wW万亿]|[0-9]{5,}|[一二三四五六七八九十两几百千]+\s*[万亿]|[百千]万)")
BASIS = re.compile(r"平台|统计|数据来自|来源|订单记录|后台可查|可查询|第三方|报告|审计")
SENTENCE_BREAK = re.compile(r"[。;；!！?？\n]")


def _sentence(text: str, start: int, end: int) -> str:
    first = max((m.end() for m in SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    stop = SENTENCE_BREAK.search(text, end)
    return text[first:stop.start() if stop else len(text)]


@enforces(*RULE_IDS, neutral=NO_FINDING)  # an unproven figure goes to a reviewer, who judges whether it is true
def findings(listing: dict) -> list[Finding]:
    if listing.get("proofs"):
        return []
    out = []
    for field in FIELDS:
        text = listing.get(field) or ""
        for m in FIGURE.finditer(text):
            if BASIS.search(_sentence(text, m.start(), m.end())):
                continue
            out.append(Finding(RULE_IDS, "unproven_claim", field, m.start(), m.end(), m.group(0),
                               f"'{m.group(0)}' is a sales figure: attach its proof or state its source",
                               category="sales-figure"))
    return out
