"""Treated stones (PB-06, GB/T 16552): "天然" or "无任何处理" on a stone its own text, attributes or certificates
say was treated — enhancement (优化) keeps the natural name, treatment (处理) must be named."""

import re

from .content import PRECIOUS, hits_of
from .findings import Finding

UNTREATED = ("none", "no", "无", "未处理", "未优化", "无处理", "无优化", "天然", "natural", "untreated", "没有", "否")
ENHANCEMENT = ("热处理", "加热", "加温", "浸油", "浸无色油", "浸蜡", "漂白", "优化")   # GB/T 16552 优化
TREATMENT_DECLARED = ("充胶", "注胶", "染色", "辐照", "扩散", "充填", "覆膜", "b货", "c货", "灌胶", "处理",
                      "压制", "再造", "拼合", "镀膜", "烤色")  # round 9: pressed, reconstructed, assembled, coated


# Round 16: the care, warranty and after-sale advice a listing gives ("超声波清洗不适用于充填宝石") speaks of gems in
# general, not of this stone: a treatment word there says nothing of it.
ADVICE = ("attributes.care_instructions", "attributes.professional_care", "attributes.after_sale_commitment",
          "attributes.warranty_policy", "attributes.warranty_period")


def _about_the_stone(hits, kind: str) -> list:
    return [(f, m) for f, m in hits_of(hits, kind) if f not in ADVICE]


def treated_as_natural(listing: dict, hits, certificates: dict) -> list[Finding]:
    """PB-06: "天然" (or "无任何处理", "原色") on a stone its own text or attributes say was treated. GB/T 16552
    separates enhancement (优化: heating, oiling, waxing, bleaching — the natural name stays) from treatment (处理:
    filling, dyeing, irradiation, coating — must be named); only treatment contradicts "天然". "处理" counts only
    for gems whose treatment is not declared none, by attribute or certificate."""
    attributes = listing.get("attributes") or {}
    declared = str(attributes.get("treatment") or "").strip().lower()
    untreated = declared in UNTREATED or declared[:1] in ("无", "未", "非", "不") or any(
        str(c.get("treatment") or "").strip().lower() in UNTREATED for c in certificates.values())
    gem = listing.get("category") in PRECIOUS or bool(attributes.get("contains_gems"))
    rest = declared
    for word in ENHANCEMENT:
        rest = rest.replace(word, "")
    enhanced_only = rest != declared and not any(w in rest for w in TREATMENT_DECLARED)
    treated = (bool(declared) and not untreated and not enhanced_only) or bool(_about_the_stone(hits, "@treatment"))
    treated = treated or (gem and not untreated and bool(_about_the_stone(hits, "@treatment?")))
    contradicted = _untreated_contradicted(hits, declared if not untreated else "") if gem else []
    if not treated or hits_of(hits, "@disclosed", ("title", "description")):
        return contradicted  # untreated, or the treatment disclosed ("加热处理已注明", "证书标注处理")
    return contradicted + [Finding(("PB-06", "R-LST-23"), "treated_as_natural", f, m.start, m.end, m.text,
                    "a treated stone is called natural") for f, m in hits_of(hits, "@natural", ("title", "description"))
                    if not _layer_of_assembled(listing, declared, f, m.start)]


# Round 23: an assembled stone (拼合, GB/T 16552 4.2.3: a treatment named with the stone) described layer by layer
# ("二层拼合欧泊，顶层天然欧泊，底层黑玉髓"): "天然" said of one named layer is the truth of that layer.
LAYER = re.compile(r"(顶层|面层|表层|上层|底层|下层|中层|顶部|冠部|面上一层|上面一层)(为|是|用|采用)?\s*$")
ASSEMBLED = ("拼合", "二层石", "三层石", "双层拼", "三层拼")


def _layer_of_assembled(listing: dict, declared: str, field: str, start: int) -> bool:
    text = listing.get(field) or ""
    said = declared + " ".join(str(listing.get(f) or "") for f in ("title", "description"))
    return any(w in said for w in ASSEMBLED) and bool(LAYER.search(text[max(0, start - 6):start]))


def _untreated_contradicted(hits, declared: str = "") -> list[Finding]:
    """"未经处理", "无任何优化" claimed while the text says the stone was heated, oiled, bleached … (an enhancement
    under GB/T 16552 keeps the natural name, but a claim of no processing at all is then untrue, PB-03, PB-06).
    Round 15: or while the listing's own declared treatment names one ("无油无胶" with 树脂充填 declared)."""
    # round 19: "浸有色油" (a treatment under GB/T 16552, unlike 浸无色油) contradicts "无油" too
    stated = any(w in declared for w in ENHANCEMENT + TREATMENT_DECLARED + ("树脂", "浸油", "注油", "酸洗", "有色油"))
    if not hits_of(hits, "@enhanced", ("title", "description")) and not stated:
        return []
    done = declared + " ".join(m.text for _, m in hits_of(hits, "@enhanced", ("title", "description")))
    return [Finding(("PB-06", "R-LST-23"), "treated_as_natural", f, m.start, m.end, m.text,
                    "a stone said to be unprocessed was enhanced", category="untreated-claim-contradicted")
            for f, m in hits_of(hits, "@untreated", ("title", "description")) if _contradicts(m.text, done)]


# Round 15: the absence of one process ("无染色", "无油无胶") is contradicted only by that process; "未经处理" by any.
SPECIFIC = {"油": ("油",), "胶": ("胶", "树脂"), "染": ("染",), "充填": ("充填", "填充", "树脂", "胶"), "辐照": ("辐照",),
            "酸洗": ("酸洗", "漂白")}


def _contradicts(claim: str, done: str) -> bool:
    named = [key for key in SPECIFIC if key in claim]
    if not named or "处理" in claim or "优化" in claim:
        return True
    return any(word in done for key in named for word in SPECIFIC[key])
