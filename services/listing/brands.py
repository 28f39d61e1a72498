"""Brands (R-LST-11, R-LST-15, PB-07, PB-24). A brand named in a listing is not by itself an infringement: resale
of genuine goods, second-hand personal items and compatible accessories ("适用于iPhone") name brands lawfully.
What goes to a human or is refused:
- a counterfeit indication (高仿, 1:1, 复刻, 原单, 莆田, 超A, 同款 beside a brand …) — lexicon terms, judged in
  matching/;
- a look-alike of a registered mark (康帅傅 for 康师傅, NIKF for Nike): a Latin word one shape- or sound-alike
  letter away from a Latin mark (or with one letter doubled or dropped), or a Chinese word that is a mark with one
  character swapped for its shape- or sound-alike from the lexicon's `lookalike_chars` table — similarity judged by
  shape, sound and meaning as in the Supreme People's Court interpretation on trademark disputes (法释〔2002〕32号,
  art. 9–10) and the CNIPA trademark examination guideline (2021);
- a seller that declares a registered brand as the goods' brand (attributes.brand) without being among its
  authorised sellers and without stating an authorisation or a second-hand sale: a human checks the source."""

import re

from . import brands_r24
from .findings import Finding

RULES = ("R-LST-11", "R-LST-15", "PB-07", "PB-24")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]{3,}")
# Round 15: a mark of several words is imitated across them ("Royal Canim", "The North Fase"): runs of two or three
# Latin words read joined; a vowel swapped in a mark of six letters or more still reads and sounds as the mark, a short
# one's vowel changes the word ("lego"/"logo"), so only long marks are read that way, and never at the word's first
# two letters or its last ("finder", "purine" are words of their own) (法释〔2002〕32号 art. 10).
# Round 19: a hyphen joins a mark's words as a space does ("Ray-Bon" read as "raybon" beside Ray-Ban).
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[ \t-]+[A-Za-z][A-Za-z0-9]*){1,2}")
LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
VOWELS = "aeiou"
LONG_MARK = 6
# Round 16: a letter dropped inside a mark of seven letters or more ("Phlips") still reads as the mark; a shorter
# mark's is another word ("xiami" beside xiaomi), so only long marks, and never its first letter or its last.
LONG_DROP = 7
RESALE = ("授权", "经销", "代理商", "二手", "闲置", "自用", "转让", "正品渠道")


def latin_lookalike(word: str, marks: dict[str, str], alike: set[frozenset]) -> str | None:
    """The mark `word` imitates (one alike letter swapped, or one letter doubled or dropped), if any: one look-up in
    the marks' variants, built once per lexicon (a scan of every mark per Latin word was the listing service's
    largest own cost on a submission, issue 30's profile)."""
    word = word.lower()
    if word in marks:
        return None
    return _latin_variants(marks, alike).get(word)


_VARIANTS: dict[int, tuple[dict, set, dict[str, str]]] = {}  # id(marks) -> (marks, alike, variant -> brand)


def _latin_variants(marks: dict[str, str], alike: set[frozenset]) -> dict[str, str]:
    cached = _VARIANTS.get(id(marks))
    if cached is not None and cached[0] is marks and cached[1] is alike:
        return cached[2]
    partners: dict[str, list[str]] = {}
    for pair in alike:
        if len(pair) == 2:
            a, b = sorted(pair)
            partners.setdefault(a, []).append(b)
            partners.setdefault(b, []).append(a)
    variants: dict[str, str] = {}
    for mark, brand in marks.items():  # in the marks' order: the first mark a variant imitates names it
        for i, char in enumerate(mark):
            for other in partners.get(char, ()):
                variants.setdefault(mark[:i] + other + mark[i + 1:], brand)  # one alike letter swapped
            variants.setdefault(mark[:i + 1] + char + mark[i + 1:], brand)  # one letter doubled
            if i + 1 < len(mark) and mark[i + 1] != char:  # round 15: two neighbours transposed ("ikae")
                variants.setdefault(mark[:i] + mark[i + 1] + char + mark[i + 2:], brand)
            if len(mark) >= LONG_MARK and char in VOWELS and 2 <= i < len(mark) - 1:  # round 15: "fendor"
                for vowel in VOWELS.replace(char, ""):
                    variants.setdefault(mark[:i] + vowel + mark[i + 1:], brand)
            if len(mark) >= LONG_DROP and 1 <= i < len(mark) - 1 and mark[i] != mark[i - 1]:  # round 16: "phlips"
                variants.setdefault(mark[:i] + mark[i + 1:], brand)
            if i and mark[i] == mark[i - 1]:
                variants.setdefault(mark[:i] + mark[i + 1:], brand)  # a doubled letter dropped
            if len(mark) >= 5 and 2 <= i < len(mark) - 1 and mark[i - 1] != char:  # round 23: "guuci" for gucci,
                variants.setdefault(mark[:i] + mark[i - 1] + mark[i + 1:], brand)  # a neighbour doubled over a letter
    _VARIANTS.clear()  # one lexicon in force at a time
    _VARIANTS[id(marks)] = (marks, alike, variants)
    return variants


def chinese_lookalikes(brands: list[dict], table: dict[str, str]) -> dict[str, str]:
    """Every variant of a Chinese mark with characters replaced by their look-alikes — one for a two-character mark,
    any but one for a longer one ("粤利粤" for 奥利奥: the whole still reads as the mark): variant -> brand."""
    names = {n for b in brands for n in [b["name"], *b.get("aliases", [])]}
    out = {}
    for brand in brands:
        for name in [brand["name"], *brand.get("aliases", [])]:
            if len(name) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in name):
                continue
            for variant in _swapped(name, table, 1 if len(name) == 2 else len(name) - 1):
                if variant not in names:
                    out[variant] = brand["name"]
    return out


def pinyin_lookalikes(brands: list[dict], table: dict[str, str]) -> dict[str, str]:
    """Round 8: a Chinese mark of three characters or more with its last character spelled in pinyin ("香奈er" for
    香奈儿) — it still reads and sounds as the mark (法释〔2002〕32号 art. 10: similar in sound): variant -> brand."""
    out = {}
    for brand in brands:
        for name in [brand["name"], *brand.get("aliases", [])]:
            if len(name) >= 3 and all("\u4e00" <= c <= "\u9fff" for c in name) and table.get(name[-1]):
                out[name[:-1] + table[name[-1]]] = brand["name"]
    return out


def doubled_lookalikes(brands: list[dict]) -> dict[str, str]:
    """Round 18: every Chinese mark padded by repeating one of its characters (`_doubled`): variant -> brand."""
    names = {n for b in brands for n in [b["name"], *b.get("aliases", [])]}
    return {variant: brand["name"] for brand in brands for name in [brand["name"], *brand.get("aliases", [])]
            if all("\u4e00" <= c <= "\u9fff" for c in name) for variant in _doubled(name) if variant not in names}


def _doubled(name: str) -> set[str]:
    """Round 18: a mark of three characters or more padded by repeating one of them ("老干妈妈" for 老干妈): it still
    reads as the mark (法释〔2002〕32号 art. 10: similar in form and sound). Not the first character ("小小天才" is a
    phrase), nor one already repeated in the mark ("娃哈哈哈" is laughter)."""
    if len(name) < 3:
        return set()
    return {name[:i + 1] + name[i:] for i in range(1, len(name))
            if name[i] != name[i - 1] and name[i] not in name[i + 1:i + 2]}


def _swapped(name: str, table: dict[str, str], most: int) -> set[str]:
    """`name` with 1..`most` characters replaced by look-alikes from `table`."""
    found, frontier = set(), {name}
    for _ in range(most):
        frontier = {v[:i] + alike + v[i + 1:] for v in frontier for i, char in enumerate(v) if char == name[i]
                    for alike in table.get(char, "")}
        found |= frontier
    return found - {name}


def findings(listing: dict, hits, texts: dict[str, str], lexicon) -> list[Finding]:
    out = []
    for field in ("title", "description"):
        for m in hits.get(field, ()):
            if m.term.kind == "@lookalike":
                out.append(_lookalike(field, m.start, m.end, m.text, m.term.category, lexicon))
        for word in LATIN_WORD.finditer(texts.get(field, "")):
            brand = latin_lookalike(word.group(), lexicon.latin_marks, lexicon.latin_alike)
            if brand:
                out.append(_lookalike(field, word.start(), word.end(), word.group(), brand, lexicon))
        out += [_lookalike(field, start, end, text, brand, lexicon)
                for start, end, text, brand in _runs(texts.get(field, ""), lexicon)
                + brands_r24.runs(texts.get(field, ""), lexicon.latin_marks)]  # round 24: read-alike letters
    return _dedupe(out) + _declared(listing, texts, lexicon)


def _runs(text: str, lexicon) -> list[tuple[int, int, str, str]]:
    """Runs of two or three Latin words that, joined, imitate a mark (each start once, its longest run first)."""
    tokens = list(LATIN_TOKEN.finditer(text))
    out = []
    for i, first in enumerate(tokens):
        for last in reversed(tokens[i + 1:i + 3]):
            between = text[first.start():last.end()]
            if not LATIN_RUN.fullmatch(between):
                continue
            brand = latin_lookalike("".join(between.replace("-", " ").split()), lexicon.latin_marks,
                                   lexicon.latin_alike)
            if brand:
                out.append((first.start(), last.end(), between, brand))
                break
    return out


def _lookalike(field, start, end, text, brand, lexicon) -> Finding:
    owner = lexicon.brands.get(brand, {}).get("owner", "")
    return Finding(RULES, "counterfeit", field, start, end, text,
                   f"'{text}' looks like the registered mark {brand} ({owner})", review=True,
                   category="look-alike-mark")


def _declared(listing: dict, texts: dict[str, str], lexicon) -> list[Finding]:
    declared = str((listing.get("attributes") or {}).get("brand") or "").strip().lower()
    brand = lexicon.brand_of.get(declared)
    if not brand:
        return []
    sellers = lexicon.brands[brand].get("authorised_sellers", ())
    said = " ".join(texts.values())
    if listing.get("operator_id") in sellers or any(w in said for w in RESALE):
        return []
    return [Finding(RULES, "counterfeit", "attributes.brand", 0, len(declared), declared,
                    f"the brand {brand} is declared without an authorisation on file", review=True,
                    category="unauthorised-brand")]


def _dedupe(found: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in found:
        if (f.field, f.start) not in seen:
            seen.add((f.field, f.start))
            out.append(f)
    return out
