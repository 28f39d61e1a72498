"""A precious listing's text claiming more than its own declared material (pure; PB-05, R-LST-23; GB 11887 for
fineness, GB/T 16552 for names). The declared material (`attributes.material_fineness`, Appendix A #22) is what the
goods are; a title or description that names a better material is imitation presented as the real thing:

- a gold fineness above the declared one ("足金999" when Au750 is declared; "千足金", "24K", "足金999" rank 999,
  "足金" 990, "18K"/"Au750" 750, "14K" 585, "9K" 375; a bare number is a price or a size, never a fineness);
- a precious metal named as the goods ("实心18K金") when the declared material is a base metal plated ("铜镀18K金");
- a gem or organic named as the goods ("和田白玉", "老矿蜜蜡") when the declared material is a substitute (树脂, 玻璃,
  岫玉/蛇纹石, 合成 …) and the text does not disclose it ("仿蜜蜡", "非和田玉").

A plating named as plating ("镀18K金"), a material the declaration also names without a substitute, and a disclosed
imitation claim nothing. Kind `fake_as_real`, category `declared-material`, span: the claim in the text."""

import re

from tianping.lib.enforcement import NO_FINDING, enforces

from .findings import Finding
from .matching.normalise import fold_chars

RULE_IDS = ("PB-05", "R-LST-23")
DECLARED = ("material_fineness", "material")  # round 23: the attributes that declare what the goods are
FIELDS = ("title", "description")
# (pattern, fineness in thousandths); the first that matches a text names its fineness.
FINENESS = ((r"千足金|24\s*k|au\s*999|足金\s*999|999\s*足金", 999), (r"足金|au\s*990", 990),
            (r"18\s*k|au\s*750|750\s*金", 750), (r"14\s*k|au\s*585", 585), (r"(?<!1)9\s*k|au\s*375", 375))
GOLD = re.compile("|".join(f"(?:{p})" for p, _ in FINENESS))
# Round 14: silver the same way (GB 11887: 足银 ≥ 990, S925 925; "S999", "999足银", "千足银" rank 999).
SILVER_FINENESS = ((r"s\s*999|999\s*足?银|千足银|足银\s*999", 999), (r"足银|s\s*990|990\s*银", 990),
                   (r"s\s*925|925\s*银|(?<!足)银\s*925|ag\s*925", 925))
SILVER = re.compile("|".join(f"(?:{p})" for p, _ in SILVER_FINENESS))
# Round 15: platinum the same way (GB 11887: 足铂 ≥ 990, Pt950, Pt900; "纯铂" is read as 足铂); and seawater pearls
# named where freshwater ones are declared (GB/T 18781: the water is part of the pearl's name).
PLATINUM_FINENESS = ((r"pt\s*999|千足铂|足铂\s*999", 999), (r"足铂|纯铂|pt\s*990", 990), (r"pt\s*950|950\s*铂", 950),
                     (r"pt\s*900|900\s*铂", 900))
PLATINUM = re.compile("|".join(f"(?:{p})" for p, _ in PLATINUM_FINENESS))
SEAWATER = re.compile(r"海水珍珠|海水珠|南洋珠|大溪地珍?珠|akoya|日本珠")
FRESHWATER = re.compile(r"淡水")
BASE_PLATED = re.compile(r"(铜|铁|合金|锌|不锈钢|钛钢|黄铜|白铜)\S{0,2}电?镀")
PRECIOUS_METAL = re.compile(r"(实心|纯|足)?\s*(18\s*k\s*金|k金|黄金|足金|千足金|铂金|白金|纯银|足银|925银)")
# Round 22: "玻璃种", "玻璃地", "玻璃光" grade real jadeite and lustre; they name no glass.
SUBSTITUTE = re.compile(r"树脂|塑料|亚克力|玻璃(?![种地底光])|莫桑|碳硅石|氧化锆|合成|人造|再造|压制|仿|岫玉|蛇纹石|大理石|染色石英|阿富汗玉|东陵|马来玉")
GEMS = re.compile(r"(真钻|和田白玉|和田玉|羊脂白?玉|白玉|翡翠|蜜蜡|琥珀|南红|绿松石|珊瑚|祖母绿|红宝石|蓝宝石|钻石|珍珠|碧玺|天然水晶"
                  r"|海蓝宝石?|南洋金?珠|大溪地黑?珍?珠|海水珍?珠|akoya|尖晶石|坦桑石|托帕石|欧泊|月光石|紫水晶|青金石)"
                  r"(?!测试|检测|切|纹|形|型|般|笔|色|绒)")  # "钻石测试笔", "钻石切面", "珍珠纹": a name used of another thing
# Said before a claim, these disclose or deny it ("仿蜜蜡", "非足金", "不是天然钻石", "实验室培育钻石").
# Round 14: any substitute word a declaration may name also discloses it said before the name ("再造琥珀", "压制蜜蜡").
# Round 19: "天然" said of the goods where the declaration names only a substitute ("天然月光石" over 玻璃, "天然尖晶石"
# over 合成尖晶石), and platinum named where only gold is declared ("铂金PT950" over 18K金 Au750), are the real thing claimed.
NATURAL = re.compile(r"天然(?!气|橡胶|乳胶)")
PLATINUM_NAMED = re.compile(PLATINUM.pattern + r"|铂金")
# Round 20: a fineness written metal first in the declaration ("银925") is read like "925银"; palladium declared
# ("钯金Pd950") is another metal than platinum, as gold is, and the platinum named over it is claimed.
PALLADIUM = re.compile(r"钯|pd\s*\d{3}")
# Round 22: a treatment attribute that names a substitute and no treatment of a real stone ("合成碳硅石（莫桑石）", "玻璃")
# declares what the goods are; one that names a treatment ("树脂充填", "染色") is read by treatments.py.
TREATED = re.compile(r"充填|填充|注胶|注油|浸|染|处理|优化|覆膜|镀膜|扩散|辐照|加热|热处理|漂白|激光|拼合")
DISCLOSED = re.compile(r"(非|不是|并非|类|似|像|培育|" + SUBSTITUTE.pattern + r")\S{0,3}$")


def _disclosed(text: str, start: int) -> bool:
    return bool(DISCLOSED.search(text[max(0, start - 6):start]))


def _declared_real(name: str, declared: str) -> bool:
    """Round 23: a gem the declaration itself names with no substitute word before it ("天然月光石；玻璃隔珠")."""
    at = declared.find(name)
    return name != "天然" and at >= 0 and not SUBSTITUTE.search(declared[max(0, at - 4):at])


def _fineness(text: str, table=FINENESS) -> int | None:
    """The highest fineness a text names (thousandths), or None."""
    found = [grade for pattern, grade in table if re.search(pattern, text)]
    return max(found) if found else None


def _claims(text: str, declared: str, pearl: str = "") -> list[tuple[int, int, str]]:
    out = []
    plated = bool(BASE_PLATED.search(declared))
    for metal, table in ((GOLD, FINENESS), (SILVER, SILVER_FINENESS), (PLATINUM, PLATINUM_FINENESS)):
        own = _fineness(declared, table)
        for m in metal.finditer(text):
            grade = _fineness(m.group(0), table)
            if own is not None and grade and grade > own and not plated and not _disclosed(text, m.start()):
                out.append((m.start(), m.end(), f"a fineness above the declared material ({declared})"))
    if plated:
        out += [(m.start(), m.end(), f"a precious metal named where a plated base metal is declared ({declared})")
                for m in PRECIOUS_METAL.finditer(text)
                if "镀" not in text[max(0, m.start() - 2):m.start()] and not _disclosed(text, m.start())]
    out += _pearls(text, pearl or declared)
    substitute = SUBSTITUTE.search(declared)
    if substitute:
        natural = [] if "天然" in declared else list(NATURAL.finditer(text))
        # round 19: the declaration's own substitute word named anywhere in the text discloses it ("琥珀 手串 再造")
        disclosed = bool(re.search(re.escape(substitute.group(0)) + r"(?![种地底光])", text))
        out += [(m.start(), m.end(), f"a real material named where a substitute is declared ({declared})")
                for m in sorted([*GEMS.finditer(text), *natural], key=lambda m: m.start())  # round 23: in order
                if not disclosed and not _disclosed(text, m.start()) and not _declared_real(m.group(0), declared)]
    if (GOLD.search(declared) or PALLADIUM.search(declared)) and not PLATINUM_NAMED.search(declared):
        out += [(m.start(), m.end(), f"platinum named where another metal is declared ({declared})")
                for m in PLATINUM_NAMED.finditer(text) if not _disclosed(text, m.start())]
    return out[:1]


# Round 21: a pearl's water and its cultivation are declared wherever the seller states them (the material, or the
# treatment attribute: "淡水养殖珍珠，漂白"); GB/T 16552 and GB/T 18781 name a cultured pearl 养殖珍珠 (or 珍珠), never
# 天然珍珠, which is a pearl grown without man's hand.
CULTURED = re.compile(r"养殖|人工培育|有核|无核")
NATURAL_PEARL = re.compile(r"天然[^，,。;；!！?？]{0,5}?(珍珠|海水珠|淡水珠|南洋珠|akoya)")


def _pearls(text: str, declared: str) -> list[tuple[int, int, str]]:
    out = []
    if FRESHWATER.search(declared) and not SEAWATER.search(declared):
        out += [(m.start(), m.end(), f"seawater pearls named where freshwater ones are declared ({declared})")
                for m in SEAWATER.finditer(text) if not _disclosed(text, m.start())]
    if CULTURED.search(declared) and not NATURAL_PEARL.search(declared):
        out += [(m.start(), m.end(), f"natural pearls named where cultured ones are declared ({declared})")
                for m in NATURAL_PEARL.finditer(text) if not _disclosed(text, m.start())]
    return out


@enforces(*RULE_IDS, neutral=NO_FINDING)  # beside the lexicon's imitation words: the text against the declared material
def findings(listing: dict, precious: tuple[str, ...], found: set[str] = frozenset()) -> list[Finding]:
    """`found`: the fields where the lexicon's imitation reading already found imitation called real (one finding)."""
    attributes = listing.get("attributes") or {}
    # round 23: the goods' material declared on its own (`attributes.material`: "树脂", "合成尖晶石") is declared too
    declared = fold_chars(" ".join(str(attributes.get(k) or "") for k in DECLARED).strip()).lower()
    pearl = declared + " " + fold_chars(str(attributes.get("treatment") or "")).lower()
    treatment = fold_chars(str(attributes.get("treatment") or "")).lower()
    if SUBSTITUTE.search(treatment) and not TREATED.search(treatment):
        declared = f"{declared} {treatment}".strip()  # round 22: the stone itself declared under its treatment
    if listing.get("category") not in precious or not declared:
        return []
    out = []
    for field in (f for f in FIELDS if f not in found):
        original = listing.get(field) or ""
        for start, end, what in _claims(fold_chars(original).lower(), declared, pearl):
            out.append(Finding(RULE_IDS, "fake_as_real", field, start, end, original[start:end],
                               f"'{original[start:end]}': {what}: imitation presented as the real thing (PB-05)",
                               category="declared-material"))
    return out
