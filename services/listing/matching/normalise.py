"""Listing text normalised the way evaders write is undone — full-width to half-width and compatibility forms (NFKC),
case, traditional to simplified Chinese (OpenCC), and noise inserted between letters ("最*好", "最 佳", emoji) dropped —
while every normalised character remembers where it came from, so a finding names the exact span of the original
field."""

import re
import unicodedata
from functools import lru_cache

import opencc

# Characters an evader puts between letters; they never carry meaning inside a term.
NOISE = set(" \t\r\n*·•._-—~|/\\,，、。!！?？'\"“”‘’`^#@$&()（）[]【】<>《》{}=+:：;；…") | {"\u200b", "\u200c", "\u200d",
                                                                                         "\ufeff"}
_T2S = opencc.OpenCC("t2s")
# Emoji that sellers write for a word ("🐘🦷" for 象牙, "🐎仕" for 马仕, "返🧧" for 返红包, "💯" for 100%): read as the word
# their Unicode CLDR short name gives (round 6); every other emoji stays noise. Variation selectors are dropped.
EMOJI_WORDS = {"🐘": "象", "🦷": "牙", "🐎": "马", "🐴": "马", "🐯": "虎", "🐅": "虎", "🦏": "犀", "🐢": "龟",
               "🐍": "蛇", "🦜": "鹦鹉", "🔫": "枪", "💊": "药", "💉": "针", "🧧": "红包", "💯": "100%", "💰": "钱",
               "🈚": "无", "🉑": "可", "🐧": "企鹅", "⭐": "星", "🌟": "星"}
# A phone, QQ or group number spelled in number words ("幺三八 零零四五 六七八九", "八八六二二三四五") is read as
# digits by the clause patterns: a run of five or more number words (one character each, so spans keep their place).
DIGIT_WORDS = str.maketrans("零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖两", "001234567891123456789" + "2")
DIGIT_RUN = re.compile(r"[零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖两]{5,}")
ORDINAL_DIGIT = re.compile(r"第[1壹](?![0-9])")
VARIATION_SELECTORS = {"\ufe0e", "\ufe0f"}


@lru_cache(maxsize=65536)
def _fold(char: str) -> str:
    """One original character as it is matched: NFKC (full-width → half-width), lower case, simplified; an emoji
    that stands for a word is that word (`EMOJI_WORDS`)."""
    if char in EMOJI_WORDS:
        return EMOJI_WORDS[char]
    if char in VARIATION_SELECTORS:
        return ""
    if "\u00c0" <= char <= "\u024f" and (bare := _bare_latin(char)):
        return bare
    return _T2S.convert(unicodedata.normalize("NFKC", char).lower())


def _bare_latin(char: str) -> str:
    """Round 15: pinyin written with its tone mark ("抗ái", "zuì") is the plain letter, as the pinyin spellings are
    listed: a Latin letter with a diacritic is its base letter (NFKD, combining marks dropped)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
    return bare if len(bare) == 1 and bare.isascii() else ""


def fold_chars(text: str) -> str:
    """`text` with each character folded (full-width, case, simplified script) where it folds to one character, kept
    otherwise: the same length, so an index into the result is an index into `text`."""
    return "".join(f if len(f := _fold(c)) == 1 else c for c in text)


def normalise(text: str) -> tuple[str, list[int]]:
    """(normalised text, for each of its characters the index in `text` it came from)."""
    out, origin = [], []
    for index, char in enumerate(text):
        folded = _fold(char)
        for piece in folded:
            if piece == "." and _between_han(text, index):
                continue  # round 18: a dot between two Chinese characters is noise ("刷.单"), not "no.1" or "2.5"
            if piece in "+%.":  # + % . can belong to terms ("b+c", "100%纯", "no.1")
                pass
            elif piece in NOISE or unicodedata.category(piece)[0] in "PSZC":  # punctuation, symbols, spaces, controls
                continue
            out.append(piece)
            origin.append(index)
    return _ordinal_one("".join(out)), origin


def _between_han(text: str, index: int) -> bool:
    return 0 < index < len(text) - 1 and all("\u4e00" <= text[i] <= "\u9fff" for i in (index - 1, index + 1))


def _ordinal_one(norm: str) -> str:
    """Round 7: "第1" (also "第①", folded by NFKC) is the ordinal "第一" unless more digits follow ("第10"), so a rank
    claim written with a digit reads like the word; one character for one, so spans keep their place. Round 9: so is
    the financial numeral ("销量第壹")."""
    return ORDINAL_DIGIT.sub("第一", norm) if "第1" in norm or "第壹" in norm else norm


def fold(text: str, variants=None) -> tuple[str, list[int]]:
    """The text as clause patterns read it: every character folded like `normalise` (full-width, case, simplified
    script) but punctuation kept — a clause pattern needs its clause breaks — and only spaces dropped; then each
    spelled variant of a word (`variants`: a compiled `Variants`, "薇信", "vx", "扣扣", "➕") replaced by its
    canonical form; a run of five or more number words is digits ("幺三八零零…" → "138 00…"). Returns (folded text, for each folded character the index in `text` it came from)."""
    out, origin = [], []
    for index, char in enumerate(text):
        for piece in _fold(char):
            if piece.isspace() or piece in "\u200b\u200c\u200d\ufeff":
                continue
            out.append(piece)
            origin.append(index)
    folded = DIGIT_RUN.sub(lambda m: m.group().translate(DIGIT_WORDS), "".join(out))
    return variants.apply(folded, origin) if variants else (folded, origin)


class Variants:
    """Spelled variants of words (homoglyphs, homophones, Latin initials) to their canonical form, longest first.
    Round 15: `initials` — pinyin initials of a word ("hp" 好评, "fx" 返现) — are read only right after a Chinese
    character ("收货hp截图"), where no Latin brand or unit stands ("HP打印机", "3pm")."""

    def __init__(self, table: dict[str, str], initials: dict[str, str] | None = None):
        self.table, self.pattern = self._compiled(table)
        self.initials, pattern = self._compiled(initials or {})
        self.initials_pattern = re.compile(r"(?<=[\u4e00-\u9fff])(?:" + pattern.pattern + r")(?![a-z0-9])") \
            if pattern else None

    @staticmethod
    def _compiled(table: dict[str, str]):
        keys = sorted({"".join(_fold(c) for c in k if not c.isspace()): v for k, v in table.items()}.items(),
                      key=lambda kv: -len(kv[0]))
        return dict(keys), (re.compile("|".join(re.escape(k) for k, _ in keys)) if keys else None)

    def apply(self, folded: str, origin: list[int]) -> tuple[str, list[int]]:
        folded, origin = _replaced(folded, origin, self.pattern, self.table)
        return _replaced(folded, origin, self.initials_pattern, self.initials)


def _replaced(folded: str, origin: list[int], pattern, table: dict[str, str]) -> tuple[str, list[int]]:
    if pattern is None:
        return folded, origin
    out, where, at = [], [], 0
    for m in pattern.finditer(folded):
        out.append(folded[at:m.start()])
        where += origin[at:m.start()]
        canonical = table[m.group()]
        out.append(canonical)  # every canonical character points at the variant's first and last characters
        where += [origin[m.start()]] * (len(canonical) - 1) + [origin[m.end() - 1]]
        at = m.end()
    out.append(folded[at:])
    where += origin[at:]
    return "".join(out), where


def unspaced(text: str) -> list[int]:
    """Round 18: the indices of `text` a structural check reads — a space between two Chinese characters is noise
    ("限 时 特 价", "保 证 瘦"), dropped; map a span found in the reading back through them."""
    return [i for i, c in enumerate(text) if not (c.isspace() and 0 < i < len(text) - 1
                                                   and _between_han(text, i))]
