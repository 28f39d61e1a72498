"""Round 21: a fibre said pure ("100%纯羊绒", "纯棉", "全真丝") where the listing's own declared composition is a blend
in which that fibre is less than 95%, or names other fibres and not it (GB/T 29862 纺织品纤维含量的标识 §4: a fibre
content is labelled as it is; 纯/100% only for a single fibre, the standard's tolerance for a pure product's other
fibres being 5%; FZ/T 01053). The lesser passed off as the better (PB-05, R-LST-11, R-LST-23): kind `fake_as_real`,
category `declared-attribute`, to a reviewer. A claim disclosed or denied just before ("非纯羊绒") claims nothing."""

import re

from .findings import Finding
from .matching.normalise import fold_chars

PURE = re.compile(r"(纯|100\s*[%％]|百分百|百分之百|全)\s*(?P<own>山羊绒|羊绒|绵羊毛|羊毛|桑蚕丝|真丝|蚕丝|亚麻|棉|羊驼毛|牦牛绒|驼绒|马海毛)")
SAME = {"山羊绒": ("羊绒",), "羊绒": ("羊绒",), "绵羊毛": ("羊毛",), "羊毛": ("羊毛",), "桑蚕丝": ("蚕丝", "真丝"),
        "真丝": ("蚕丝", "真丝"), "蚕丝": ("蚕丝", "真丝"), "亚麻": ("亚麻",), "棉": ("棉",), "羊驼毛": ("羊驼",),
        "牦牛绒": ("牦牛",), "驼绒": ("驼绒",), "马海毛": ("马海毛",)}
FIBRES = re.compile(r"羊毛|羊绒|棉|涤纶|聚酯|锦纶|尼龙|腈纶|粘胶|氨纶|莫代尔|天丝|莱赛尔|醋酸|蚕丝|真丝|亚麻|苎麻|化纤|人造|丙纶")
SHARE = re.compile(r"([\u4e00-\u9fffa-z]+)\s*(\d+(?:\.\d+)?)\s*[%％]|(\d+(?:\.\d+)?)\s*[%％]\s*([\u4e00-\u9fffa-z]+)")
DISCLOSED = re.compile(r"(非|不是|并非|仿|类|似|无|不含|没有)[\u4e00-\u9fff]{0,2}$")
FIELDS = ("title", "description")
TOLERANCE = 95.0


def _contradicted(own: str, declared: str) -> bool:
    names = SAME.get(own, (own,))
    shares = [(m.group(1) or m.group(4), float(m.group(2) or m.group(3))) for m in SHARE.finditer(declared)]
    if shares:
        return sum(pct for name, pct in shares if any(n in name for n in names)) < TOLERANCE
    return bool(FIBRES.search(declared)) and not any(n in declared for n in names)


def findings(listing: dict, declared: str, rule_ids: tuple[str, ...]) -> list[Finding]:
    """`declared`: the listing's declared material or composition, folded and lower-cased."""
    if not declared:
        return []
    out = []
    for field in FIELDS:
        original = listing.get(field) or ""
        text = fold_chars(original).lower()
        m = next((m for m in PURE.finditer(text) if not DISCLOSED.search(text[max(0, m.start() - 4):m.start()])
                  and _contradicted(m.group("own"), declared)), None)
        if m:
            said = original[m.start():m.end()]
            out.append(Finding(rule_ids, "fake_as_real", field, m.start(), m.end(), said,
                               f"'{said}': a pure fibre claimed where the declared composition is {declared[:60]}: "
                               f"the lesser passed off as the better (PB-05)", review=True, category="declared-attribute"))
    return out
