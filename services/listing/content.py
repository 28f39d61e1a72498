"""The text findings of a listing (pure): claims from the lexicon (absolute, unproven, efficacy and superstition,
imitation-as-real, counterfeit indications, prohibited goods), treated stones called natural (PB-06), imitation
materials called real (PB-05, R-LST-06), brands used without authorisation (R-LST-15, PB-07, PB-24) and community
posts that promote without the 广告 label (R-LST-21, PB-25). Every finding keeps its field, exact span and rules."""

import re
from bisect import bisect_right

from .findings import Finding
from .matching import Match
from .vocabulary import CLAIM_KINDS, CompiledLexicon

PRECIOUS = ("jewelry", "precious_metal", "gemstone", "jade")  # 003's own category (R-LST-06)
NAME_ATTRIBUTES = ("brand", "product_name", "model", "series", "trademark")
UNTREATED = ("none", "no", "无", "未处理", "未优化", "无处理", "无优化", "天然", "natural", "untreated", "没有", "否")
QUOTED_NAME = re.compile(r"《[^》]{1,60}》|「[^」]{1,60}」|『[^』]{1,60}』")
PRICE_OR_LINK = re.compile(r"https?://|www\.|\.com\b|tb\.cn|[¥￥]\s*\d|\d+(\.\d+)?\s*(元|块)(?![素宵])|\$\s*\d")
CLAUSE_BREAK = re.compile(r"[，,。;；\n|/、!！?？]")
MESSAGES = {
    "absolute_claim": "'{}' is an absolute or prohibited advertising term",
    "unproven_claim": "'{}' is a ranking, award, endorsement or data claim; attach its proof",
    "efficacy_claim": "'{}' claims a medical, health or supernatural efficacy for goods that may not claim it",
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
    names = [str(v) for k, v in (listing.get("attributes") or {}).items() if k in NAME_ATTRIBUTES and v]
    out = {}
    for field, text in text_fields(listing).items():
        exempt = _name_spans(text, names)
        out[field] = [m for m in lexicon.terms.find(text, flags)
                      if m.term.kind.startswith("@") or not _is_name(m, text, exempt)]
    return out


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
    for field, matches in hits.items():
        for m in matches:
            if m.term.kind not in CLAIM_KINDS or (m.term.proof and listing.get("proofs")):
                continue
            if m.term.kind == "absolute_claim" and _is_spec(texts[field], m, lexicon.spec):
                continue
            out.append(Finding(m.term.rule_ids, m.term.kind, field, m.start, m.end, m.text,
                               MESSAGES[m.term.kind].format(m.text), m.term.review))
    return out


def _is_spec(text: str, m: Match, spec) -> bool:
    """2023 SAMR guideline exception: a comparative stating the goods' own specification ("最大XXL", "最小 S",
    "最高 120℃") is a verifiable fact, not an absolute claim."""
    word = next((w for w in spec if text.startswith(w, m.start)), None)
    if word is None:
        return False
    rest = text[m.start + len(word):].lstrip(" :：为是")
    return bool(rest) and (rest[0].isdigit() or rest[0] in "SMLXsmlx")


def _of(hits, kind, fields=None):
    return [(f, m) for f, ms in hits.items() if fields is None or f in fields for m in ms if m.term.kind == kind]


def treated_as_natural(listing: dict, hits, certificates: dict) -> list[Finding]:
    """PB-06: "天然" on a stone its own text or attributes say was treated. A disclosed treatment without "天然" is
    fine; "处理"/"优化" count only for gems whose treatment is not declared none, by attribute or certificate."""
    attributes = listing.get("attributes") or {}
    declared = str(attributes.get("treatment") or "").strip().lower()
    untreated = declared in UNTREATED or declared[:1] in ("无", "未", "非", "不") or any(
        str(c.get("treatment") or "").strip().lower() in UNTREATED for c in certificates.values())
    gem = listing.get("category") in PRECIOUS or bool(attributes.get("contains_gems"))
    treated = (bool(declared) and not untreated) or bool(_of(hits, "@treatment"))
    treated = treated or (gem and not untreated and bool(_of(hits, "@treatment?")))
    if not treated:
        return []
    return [Finding(("PB-06", "R-LST-23"), "treated_as_natural", f, m.start, m.end, m.text,
                    "a treated stone is called natural") for f, m in _of(hits, "@natural", ("title", "description"))]


def fake_as_real(listing: dict, hits) -> list[Finding]:
    """PB-05: imitation or plated goods called real precious metal (anywhere in the listing), and imitation leather,
    fibre or stone called the real material in the same clause; R-LST-06: imitation metal kept out of the precious
    category."""
    out, metal = [], False
    material = str((listing.get("attributes") or {}).get("material_fineness") or "").lower()
    texts = text_fields(listing)
    imitations = _of(hits, "@imitation")
    for field, real in _of(hits, "@real", ("title", "description")):
        family = real.term.category
        same = [(f, m) for f, m in imitations if m.term.category == family]
        if family == "metal":
            found = bool(same)
        else:
            clause = _clause(texts[field], real.start)
            found = any(f == field and _clause(texts[f], m.start) == clause for f, m in same)
        if found:
            metal |= family == "metal"
            out.append(Finding(("PB-05", "R-LST-23"), "fake_as_real", field, real.start, real.end, real.text,
                               "imitation or plated goods called the real material"))
    metal_imitation = any(m.term.category == "metal" for _, m in imitations) or material and any(
        w in material for w in ("合金", "镀", "仿", "alloy", "plated"))
    if metal_imitation and listing.get("category") in PRECIOUS:
        out.append(Finding(("R-LST-06",), "fake_as_real", "category", 0, len(listing["category"]), listing["category"],
                           "imitation or plated goods do not belong in the precious-metal category"))
    return out


def _clause(text: str, at: int) -> int:
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(text)]
    return bisect_right(breaks, at)


def unauthorised_brands(listing: dict, hits, lexicon: CompiledLexicon) -> list[Finding]:
    """R-LST-15 / PB-07 / PB-24: a registered brand used by a seller its owner has not authorised goes to a human
    (a reseller may prove its source); compatible-with uses ("适用于iPhone") are descriptive and not findings."""
    operator = listing.get("operator_id")
    out, seen = [], set()
    for field, m in _of(hits, "@brand", ("title", "description")):
        brand = lexicon.brands.get(m.term.category, {})
        if operator and operator in brand.get("authorised_sellers", ()) or (field, m.term.category) in seen:
            continue
        seen.add((field, m.term.category))
        out.append(Finding(("R-LST-15", "PB-07", "PB-24"), "counterfeit", field, m.start, m.end, m.text,
                           f"the brand {m.term.category} ({m.term.source}) is used without an authorisation on file",
                           review=True))
    return out


def ad_label(listing: dict, hits) -> list[Finding]:
    """R-LST-21 / PB-25: a community post that promotes — flagged so, or with a price, a promotion, a link or a call
    to buy — carries "广告" prominently (in its title or opening), whatever the poster's flag says."""
    if listing.get("kind") != "community_post":
        return []
    texts = [listing.get("title") or "", listing.get("description") or ""]
    promotes = (listing.get("promotional") or listing.get("price") is not None or bool(listing.get("promotion"))
                or bool(_of(hits, "@promo")) or any(PRICE_OR_LINK.search(t) for t in texts))
    if not promotes:
        return []
    labels = _of(hits, "@ad_label", ("title", "description"))
    if any(f == "title" or m.start < 50 for f, m in labels):
        return []
    return [Finding(("R-LST-21", "PB-25"), "ad_label", "title", 0, 0, "",
                    "a promotional community post must carry the label 广告 prominently")]
