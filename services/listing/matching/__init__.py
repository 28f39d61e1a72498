"""Finding lexicon terms in listing text: normalise (normalise.py), one automaton pass and the context judgement
(matcher.py), word segmentation for short terms (segment.py), literal anchors of clause patterns (anchors.py)."""

from .anchors import anchors
from .matcher import Match, Matcher, Term, paced
from .normalise import Variants, fold, normalise

__all__ = ["anchors", "Match", "Matcher", "Term", "paced", "Variants", "fold", "normalise", "contains"]


def contains(text: str, words) -> list[tuple[int, int, str]]:
    """Spans of `words` in `text`, matched like lexicon terms."""
    return [(m.start, m.end, m.text) for m in Matcher([Term(w, "word", (), match="any") for w in words]).find(text)]
