"""Round 16: a reference price defined by the lowest or highest price over a stated period ("划线价为前30日最低成交价",
"近7天最低售价") states how the struck-through price was set — the disclosure 明码标价和禁止价格欺诈规定 art. 13 and
the platform's 划线价 rules ask for — not that the goods are the cheapest (SAMR 2023 guideline: a fact limited in time
is no absolute claim)."""

import re

from .matching import Match

PERIOD = re.compile(r"(前|近|过去|最近)\s*[0-9一二三四五六七八九十]+\s*(日|天|周|个月)|[0-9]+\s*(日|天)内|[0-9]{4}\s*年\s*[0-9]{1,2}\s*月")
PRICE_NOUN = re.compile(r"^[\s的]{0,2}(成交价|售价|销售价|价格|交易价|到手价)")
WIDER = re.compile(r"全网|全国|全球|全平台|同行|市面|行业|同类|全城")  # a scope beyond the seller's own sales
CLAUSE_END = re.compile(r"[，,。;；\n|!！?？]")


def is_period_price(text: str, m: Match) -> bool:
    """"最低"/"最高" followed by a price noun, with a stated period and no wider scope before it in its clause."""
    if m.text not in ("最低", "最高") or not PRICE_NOUN.match(text[m.end:m.end + 6]):
        return False
    clause_start = max((c.end() for c in CLAUSE_END.finditer(text, 0, m.start)), default=0)
    before = text[clause_start:m.start]
    return bool(PERIOD.search(before)) and not WIDER.search(before)


# Round 18: a reference price followed by its basis — the period in which it was the price actually charged
# ("原价59是我们上个月一直卖的价", "划线价129是品牌官网2026年10月的售价") — is the disclosure 明码标价和禁止价格欺诈规定
# art. 13 asks for, not a reference price without basis. Round 20: so does a basis in brackets after the figure
# ("原价89元（2026年9月本店售价）").
BASIS = re.compile(r"[^。!！?？\n]{0,6}?(是|为|系|即|指|[（(])[^。!！?？\n]{0,20}?(\d{4}\s*年|\d{1,2}\s*月|上个?月|上周|近\s*\d+\s*[天日]|"
                   r"前\s*\d+\s*[天日]|过去\s*\d+|此前一直|之前一直|一直)[^。!！?？\n]{0,14}?(卖的|售价|成交价|销售价|实际价|价格|价)")


def basis_stated(texts: dict[str, str], finding) -> bool:
    """A reference-price finding whose sentence goes on to state when that price was charged — there, or where the
    listing names the same figure again (a title's "原价 59", its basis in the description)."""
    if finding.category != "reference-price":
        return False
    if BASIS.match(texts.get(finding.field) or "", finding.end):
        return True
    figure = re.search(r"\d{2,}", finding.text)
    return bool(figure) and any(BASIS.match(text, m.end()) for text in texts.values()
                                for m in re.finditer(rf"(?<!\d){figure.group(0)}(?!\d)(\.\d+)?\s*(元|块)?", text))
