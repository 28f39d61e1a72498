"""Round 24: a Latin mark written with letters that look the same in print ("SK-ll" for SK-II, "0rijen" for Orijen,
"Iululemon" for lululemon): capital I, small l and the digit 1 are one stroke, the digit 0 the letter o. A word or a
run of up to three words (joined as brands.py joins them) that reads as a registered mark once these are read alike,
but is not the mark itself, imitates it (法释〔2002〕32号 art. 10: similar in form). Pure."""

import re

HOMOGLYPHS = str.maketrans({"l": "i", "1": "i", "0": "o", "|": "i"})
TOKEN = re.compile(r"[A-Za-z0-9|][A-Za-z0-9|]*")
JOINERS = re.compile(r"[ \t-]+")
RUN = re.compile(r"[A-Za-z0-9|]+([ \t-]+[A-Za-z0-9|]+)*")

_READ: dict[int, tuple[dict, dict[str, str]]] = {}  # id(marks) -> (marks, read-alike -> brand)


def _read_alike(marks: dict[str, str]) -> dict[str, str]:
    cached = _READ.get(id(marks))
    if cached is not None and cached[0] is marks:
        return cached[1]
    read = {mark.translate(HOMOGLYPHS): brand for mark, brand in marks.items()}
    _READ[id(marks)] = (marks, read)
    return read


def runs(text: str, marks: dict[str, str]) -> list[tuple[int, int, str, str]]:
    """(start, end, text, brand) for each word or run of words that reads as a mark it is not."""
    read = _read_alike(marks)
    tokens = list(TOKEN.finditer(text))
    out = []
    for i, first in enumerate(tokens):
        for last in reversed(tokens[i:i + 3]):
            between = text[first.start():last.end()]
            if not RUN.fullmatch(between):
                continue
            joined = "".join(JOINERS.split(between)).lower()
            if not any(c.isalpha() for c in joined) or joined in marks:
                continue
            brand = read.get(joined.translate(HOMOGLYPHS))
            if brand:
                out.append((first.start(), last.end(), between, brand))
                break
    return out
