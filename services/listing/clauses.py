"""Clause patterns: violations that are a construction, not a word — a condition tied to buying ("必须…购买…才…",
"不买…不发货", "单件不卖", "默认勾选…"), a reward tied to a review ("评价…返现", "删除差评…补偿"), bought data
("补单冲销量", "在线人数刷到…"), a contact handle or a payment made outside the platform ("vx: …", "进QQ群",
"支付宝转账给店主", "群内付款"). Each pattern is lexicon data (`clause_patterns`: category, kind, rule IDs, source,
a regular expression) read over the field folded for matching (full-width, case, simplified script; spelled variants
such as "薇信", "vx", "扣扣", "➕" replaced by their canonical word from the lexicon's `variants` table, so one
pattern reads every spelling). In a pattern, `{C}` is one character of the same clause and `{S}` one of the same
sentence. A match does not count when a negation, a prohibition or a warning stands just before it in its clause
("本店不做好评返现", "请勿私下转账", "谨防冒充…"), when it is reported speech of a question or of someone else
("有人问能不能加微信", "陌生人让你转账"), or when a warning follows it in its sentence ("…的都是诈骗", "一律拒绝")."""

import re
from dataclasses import dataclass

import ahocorasick

from .disclaimers import quoted_mention
from .exceptions_r24 import charge_stated
from .findings import Finding
from .matching import Variants, anchors, fold

CLAUSE_CHAR = r"[^，,。;；!！?？\n]"
SENTENCE_CHAR = r"[^。;；!！?？\n]"
CLAUSE_BREAK = re.compile(r"[，,。;；!！?？\n]")
SENTENCE_BREAK = re.compile(r"[。;；!！?？\n]")
GUARD_REACH = 8  # folded characters before a match in which a negation or a warning reverses it
GUARDS = ("不", "没", "别", "勿", "禁止", "严禁", "谨防", "警惕", "拒绝", "冒充", "诈骗", "骗子", "防骗", "问", "杜绝",
          "举报", "无需", "无须", "非", "让你", "叫你", "要你", "要求你", "要求您", "如有人", "若有人", "凡是",
          "如遇", "若遇", "如发现", "若发现", "一经发现")  # round 6: a condition reported ("如遇…强制消费可投诉")
# Round 7: a negating prefix right before a match reverses it ("无需额外购买", "免另购") — one character, so only adjacent.
NEGATING_PREFIX = ("无", "免")
# A warning after the match in its sentence reverses it too ("要求私下转账的都是诈骗", "…加微信付款, 一律拒绝").
AFTER_GUARDS = ("诈骗", "骗子", "骗局", "是骗", "请勿相信", "不要相信", "别信", "勿信", "一律拒绝", "请拒绝", "举报",
                "上当", "报警", "谨防", "不要理会")
# Round 15: the link a match states denied right after it, in its clause ("评价与返现无关").
LINK_DENIED = re.compile(r"[^，,。;；!！?？\n]{0,4}?(无关|没关系|没有关系|不挂钩|无任何关系|毫无关系|不相关|不相干)")
FIELDS = ("title", "description", "promotion.description", "promotion.conditions")
# Round 14: a fake-data match whose last clause opens with a refusal names a reward the seller does not give.
REFUSED_LAST = re.compile(r"\s*(不设|不搞|不给|不提供|不做|没有|无|不会?有|从不|绝不|拒绝|不)")
# Round 17: the reward refused right before it, wherever its clause opens ("评价好坏都不会有返现", "我们不做返现").
REFUSED_REWARD = re.compile(r"(不设|不搞|不给|不提供|不做|没有|不会?有|从不|绝不|拒绝|无)(任何|什么)?\S{1,3}$")


@dataclass(frozen=True)
class ClausePattern:
    regex: re.Pattern
    kind: str
    rule_ids: tuple[str, ...]
    category: str
    source: str
    message: str
    review: bool = False
    anchors: tuple[str, ...] | None = None  # one of them is in every match (None: always run) — round 7, throughput


def expand(pattern: str) -> str:
    """A lexicon pattern as a regular expression: `{C}` one character of the clause, `{S}` one of the sentence."""
    return pattern.replace("{C}", CLAUSE_CHAR).replace("{S}", SENTENCE_CHAR)


class Patterns(tuple):
    """The compiled clause patterns, with one automaton over all their anchors (round 7, throughput): one pass over a
    field finds which anchors it contains, and only the patterns with one of them (or with none at all) run."""

    def __new__(cls, patterns):
        made = super().__new__(cls, patterns)
        made.automaton = ahocorasick.Automaton()
        made.unanchored = frozenset(i for i, p in enumerate(made) if p.anchors is None)
        owners: dict[str, set[int]] = {}
        for i, pattern in enumerate(made):
            for anchor in pattern.anchors or ():
                owners.setdefault(anchor, set()).add(i)
        for anchor, indices in owners.items():
            made.automaton.add_word(anchor, frozenset(indices))
        if owners:
            made.automaton.make_automaton()
        made.empty = not owners
        return made

    def runnable(self, folded: str) -> frozenset[int]:
        if self.empty:
            return self.unanchored
        found = set(self.unanchored)
        for _, indices in self.automaton.iter(folded):
            found |= indices
        return frozenset(found)


def compile_patterns(records: list[dict]) -> Patterns:
    return Patterns(ClausePattern(re.compile(expand(r["pattern"])), r["kind"], tuple(r["rule_ids"]), r["category"],
                                  r.get("source", ""), r.get("message") or r["category"], bool(r.get("review", False)),
                                  anchors(expand(r["pattern"])))
                    for r in records)


def guarded(folded: str, start: int) -> bool:
    """A negation, prohibition or warning in the same clause just before `start` ("不提供刷单、补单服务")."""
    clause_start = max((m.end() for m in CLAUSE_BREAK.finditer(folded, 0, start)), default=0)
    before = folded[max(clause_start, start - GUARD_REACH):start]
    return any(word in before for word in GUARDS) or before.endswith(NEGATING_PREFIX)


def warned_after(folded: str, end: int) -> bool:
    """A warning later in the same sentence ("任何要求私下转账的都是诈骗", "陌生人让你转账, 一律拒绝")."""
    stop = SENTENCE_BREAK.search(folded, end)
    after = folded[end:stop.start() if stop else len(folded)]
    return any(word in after for word in AFTER_GUARDS) or bool(LINK_DENIED.match(folded, end))


def field_findings(field: str, text: str, patterns, variants: Variants | None) -> list[Finding]:
    folded, origin = fold(text, variants)
    out, taken = [], []
    runnable = patterns.runnable(folded) if isinstance(patterns, Patterns) else None
    for i, pattern in enumerate(patterns):
        if runnable is not None and i not in runnable:
            continue  # none of the literals every match contains is here (matching/anchors.py)
        for m in pattern.regex.finditer(folded):
            if m.end() <= m.start() or guarded(folded, m.start()) or warned_after(folded, m.end()):
                continue
            if quoted_mention(folded, m.start(), m.end()):
                continue  # quoted to be discussed ("解析“…”等霸王条款", round 7)
            if pattern.category == "fake-data" and REFUSED_LAST.match(CLAUSE_BREAK.split(m.group(0))[-1]):
                continue  # round 14: the reward refused in the match's last clause ("好评差评都展示，不设返现")
            if pattern.category == "fake-data" and REFUSED_REWARD.search(CLAUSE_BREAK.split(m.group(0))[-1]):
                continue  # round 17: the reward refused right before it ("评价好坏都不会有返现")
            if pattern.category == "hidden-charge" and charge_stated(folded, m.end()):
                continue  # round 24: the quote's amount follows it ("上门报价260元")
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue  # one finding per stretch of text: the first pattern that reads it
            taken.append((m.start(), m.end()))
            first, last = origin[m.start()], origin[m.end() - 1] + 1
            said = text[first:last]
            out.append(Finding(pattern.rule_ids, pattern.kind, field, first, last, said,
                               f"'{said}': {pattern.message}", pattern.review, pattern.category))
    return out


def findings(texts: dict[str, str], patterns, variants: Variants | None) -> list[Finding]:
    """Every clause-pattern finding in the listing's free texts (title, description, promotion)."""
    out = []
    for field in FIELDS:
        if texts.get(field):
            out += field_findings(field, texts[field], patterns, variants)
    return out
