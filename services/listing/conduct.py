"""Conduct checks (pure, issue 27) on what hosts and community users say: insults (PB-11), a host's improper remarks
and departures from the session's declared plan (PB-12), a staged sales scene or a persona the records contradict
(PB-08), and a community user's exaggeration to make others buy (PB-04). The words are data (conduct.json, each list
with its source), matched on the normalised text (matching.normalise) with the exact span of the original."""

import json
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from tianping.lib.enforcement import NO_FINDING, enforces

from .findings import Finding
from .matching import normalise

DATA = Path(__file__).with_name("conduct.json")
HOSTED = ("transcript", "caption", "product_card")  # what the host says or shows
EXAGGERATION_KINDS = ("absolute_claim", "unproven_claim", "efficacy_claim", "fake_as_real", "guarantee_claim")
PRICE = re.compile(r"[¥￥]\s*(\d+(?:\.\d{1,2})?)|(\d+(?:\.\d{1,2})?)\s*(?:元|块)")
REFERENCE_PRICE = re.compile(r"(原价|市场价|专柜价|吊牌价|划线价|日常价|平时)\s*(卖)?\s*$")  # a price compared with, not the offer


@lru_cache(maxsize=1)
def data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=256)
def _folded(words: tuple[str, ...]) -> tuple[tuple[str, frozenset], ...]:
    """The normalised words, longest first, each with its characters."""
    folded = sorted({normalise(w)[0] for w in words if w}, key=len, reverse=True)
    return tuple((w, frozenset(w)) for w in folded if w)


@lru_cache(maxsize=1024)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, words)))


@lru_cache(maxsize=8192)
def _char(ch: str) -> str:
    return normalise(ch)[0]


@lru_cache(maxsize=4096)
def _present(text: str) -> frozenset:
    """The characters `text` has once normalised, read char by char (cheap): a word none of whose characters are
    all present cannot match, and the text is then not normalised as a whole."""
    return frozenset(c for ch in set(text) for c in _char(ch))


@lru_cache(maxsize=4096)
def _normalised(text: str) -> tuple[str, tuple[int, ...]]:
    norm, origin = normalise(text)
    return norm, tuple(origin)


def spans(text: str, words, exceptions=()) -> list[tuple[int, int, str]]:
    """Non-overlapping spans of `words` in the original `text` (matched normalised), none inside an exception."""
    if not text:
        return []
    present = _present(text)
    candidates = tuple(w for w, chars in _folded(tuple(words)) if chars <= present)
    if not candidates:
        return []
    norm, origin = _normalised(text)
    excused = tuple(w for w, chars in _folded(tuple(exceptions)) if chars <= present)
    excused = [m.span() for m in _pattern(excused).finditer(norm)] if excused else []
    out = []
    for m in _pattern(candidates).finditer(norm):
        s, e = m.span()
        if any(a <= s and e <= b for a, b in excused):
            continue
        start, end = origin[s], origin[e - 1] + 1
        out.append((start, end, text[start:end]))
    return out


PB12_PART = ("improper remarks other than the insults of conduct.json; a community user's improper remarks are "
             "found as insults (PB-11) only")


@enforces("PB-11", neutral=NO_FINDING)
@enforces("PB-12", neutral=NO_FINDING, partly=PB12_PART)
def insults(text: str, kind: str, field: str = "text") -> list[Finding]:
    """PB-11: an insult or abuse of others; said by the host on air it is also an improper remark (PB-12)."""
    terms = data()["insults"]
    rule_ids = ("PB-11", "PB-12") if kind in HOSTED else ("PB-11",)
    return [Finding(rule_ids, "insult", field, s, e, t, f"insulting or abusive language: {t}")
            for s, e, t in spans(text, terms["terms"], terms["exceptions"])]


@enforces("PB-08", neutral=NO_FINDING)
def staged_or_false_persona(text: str, kind: str, session: dict, field: str = "text") -> list[Finding]:
    """PB-08 in what the host says: a staged sales scene (a quarrel with the boss, a secret price, a fake closing
    down), or a claim to be the owner, factory or founder by a host who is not the session's operator."""
    if kind not in HOSTED:
        return []
    staged = [Finding(("PB-08",), "staged_scene", field, s, e, t, f"a staged sales scene: {t}")
              for s, e, t in spans(text, data()["staged_scene"]["terms"])]
    if session.get("host_id") and session.get("host_id") != session.get("operator_id"):
        staged += [Finding(("PB-08",), "false_persona", field, s, e, t,
                           f"host {session['host_id']} is not the operator {session.get('operator_id')}, yet says: {t}")
                   for s, e, t in spans(text, data()["owner_persona"]["terms"])]
    return staged


@enforces("PB-12", neutral=NO_FINDING, partly=PB12_PART)
def off_plan(text: str, kind: str, plan: dict | None, field: str = "text") -> list[Finding]:
    """PB-12: the host departs from the session's declared plan (SessionIn.plan) — a product card for goods the plan
    does not list, or a price said for a planned product other than its planned price."""
    items = (plan or {}).get("items") or []
    if not items or kind not in ("transcript", "product_card"):
        return []
    named = [i for i in items if spans(text, [i["name"]])]
    if kind == "product_card":
        return [] if named else [Finding(("PB-12",), "off_plan", field, 0, len(text), text,
                                         "a product card for goods the session's plan does not list")]
    if len(named) != 1 or named[0].get("price") is None:
        return []
    planned = Decimal(str(named[0]["price"]))
    out = []
    for m in PRICE.finditer(text):
        said = _decimal(m.group(1) or m.group(2))
        if said is not None and said != planned and not REFERENCE_PRICE.search(text[max(0, m.start() - 6):m.start()]):
            out.append(Finding(("PB-12",), "off_plan", field, m.start(), m.end(), m.group(0),
                               f"price {said} said for {named[0]['name']}, planned {planned}"))
    return out


@enforces("PB-04", neutral=NO_FINDING, partly="untrue descriptions other than the review's claim and fake-as-real "
                                               "findings (false facts about the goods) are left to reports")
def community_exaggeration(item: dict, found: list[Finding]) -> list[Finding]:
    """PB-04: in a community post, an untrue or exaggerated claim about goods (the review's claims and fake-as-real
    findings) is the community user's inducement to buy: those findings also cite PB-04. Other findings unchanged."""
    if item.get("kind") != "community_post":
        return found
    return [Finding((*f.rule_ids, "PB-04"), f.kind, f.field, f.start, f.end, f.text, f.message, f.review, f.category)
            if f.kind in EXAGGERATION_KINDS and "PB-04" not in f.rule_ids else f for f in found]


def post(item: dict) -> list[Finding]:
    """The insults in a community post's title and description (PB-11)."""
    if item.get("kind") != "community_post":
        return []
    return [f for field in ("title", "description") for f in insults(item.get(field) or "", "community_post", field)]


def segment(kind: str, text: str, session: dict) -> list[Finding]:
    """Every conduct finding on one live segment of `session` (its host, operator and plan)."""
    return insults(text, kind) + staged_or_false_persona(text, kind, session) + off_plan(text, kind,
                                                                                         session.get("plan"))


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
