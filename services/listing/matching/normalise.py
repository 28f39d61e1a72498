"""Listing text normalised the way evaders write is undone — full-width to half-width and compatibility forms (NFKC),
case, traditional to simplified Chinese (OpenCC), and noise inserted between letters ("最*好", "最 佳", emoji) dropped —
while every normalised character remembers where it came from, so a finding names the exact span of the original
field."""

import unicodedata
from functools import lru_cache

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
            if piece in "+%.":  # + % . can belong to terms ("b+c", "100%纯", "no.1")
                pass
            elif piece in NOISE or unicodedata.category(piece)[0] in "PSZC":  # punctuation, symbols, spaces, controls
                continue
            out.append(piece)
            origin.append(index)
    return "".join(out), origin
