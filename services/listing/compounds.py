"""Compound claims: a violation that no single word makes but a combination in one clause does — a category word
with a context word ("野生" + an animal, "无需处方" + a medicine, "考前提供" + "答案", "央视" + "报道", "销量" +
"突破", an efficacy verb + a disease). Each compound is lexicon data: its category, kind, rule IDs, source, the
word sets (`all_of`, one word of each set must appear), how close they must be (`within` characters, in the same
clause unless `same_clause` is false)
whether the first set may be negated ("不能治疗" is no claim), whether the words may stand in different fields
(`across_fields`: "无需处方" in the description, the medicine in the title) and whether a question gives no claim
(`not_in_questions`: "有推荐的医生吗?"), and which words excuse it in its clause or anywhere in the listing
(`unless_in_clause`, `unless_in_listing`: "兼容", "平台支持的"). Its words come from the same automaton pass as
every term (helper kind "@cmp", category "<compound>:<set>")."""

import re
from bisect import bisect_right

from .exceptions import CURE_WORDS, MEDICAL_DEVICE, in_question, voided
from .findings import Finding
from .proofs import proved_in_text

CLAUSE_BREAK = re.compile(r"[，,。;；\n|!！?？]")
FIELDS = ("title", "description", "promotion.description")
QUOTED_NAME = re.compile(r"《[^》]{1,60}》|「[^」]{1,60}」|『[^』]{1,60}』")


def helper_words(compounds: list[dict]):
    """(word, category, negatable) for every word of every compound."""
    for i, compound in enumerate(compounds):
        for j, words in enumerate(compound["all_of"]):
            for word in words:
                yield word, f"{i}:{j}", j == 0 and compound.get("negatable", True)


def supersede(claims: list[Finding], compound: list[Finding]) -> list[Finding]:
    """A compound claim replaces the single-word claims inside its span ("热销榜第一" is one ranking claim)."""
    return [c for c in claims if not any(c.field == k.field and k.start <= c.start and c.end <= k.end
                                         for k in compound)]


def findings(listing: dict, hits, texts: dict[str, str], compounds: list[dict]) -> list[Finding]:
    out, seen = [], set()
    words = {field: _words(texts.get(field) or "", hits.get(field, ())) for field in FIELDS}
    for field in FIELDS:
        for i, found in words[field].items():
            compound = compounds[i]
            if compound.get("across_fields"):  # the title is the context of the body ("阿莫西林胶囊" … "无需处方")
                found = [(0, j, m) for f in FIELDS for _, j, m in words[f].get(i, ()) if f == field or j != 0]
            span = _match(compound, found, texts[field])
            if span is None or (compound.get("proof") and listing.get("proofs")) or i in seen:
                continue
            if _excused(compound, texts, field, span):
                continue
            if compound.get("across_fields"):
                seen.add(i)  # one finding per listing, at the first set's word
            out.append(_finding(compound, field, texts[field], *span))
    return out


# Round 15: a link between two things said not to exist, right after them in their clause.
LINK_DENIED = re.compile(r"[^，,。;；!！?？\n]{0,4}?(无关|没关系|没有关系|不挂钩|无任何关系|毫无关系|不相关|不相干)")


def _excused(compound: dict, texts: dict[str, str], field: str, span: tuple[int, int]) -> bool:
    """`unless_in_clause`: a word in the clause of the span ("与原装无差别" beside "兼容"); `unless_in_listing`: a word
    anywhere in the listing ("平台支持的银行卡支付" names a payment the platform offers, no lure)."""
    text = texts[field]
    if any(m.start() <= span[0] and span[1] <= m.end() for m in QUOTED_NAME.finditer(text)):
        return True  # a title in 《…》 names a work ("《颈椎病康复指南》"); it claims nothing
    if voided(text, span[0], span[1], compound["category"]):
        return True  # named, refused or reported ("不花钱找博主推荐", "如遇…强制消费")
    if compound.get("proof") and proved_in_text(text, span[0], span[1], " ".join(texts.values())):
        return True  # round 8: its proof cited beside it ("…联名款, 授权编号…", "金奖(证书见详情页)")
    if compound.get("unless_in_clause"):
        start = max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, span[0])), default=0)
        end = CLAUSE_BREAK.search(text, span[1])
        clause = text[start:end.start() if end else len(text)]
        if any(word in clause for word in compound["unless_in_clause"]):
            return True
    if compound.get("negatable") and LINK_DENIED.match(text, span[1]):
        return True  # round 15: the link denied right after it ("好评与红包无关", "奖励和评价不挂钩")
    whole = " ".join(texts.values())
    if compound["category"] == "medical-efficacy" and MEDICAL_DEVICE.search(whole) \
            and not any(w in text[span[0]:span[1]] for w in CURE_WORDS):
        return True  # round 19: a registered device or pesticide states its registered use (防治…病 on its label)
    if field == "title" and _names_a_work(text[span[0]:span[1]], whole):
        return True  # round 11: the title repeats a work's name quoted in the listing ("失眠 调理 图书", "《失眠调理…》")
    return any(word in whole for word in compound.get("unless_in_listing", ()))


def _names_a_work(said: str, whole: str) -> bool:
    return any(said.replace(" ", "") in m.group().replace(" ", "") for m in QUOTED_NAME.finditer(whole))


def _words(text: str, matches) -> dict[int, list]:
    """The compound words of one field by compound: (clause number, word set, match)."""
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(text)]
    by_compound: dict[int, list] = {}
    for m in matches:
        if m.term.kind == "@cmp":
            i, j = map(int, m.term.category.split(":"))
            by_compound.setdefault(i, []).append((bisect_right(breaks, m.start), j, m))
    return by_compound


def _match(compound: dict, found: list, text: str) -> tuple[int, int] | None:
    """The first clause holding a word of every set within `within` characters: its span. Across fields, the other
    sets' words may stand anywhere in the listing."""
    sets, within = len(compound["all_of"]), compound.get("within", 12)
    across = compound.get("across_fields", False)
    if not compound.get("same_clause", True) or across:
        found = [(0, j, m) for _, j, m in found]
        within = 10_000 if across else within
    for clause in sorted({c for c, _, _ in found}):
        here = [(j, m) for c, j, m in found if c == clause]
        for j0, first in here:
            if j0 != 0 or (compound.get("not_in_questions") and in_question(text, first.start)):
                continue
            chosen = [first]
            for j in range(1, sets):
                near = [m for k, m in here if k == j and abs(m.start - first.start) <= within]
                if not near:
                    break
                chosen.append(near[0])
            else:
                if across:  # the words stand in different fields: the span is the first set's word
                    return first.start, first.end
                return min(m.start for m in chosen), max(m.end for m in chosen)
    return None


def _finding(compound: dict, field: str, text: str, start: int, end: int) -> Finding:
    said = text[start:end]
    return Finding(tuple(compound["rule_ids"]), compound["kind"], field, start, end, said,
                   f"'{said}': {compound.get('message') or compound['category']}", bool(compound.get("review")),
                   compound["category"])
