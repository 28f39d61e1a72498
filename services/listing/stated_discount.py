"""Round 21: a price changed at the seller's hand to give a discount the listing states with its amount and who
qualifies ("老客复购立减50元，凭订单号联系客服改价") applies a stated term — the price shown holds for everyone else, and
the reduction is on the page (明码标价和禁止价格欺诈规定 art. 6, 19 ask the price and its terms to be stated, not that
every discount be taken at checkout). A change of price with no amount stated in its sentence ("拍前联系客服改价") still
leaves the price open (price_rules.NOT_FIRM)."""

import re

CHANGED = re.compile(r"(改价|修改价格|调价|改价格)$")
AMOUNT = re.compile(r"(立减|直减|减|优惠|便宜|返|让利|少收|抵扣?|补差)\s*\d+(\.\d+)?\s*(元|块)|\d+(\.\d+)?\s*折|[一二三四五六七八九]\s*折")
SENTENCE_END = "。!！?？;；\n"


def applies(text: str, start: int, end: int) -> bool:
    """Is the change of price at [start, end) the application of a discount its sentence states with its amount?"""
    if not CHANGED.search(text[start:end]):
        return False
    first = max(text.rfind(c, 0, start) for c in SENTENCE_END) + 1
    stops = [at for at in (text.find(c, end) for c in SENTENCE_END) if at >= 0]
    return bool(AMOUNT.search(text, first, min(stops) if stops else len(text)))
