"""Round 24 readings in which a matched term claims nothing (pure; called from exceptions.py):

- "唯一" within the seller's own range named right before it ("全店唯一一款带恒温的", "本店唯一的实体款"): a fact
  about the seller's own goods, which the 2023 guideline on absolute terms leaves lawful, unless a wider scope
  (全国, 全网, 行业 …) is named between;
- a quote with its amount right after it ("师傅上门报价260元", "到店另付30元"): the charge is stated, not hidden
  (R-LST-18 asks for the fee's amount, which the text gives); read by clauses.py for the hidden-charge patterns."""

import re

from .matching import Match

AMOUNT_AFTER = re.compile(r"^\s*(为|是|[:：])?\s*[¥￥]?\s*\d+(\.\d+)?\s*(元|块|rmb|RMB)")
SCOPES = ("全国", "全网", "全球", "世界", "行业", "同行", "市面", "同类", "国内", "国际", "全城", "业内", "业界", "全市", "本市")


def is_own_sole(text: str, m: Match, lexicon) -> bool:
    """"唯一" right after an own-range marker, with no wider scope between."""
    if m.text != "唯一":
        return False
    before = text[max(0, m.start - 8):m.start]
    marked = [before.rfind(marker) + len(marker) for marker in lexicon.own_range_markers if marker in before]
    return bool(marked) and not any(scope in before[max(marked):] for scope in SCOPES) \
        and not any(scope in before for scope in SCOPES)


def charge_stated(folded: str, end: int) -> bool:
    """A hidden-charge match followed by its amount states the charge."""
    return bool(AMOUNT_AFTER.match(folded[end:end + 16]))
