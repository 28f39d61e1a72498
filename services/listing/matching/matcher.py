"""One Aho–Corasick pass (pyahocorasick) over the normalised text finds every lexicon term, innocent phrase and context
word at once; each term hit is then judged in its context:

- a short Chinese term (two characters or fewer) counts only where a word begins (jieba segmentation), a
  two-character one only as a whole word ("万能" is not a claim inside "万能胶", nor "第一" inside "第一卷"), and a
  Latin term only as a whole word ("best", not "bestow");
- a hit inside a whitelisted innocent phrase ("第一步", "唯一的缺点", "最大号") is not a finding;
- a negated hit ("不能治疗", "非高仿", "请勿私下转账") is not a finding, for the kinds where negation reverses the
  claim, and neither is a term listed right after a negated one ("不提供刷单、补单服务");
- `unless`: a polysemous term is innocent near the named context ("A货" beside "翡翠" is untreated jadeite);
- `requires`: a term counts only near the named context ("同款" beside a brand name);
then overlapping claims resolve to the longest ("销量第一" is one unproven claim, not also the absolute "第一"). Helper
words (kinds starting with "@": treatment, natural, material, brand and promotion words the compound checks read)
come from the same pass and are all kept.
"""

import re
from dataclasses import dataclass

import ahocorasick

from .normalise import normalise
from .segment import add_words, word_starts

WINDOW = 12          # normalised characters either side in which a context word counts
NEGATION_REACH = 3   # a negation must end at most this many characters before the term
LIST_JOINERS = "和或及与"  # (the list comma 、 is noise, dropped by normalise)
_LATIN = re.compile(r"[0-9a-z]")
PACE = 500           # entries built between two pauses of a paced build (~30 ms of work)
CLAUSE_BREAK = re.compile(r"[，,。;；!！?？\n]")
# Words that begin with a negation character and negate nothing (a tax status, a price, a quality, an intensifier).
NOT_NEGATING = frozenset(("免税", "免费", "免检", "免邮", "无线", "非常", "无比", "无论", "不仅", "未来", "不锈", "非遗"))


@dataclass(frozen=True)
class Term:
    term: str
    kind: str
    rule_ids: tuple[str, ...]
    review: bool = False       # a human decides (the listing waits in review)
    category: str = ""
    source: str = ""
    proof: bool = False        # an attached proof makes the claim acceptable
    match: str = "auto"        # auto | word (a word starts here) | any (substring)
    unless: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    negators: tuple[str, ...] = ()  # context names that, just before the term, reverse it ("不能治疗", "仿真皮")


@dataclass(frozen=True)
class Match:
    term: Term
    start: int          # offsets into the original field text
    end: int
    text: str


def _needs_word_start(term: Term, key: str) -> bool:
    return term.match == "word" or (term.match == "auto" and len(key) <= 2 and not _LATIN.match(key))


class Matcher:
    """An automaton over a lexicon's terms, whitelisted phrases and context words, built once per lexicon version."""

    def __init__(self, terms: list[Term], whitelist: list[str] = (), contexts: dict[str, list[str]] | None = None,
                 pause=None):
        """`pause`: called every few hundred entries while building, so a build running beside reviews (a green
        thread) lets them run in between (usecases/lexicons.py); its `offload`, if any, runs the automaton's one
        long C call (in a native thread); None: build straight through."""
        entries: dict[str, list] = {}
        for term in paced(terms, pause):
            key = normalise(term.term)[0]
            if key:
                entries.setdefault(key, []).append(("term", term))
        for phrase in paced(whitelist, pause):
            key = normalise(phrase)[0]
            if key:
                entries.setdefault(key, []).append(("innocent", None))
        for name, words in (contexts or {}).items():
            for word in paced(words, pause):
                key = normalise(word)[0]
                if key:
                    entries.setdefault(key, []).append(("context", name))
        self.automaton = ahocorasick.Automaton()
        for key, payloads in paced(entries.items(), pause):
            self.automaton.add_word(key, (len(key), tuple(payloads)))
        self.empty = not entries
        if not self.empty:  # one C call, ~1 s at 100,000 terms: a pause may carry `offload` to run it off the loop
            getattr(pause, "offload", lambda call: call())(self.automaton.make_automaton)
        if pause is not None:
            pause()
        add_words((k for k, p in entries.items() if len(k) >= 3 and any(w == "term" for w, _ in p)), pause)

    def scan(self, norm: str):
        """(term hits, innocent spans, context hits by name) in the normalised text; spans are [start, end]."""
        hits, innocent, context = [], [], {}
        for end, (length, payloads) in self.automaton.iter(norm):
            start = end - length + 1
            for what, value in payloads:
                if what == "term":
                    hits.append((start, end, value))
                elif what == "innocent":
                    innocent.append((start, end))
                else:
                    context.setdefault(value, []).append((start, end))
        return hits, innocent, context

    def find(self, text: str, flags: frozenset = frozenset()) -> list[Match]:
        """Every term that `text` uses as a claim. `flags`: context names that hold for the whole listing."""
        if self.empty or not text:
            return []
        norm, origin = normalise(text)
        hits, innocent, context = self.scan(norm)
        starts = None
        judged, negated = [], set()
        for start, end, term in hits:
            if any(s <= start and end <= e for s, e in innocent):
                continue
            if _LATIN.match(norm[start]) or _LATIN.match(norm[end]):
                if not _latin_whole(text, origin[start], origin[end] + 1):
                    continue
            elif _needs_word_start(term, norm[start:end + 1]):
                starts = word_starts(norm) if starts is None else starts
                if start not in starts or (end - start == 1 and end + 1 not in starts):
                    continue  # a two-character term is a whole word ("万能" is not a claim inside "万能胶")
            if term.negators and (start - 1 in negated or (start - 2 in negated and norm[start - 1] in LIST_JOINERS)
                                  or any(_negates(self._whole(context.get(n, ()), norm), start, text, origin)
                                         for n in term.negators)):
                negated.add(end)  # a negation reaches along a list: "不提供刷单、补单服务"
                continue
            if term.unless and _context(term.unless, context, flags, start, end):
                continue
            if term.requires and not _context(term.requires, context, flags, start, end):
                continue
            judged.append((start, end, term))
        kept = [h for h in judged if h[2].kind.startswith("@")]  # helper words (treatment, brand ...) all count
        claims = []
        for start, end, term in sorted(judged, key=lambda h: (-(h[1] - h[0]), h[0])):
            if not term.kind.startswith("@") and not any(start <= e and s <= end for s, e, _ in claims):
                claims.append((start, end, term))
        kept += claims
        out = []
        for start, end, term in sorted(kept, key=lambda h: h[0]):
            first, last = origin[start], origin[end] + 1
            out.append(Match(term, first, last, text[first:last]))
        return out


    @staticmethod
    def _whole(spans, norm: str):
        """Round 14: a one-character negation that begins one of the words in which it negates nothing ("免税香烟" is
        cigarettes, "无线" a radio link, "非常" an intensifier) is not a negation; everywhere else it is ("免香精")."""
        return [(s, e) for s, e in spans if s != e or norm[s:s + 2] not in NOT_NEGATING]


def paced(items, pause, every: int = PACE):
    """`items`, calling `pause()` after every `every` of them (no pause: the items as they are)."""
    if pause is None:
        yield from items
        return
    for i, item in enumerate(items, 1):
        yield item
        if i % every == 0:
            pause()


def _negates(spans, start: int, text: str, origin: list[int]) -> bool:
    """A negation ending at most NEGATION_REACH characters before `start`, in the same clause of the original text:
    punctuation is dropped when normalising, so "通透无杂质, 玻璃…" would otherwise read "无" onto "玻璃" (round 6)."""
    return any(start - NEGATION_REACH <= e <= start - 1 and not CLAUSE_BREAK.search(text, origin[e] + 1, origin[start])
               for _, e in spans)


def _context(names, context, flags, start: int, end: int) -> bool:
    for name in names:
        if name in flags:
            return True
        if any(s <= end + WINDOW and e >= start - WINDOW for s, e in context.get(name, ())):
            return True
    return False


def _latin_whole(text: str, first: int, last: int) -> bool:
    before = text[first - 1] if first > 0 else " "
    after = text[last] if last < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())
