"""The text findings of a listing (pure): claims from the lexicon (absolute, unproven, efficacy and superstition,
imitation-as-real, counterfeit indications, prohibited goods) less the readings that claim nothing (exceptions.py),
treated stones called natural (PB-06), imitation materials called real — by the text or against the listing's own
attributes and ingredients (PB-05, R-LST-06). Brands are judged in brands.py, compounds in compounds.py, the 广告
label in community.py. Every finding keeps its field, exact span, rules and lexicon category."""

import re
from bisect import bisect_right

from . import member_posts
from .disclaimers import answered_no
from .exceptions import claims_nothing
from .findings import Finding
from .matching import Match
from .vocabulary import CLAIM_KINDS, CompiledLexicon

PRECIOUS = ("jewelry", "precious_metal", "gemstone", "jade")  # 003's own category (R-LST-06)
NAME_ATTRIBUTES = ("brand", "product_name", "model", "series", "trademark")
NAME_SPLIT = re.compile(r"[\s/|（）()、,，]+")  # round 20: "绝对伏特加 ABSOLUT" names the goods by each part too
REAL_METAL = re.compile(r"足金|千足|足银|足铂|(?<!镀)925|s925|au ?7[05]0|au ?9\d\d|pt ?9\d0|18k金|(?<!镀)18k|纯银|纯金|铂金")
QUOTED_NAME = re.compile(r"《[^》]{1,60}》|「[^」]{1,60}」|『[^』]{1,60}』")
INGREDIENTS = re.compile(r"配料表?\s*[:：]\s*([^。\n]+)")
ADDITIVES = ("水", "白砂糖", "糖浆", "果葡糖浆", "香精", "食用香精", "色素", "防腐剂", "甜味剂", "奶粉", "全脂奶粉",
             "浓缩", "增稠剂", "麦芽糊精", "淀粉")
# "材质说明: ", "鞋面: ", "面料为", "成分标签: " and, round 7, a grade or model code before the material ("材质: K9玻璃")
LABEL_TAIL = r"(说明|信息|构成|组成|成分|标签|标识)?\s*[:：为是]\s*([A-Za-z0-9]{1,4}\s*)?$"
CHOICE = re.compile(r"或|还是|可选|任选|二选一")  # "可选原装或第三方电池" offers a choice, it does not claim
# A real material's name followed by one of these names a pattern or shape the goods have, not their material
# ("钻石纹玻璃杯", "钻石切面", "水晶形吊灯", "珍珠纹"): heldout12's look-alike class. Round 18: or a hue ("18K金色",
# "珍珠色"), and a material right after 镀 names the plating ("合金镀18K金"): disclosed, not claimed (R-LST-06 keeps
# such goods out of the precious category); the real word inside an imitation's name ("贝壳珍珠") claims nothing.
SHAPE_OF = re.compile(r"\s?(纹|切面|形|型|造型|图案|花纹|样式|状|色(?!泽))")
CLAUSE_BREAK = re.compile(r"[，,。;；\n|/、!！?？]")
MESSAGES = {
    "absolute_claim": "'{}' is an absolute or prohibited advertising term",
    "unproven_claim": "'{}' is a ranking, award, endorsement or data claim; attach its proof",
    "efficacy_claim": "'{}' claims a medical or health efficacy for goods that may not claim it",
    "superstition_claim": "'{}' claims a supernatural power (superstition) for the goods",
    "fake_as_real": "'{}' presents an imitation or misleadingly named material as the real thing",
    "counterfeit": "'{}' indicates counterfeit or infringing goods",
    "prohibited_goods": "'{}' names goods whose sale is prohibited or restricted",
}


def text_fields(listing: dict) -> dict[str, str]:
    """Every free text of a listing a claim can hide in, by field name (names themselves excepted)."""
    fields = {"title": listing.get("title") or "", "description": listing.get("description") or ""}
    promotion = listing.get("promotion") or {}
    for key in ("description", "conditions"):
        if promotion.get(key):
            fields[f"promotion.{key}"] = promotion[key]
    for key, value in (listing.get("attributes") or {}).items():
        if isinstance(value, str) and value and key not in NAME_ATTRIBUTES and key != "treatment":
            fields[f"attributes.{key}"] = value
    return fields


def scan(listing: dict, lexicon: CompiledLexicon) -> dict[str, list[Match]]:
    """One pass per field: every judged hit, helper words included, product names exempted."""
    flags = frozenset({"jade"} if listing.get("category") in PRECIOUS else ())
    names = [p for k, v in (listing.get("attributes") or {}).items() if k in NAME_ATTRIBUTES and v
             for p in {str(v), *NAME_SPLIT.split(str(v))} if len(p) >= 2]
    if any(m.term.kind == "@brand" for m in lexicon.terms.find(listing.get("title") or "", flags)):
        flags |= {"brand"}  # a brand in the title is the context of "同款", "复刻" … anywhere in the listing
    whole = " ".join(text_fields(listing).values())
    flags |= {name for name, words in lexicon.listing_contexts.items() if any(w in whole for w in words)}  # round 7
    works = [q[1:-1].replace(" ", "") for q in QUOTED_NAME.findall(whole)]
    out = {}
    for field, text in text_fields(listing).items():
        exempt = _name_spans(text, names)
        out[field] = [m for m in lexicon.terms.find(text, flags)
                      if m.term.kind.startswith("@") or not (_is_name(m, text, exempt)
                                                             or (field == "title" and _names_a_work(m, works)))]
    return out


def _names_a_work(m: Match, works: list[str]) -> bool:
    """Round 11: a claim word in the title that the listing quotes as part of a work's name ("排毒 这本书" beside
    "《排毒的误区》", "医生推荐 书单" beside "《医生推荐的100本科普书》") names the work being sold."""
    said = m.text.replace(" ", "")
    return any(said in work for work in works)


def _name_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in QUOTED_NAME.finditer(text)]
    for name in names:
        at = text.find(name)
        while at >= 0:
            spans.append((at, at + len(name)))
            at = text.find(name, at + 1)
    return spans


def _is_name(m: Match, text: str, exempt) -> bool:
    """2023 SAMR guideline exception: a product name, model or registered mark containing the term ("第一坊",
    "冠军牌", "《最好的我们》") names the goods; it does not claim."""
    if m.term.kind == "absolute_claim" and text[m.end:m.end + 1] == "牌":
        return True
    return any(s <= m.start and m.end <= e for s, e in exempt)


def claims(listing: dict, hits: dict[str, list[Match]], lexicon: CompiledLexicon) -> list[Finding]:
    out = []
    texts = text_fields(listing)
    whole = " ".join(texts.values())
    for field, matches in hits.items():
        for m in matches:
            if m.term.kind not in CLAIM_KINDS or (m.term.proof and listing.get("proofs")):
                continue
            if claims_nothing(texts[field], m, lexicon, whole) or _asked(listing, texts[field], m):
                continue
            out.append(Finding(m.term.rule_ids, m.term.kind, field, m.start, m.end, m.text,
                               MESSAGES[m.term.kind].format(m.text), m.term.review, m.term.category))
    return out


def _asked(listing: dict, text: str, m: Match) -> bool:
    """A community member's own question, care story or wish to buy claims nothing of goods (member_posts.py)."""
    return member_posts.claims_nothing(listing, text, m)


def hits_of(hits, kind, fields=None):
    return [(f, m) for f, ms in hits.items() if fields is None or f in fields for m in ms if m.term.kind == kind]


def fake_as_real(listing: dict, hits, lexicon: CompiledLexicon) -> list[Finding]:
    """PB-05: imitation or plated goods called real precious metal (anywhere in the listing), imitation leather,
    fibre, stone or a cultivated or third-party product called the real thing in the same clause or against the
    listing's own attributes (material, composition, origin …) or a material statement anywhere in it ("材质: PU合成革",
"合金材质", "合成祖母绿"), and a purity claim its ingredient list contradicts;
    R-LST-06: imitation metal kept out of the precious category (plating on a declared precious metal is a finish)."""
    out, metal = [], False
    material = str((listing.get("attributes") or {}).get("material_fineness") or "").lower()
    texts = text_fields(listing)
    imitations = [(f, m) for f, m in hits_of(hits, "@imitation") if not _finish_on_real(texts.get(f), m)]
    declared = {m.term.category for f, m in imitations if f.startswith("attributes.")}
    stated = _stated(texts, imitations, lexicon)
    declared |= stated
    for field, real in hits_of(hits, "@real", ("title", "description")):
        if answered_no(texts[field], real.start, real.end) or SHAPE_OF.match(texts[field], real.end) \
                or texts[field][max(0, real.start - 2):real.start].endswith(("镀", "镀了")) \
                or any(f == field and m.start <= real.start and real.end <= m.end for f, m in imitations):  # "贝壳珍珠"
            continue  # "真皮? 我们卖的是超纤皮" asks and answers (round 7); "钻石纹", "钻石切面" name a shape
        if real.term.category == "fibre" and BLEND.search(" ".join(texts.values())) and not PURE.match(real.text):
            continue  # round 14: a blend disclosed ("羊绒混纺", "羊毛混纺"): the fibre named is its share, not a claim
        family = real.term.category
        same = [(f, m) for f, m in imitations if m.term.category == family]
        if family == "metal":
            found = bool(same) and (not _real_metal_declared(material) or family in stated)
        else:
            clause = _clause(texts[field], real.start)
            found = family in declared or any(f == field and _clause(texts[f], m.start) == clause
                                              and not _choice(texts[f], real, m) for f, m in same)
        if found:
            metal |= family == "metal"
            out.append(Finding(("PB-05", "R-LST-23"), "fake_as_real", field, real.start, real.end, real.text,
                               "imitation or plated goods called the real material", category=family))
    metal_imitation = any(m.term.category == "metal" for _, m in imitations) or material and any(
        w in material for w in ("合金", "镀", "仿", "alloy", "plated"))
    if metal_imitation and listing.get("category") in PRECIOUS and not _real_metal_declared(material):
        out.append(Finding(("R-LST-06",), "fake_as_real", "category", 0, len(listing["category"]), listing["category"],
                           "imitation or plated goods do not belong in the precious-metal category"))
    return out + _purity(hits, texts)


def _stated(texts: dict[str, str], imitations, lexicon: CompiledLexicon) -> set[str]:
    """Material families the listing's text states the goods are made of as an imitation: after a material label
    ("材质: PU", "材质说明: 超纤", "鞋面: 人造革" — lexicon `material_labels`), before "材质" ("合金材质"), or naming
    the synthetic of the real material ("合成祖母绿", "熔炼水晶"), or right after a part of the goods ("包身PU", round 6). A plated precious base ("材质: 925银镀金") is a finish."""
    out = set()
    if not imitations:  # nothing to read (most texts): the label pattern is not even built
        return out
    label = re.compile("(" + "|".join(map(re.escape, lexicon.material_labels)) + ")" + LABEL_TAIL)
    for field, m in imitations:
        text = texts.get(field)
        if text is None or field.startswith("attributes."):
            continue
        before, after = text[max(0, m.start - 8):m.start], text[m.end:m.end + 8].lstrip()
        reals = lexicon.material_real.get(m.term.category, ())
        stems = {w.removeprefix("天然").removeprefix("纯") for w in reals} | set(reals)
        names_synthetic = m.term.category != "metal" and any(0 <= after.find(w) <= 2 for w in stems if len(w) >= 2)
        labelled = bool(label.search(before)) or after.startswith("材质") or before.endswith(lexicon.material_parts) or any(
            after.startswith(noun) for noun in lexicon.material_goods_nouns)  # "阿富汗白玉手镯": what the goods are
        labelled = labelled or _names_itself(text, m)
        if m.term.category == "metal" and REAL_METAL.search(before.lower()):
            continue
        if labelled or names_synthetic:
            out.add(m.term.category)
    return out


# Round 9: a base metal plated ("铜镀金", "铁 镀 银") names what the goods are made of; so does an imitation that opens
# the text as a clause of its own ("莫桑石, 肉眼看和钻石没区别").
BASE_PLATED = re.compile(r"(铜|铁|合金|锌合金|不锈钢|钛钢|黄铜|白铜)电?镀")


def _names_itself(text: str, m) -> bool:
    said = re.sub(r"\s+", "", text[m.start:m.end])
    if m.term.category == "metal":
        return bool(BASE_PLATED.match(said))
    return not text[:m.start].strip() and text[m.end:].lstrip()[:1] in tuple("，,。;；")


# Round 14: beads, spacers and clasps strung on a piece: an imitation metal named for one ("合金珠子") is that
# accessory's material, not the whole piece's ("纯银 手链" with alloy beads is a silver chain).
ACCESSORY = re.compile(r"^\s*(珠子|串珠|配珠|隔珠|转运珠|小珠|扣头|搭扣|龙虾扣|挂扣|吊牌|尾链)")


BLEND = re.compile(r"混纺|混织|混合纤维")
PURE = re.compile(r"^(纯|100\s*[%％]|全)")


def _finish_on_real(text: str | None, m) -> bool:
    """A plating on a real precious base ("S925银镀铂金", "18K金镀白") is a finish, not an imitation; nor is an
    imitation metal named for an accessory part (ACCESSORY)."""
    if text is None or m.term.category != "metal":
        return False
    if ACCESSORY.match(text[m.end:m.end + 6]):
        return True
    if not text[m.start:m.end].lstrip("电").startswith("镀"):
        return False
    before = text[max(0, m.start - 8):m.start].rstrip().lower()
    return any(found.end() == len(before) or before[found.end():] in ("银", "金") for found in REAL_METAL.finditer(before))


def _choice(text: str, real, imitation) -> bool:
    between = text[min(real.start, imitation.start):max(real.end, imitation.end)]
    return bool(CHOICE.search(between))


def _real_metal_declared(material: str) -> bool:
    return bool(REAL_METAL.search(material))


def _purity(hits, texts: dict[str, str]) -> list[Finding]:
    """"100%纯", "纯正", "无任何添加" when the listing's own ingredient list (配料) has water, sugar, flavouring …"""
    listed = INGREDIENTS.search(" ".join(texts.values()))
    if not listed:
        return []
    items = [i.strip() for i in re.split(r"[、,，;；]", listed.group(1)) if i.strip()]
    if not any(i in ADDITIVES or any(a in i for a in ADDITIVES if len(a) > 1) for i in items):
        return []
    return [Finding(("PB-05", "R-LST-23"), "fake_as_real", f, m.start, m.end, m.text,
                    "a purity claim the listed ingredients contradict", category="purity-vs-ingredients")
            for f, m in hits_of(hits, "@purity", ("title", "description"))][:1]


def _clause(text: str, at: int) -> int:
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(text)]
    return bisect_right(breaks, at)
