"""Literal anchors of a clause pattern (round 7, for throughput): strings one of which every match of the pattern
contains — the literal alternatives of one element that must match ("(必须|须)…" → 必须, 须; round 9: the element with
the longest literals, "(走|去)私单" → 私单), never an optional or zero-width one. A field none of whose anchors it contains cannot match, so the pattern is not run over it
(`str.__contains__` is far cheaper than a regular-expression scan whose first element is a group). A pattern whose first
mandatory element is not literal ("[^，]{0,8}…", a character class) has no anchors and is always run."""

import re
import re._constants as c
import re._parser as p

MAX_ANCHORS = 64


def anchors(regex: str) -> tuple[str, ...] | None:
    """The anchors of `regex`, or None when it has none (then the pattern always runs). Round 9: of the pattern's
    mandatory elements, the one whose literals are the longest (then the fewest) — every match contains one of each
    mandatory element's literals, wherever it stands, so "(不要|不卖)…(只要|仅需)" is anchored on 只要/仅需, not on 不."""
    try:
        items = list(p.parse(regex))
    except re.error:  # an unparsable pattern fails elsewhere, at compile
        return None
    best = None
    for found in _mandatory(items):
        if found and (best is None or _score(found) > _score(best)):
            best = found
    return best


def _mandatory(items: list):
    """The literals of each mandatory element of a sequence (a run of literals counts as one element)."""
    run = ""
    for op, av in items:
        if op is c.LITERAL:
            run += chr(av)
            continue
        if run:
            yield (run,)
            run = ""
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT) or (op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0):
            continue  # zero-width or optional: a match need not contain it
        yield _required(op, av)
    if run:
        yield (run,)


def _score(found: tuple[str, ...]) -> tuple[int, int]:
    return min(map(len, found)), -len(found)


def _required(op, av) -> tuple[str, ...] | None:
    if op is c.LITERAL:
        return (chr(av),)
    if op is c.IN and all(kind is c.LITERAL for kind, _ in av):
        return tuple(chr(v) for _, v in av)  # "(走|去|到)" is parsed as the class [走去到]
    if op is c.SUBPATTERN:
        return _sequence(list(av[3]))
    if op is c.BRANCH:
        out: list[str] = []
        for branch in av[1]:
            found = _sequence(list(branch))
            if not found:
                return None
            out += found
        return tuple(dict.fromkeys(out)) if len(out) <= MAX_ANCHORS else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
        return _sequence(list(av[2]))
    return None


def _sequence(items: list) -> tuple[str, ...] | None:
    """The anchors of a sequence's first mandatory element (a run of literals counting as one: "必须" of "必须…")."""
    return next(_mandatory(items), None)
