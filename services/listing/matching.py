"""Finding lexicon terms in listing text: one pass of an Aho–Corasick automaton (pyahocorasick) over the text after
normalising it the way evaders write — full-width to half-width and compatibility forms (NFKC), case, traditional to
simplified Chinese (OpenCC), and noise characters inserted between letters ("最*好", "最 佳") dropped — while every
normalised character remembers where it came from, so a finding names the exact span of the original field.

Overlaps resolve to the longest match ("销量第一" is an unproven claim, not also the absolute "第一"); a match inside
a whitelisted phrase ("第一步", "最初") is an innocent use and is not a finding.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import opencc

# Characters an evader puts between letters; they never carry meaning inside a term.
NOISE = set(" \t\r\n*·•._-—~|/\\,，、。!！?？'\"“”‘’`^#@$&()（）[]【】<>《》{}=+:：;；…") | {"\u200b", "\u200c", "\u200d",
                                                                                         "\ufeff"}
_T2S = opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _fold(char: str) -> str:
    """One original character as it is matched: NFKC (full-width → half-width), lower case, simplified."""
    return _T2S.convert(unicodedata.normalize("NFKC", char).lower())


def normalise(text: str) -> tuple[str, list[int]]:
    """(normalised text, for each of its characters the index in `text` it came from)."""
    out, origin = [], []
    for index, char in enumerate(text):
        folded = _fold(char)
        for piece in folded:
            if piece in NOISE and piece not in "+%.":  # + % . can belong to terms ("b+c", "100%纯", "no.1")
                continue
            out.append(piece)
            origin.append(index)
    return "".join(out), origin


@dataclass(frozen=True)
class Term:
    term: str
    kind: str
    rule_ids: tuple[str, ...]
    review: bool = False


@dataclass(frozen=True)
class Match:
    term: Term
    start: int          # offsets into the original field text
    end: int
    text: str


class Matcher:
    """An automaton over a lexicon's terms and whitelisted phrases, built once per lexicon version."""

    def __init__(self, terms: list[Term], whitelist: list[str]):
        self.automaton = ahocorasick.Automaton()
        for term in terms:
            key = normalise(term.term)[0]
            if key:
                self.automaton.add_word(key, ("term", term, len(key)))
        for phrase in whitelist:
            key = normalise(phrase)[0]
            if key and not self.automaton.exists(key):
                self.automaton.add_word(key, ("innocent", None, len(key)))
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        if self.empty or not text:
            return []
        norm, origin = normalise(text)
        hits, innocent = [], []
        for end, (what, term, length) in self.automaton.iter(norm):
            start = end - length + 1
            (hits if what == "term" else innocent).append((start, end, term))
        kept = []
        # longest first, then leftmost: a shorter match inside a kept or innocent span is not a finding of its own
        for start, end, term in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
            if any(s <= start and end <= e for s, e, _ in innocent):
                continue
            if any(not (end < s or start > e) for s, e, _ in kept):
                continue
            kept.append((start, end, term))
        matches = []
        for start, end, term in sorted(kept, key=lambda h: h[0]):
            first, last = origin[start], origin[end] + 1
            matches.append(Match(term, first, last, text[first:last]))
        return matches


def contains(text: str, words) -> list[tuple[int, int, str]]:
    """Spans of `words` in `text`, matched like lexicon terms (for the treatment, natural and metal word lists)."""
    return [(m.start, m.end, m.text) for m in Matcher([Term(w, "word", ()) for w in words], []).find(text)]
