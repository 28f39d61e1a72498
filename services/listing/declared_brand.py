"""A registered brand named as the genuine article where the listing's own declared brand is none or an imitation
(pure; R-LST-11, R-LST-15, PB-05, PB-24; Trademark Law art. 57, 产品质量法 art. 5). Round 19: the seller declares
`attributes.brand` as "无品牌", "白牌" or "仿…款式" and the title or description names a registered mark with a word of
genuineness ("卡地亚 … 正品", "原装"): the goods are an imitation sold as the brand's, whatever the title's words.

A mark named for compatibility or as a style ("适用于…", "仿…款式", "…同款") sells nothing as that brand; a listing that
declares a real brand is judged by brands.py (authorised sellers), not here."""

import re

from .findings import Finding
from .matching.normalise import fold_chars

RULES = ("R-LST-11", "R-LST-15", "PB-05", "PB-24")
FIELDS = ("title", "description")
NO_BRAND = re.compile(r"无品牌|没有品牌|无牌|白牌|杂牌|仿|复刻|非正品|非原装|副厂|贴牌")
GENUINE = re.compile(r"正品|真品|原装|原厂|专柜|官方|保真|正版|真货")
# Said just before the mark: the mark names a fit or a style, not the goods' maker.
NAMED_FOR = re.compile(r"(适用|适配|兼容|配|用于|for|仿|类似|像|非)[\s\u4e00-\u9fff]{0,2}$")
STYLE_AFTER = re.compile(r"^[\s\w]{0,6}?(同款|款式|风格|平替)")


def _at(text: str, name: str) -> int:
    if name.isascii():
        m = re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", text)
        return m.start() if m else -1
    return text.find(name)


def findings(listing: dict, lexicon) -> list[Finding]:
    declared = fold_chars(str((listing.get("attributes") or {}).get("brand") or "")).lower()
    texts = {f: fold_chars(listing.get(f) or "").lower() for f in FIELDS}
    if not NO_BRAND.search(declared) or not GENUINE.search(" ".join(texts.values())):
        return []
    for field, text in texts.items():
        for name, brand in lexicon.brand_of.items():
            at = _at(text, name) if len(name) >= 2 else -1
            if at < 0 or NAMED_FOR.search(text[max(0, at - 4):at]) or STYLE_AFTER.match(text[at + len(name):]):
                continue
            said = (listing.get(field) or "")[at:at + len(name)]
            return [Finding(RULES, "counterfeit", field, at, at + len(name), said,
                            f"'{said}': the registered mark {brand} named as genuine while the declared brand is "
                            f"'{declared[:30]}': an imitation sold as the brand's (R-LST-11)", review=True,
                            category="sold-as-new-or-genuine")]
    return []
