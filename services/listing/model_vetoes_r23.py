"""Round 23: readings in which the class model's second opinion (class_model.py) is answered by the listing itself
(pure). The model reads n-grams; two of its kinds fire on texts that state what the rule asks for:

- a price kind on a time-limited price whose end the listing declares (`promotion.ends_at`) and the text states
  ("限时特价99元，活动截至12月12日23:59"): R-LST-17's time limit is given, so the model's "限时" reads nothing;
- a community_ad kind on a neighbour's post that asks about a price paid or quoted ("师傅报价650，这个价格正常吗？",
  "鸡蛋涨到6.8一斤，大家觉得贵吗？") and that the content rule (community.ad_label) reads as offering nothing: a
  question about a price sells nothing (Advertising Law art. 2: an advertisement promotes the poster's goods)."""

import re

from . import community

END_STATED = re.compile(r"(截至|截止|结束于|到期|止于|至)\s*(\d{4}年)?\d{1,2}月\d{1,2}[日号]|(\d{1,2}月\d{1,2}[日号])\s*"
                        r"(\d{1,2}[:：]\d{2}\s*)?(截止|结束|止)")
PRICE_ASKED = re.compile(r"(价|贵|便宜|涨|降|多少钱|报价|收费)[^。!！?？\n]{0,16}(吗|么|嘛|不)?\s*[?？]|"
                         r"(正常|合理|贵|值|坑)(吗|么|不)[?？]?")


def vetoed(kind: str, listing: dict) -> bool:
    """Does the listing answer the model's reading of `kind` (see the module's docstring)?"""
    text = " ".join(str(listing.get(f) or "") for f in ("title", "description"))
    if kind == "price":
        return bool((listing.get("promotion") or {}).get("ends_at")) and bool(END_STATED.search(text))
    if kind == "community_ad" and listing.get("kind") == "product":
        return True  # round 24: a product listing is no community post; its price list sells in its own place
    if kind == "community_ad":
        return (listing.get("kind") == "community_post" and not listing.get("promotional")
                and bool(PRICE_ASKED.search(text)) and not community.ad_label(listing, {}))
    return False
