"""What a community member's own post claims (pure; R-LST-20..23 read claims of goods offered). A member asking about
a condition ("请问宝宝湿疹用什么面霜?") names it; round 16: a member's care story that sends the reader to a doctor
("严重的还是去医院看皮肤科") names the condition it tells of, and a member asking to buy ("求购二手婴儿床 … 自提最好")
states a wish, not a claim about goods — neither when the post offers anything (a price, a link, the promotional flag)."""

import re

from .matching import Match

ASKS = re.compile(r"请问|求推荐|求助|有没有人|大家[^。!！]{0,12}[?？]")
DOCTOR = re.compile(r"去医院|看医生|就医|遵医嘱|问医生|看(皮肤|儿|内|外)科|找医生")
BUYER = re.compile(r"^\s*(求购|求收|求一[个台辆张件]|想买|收一[个台辆张件])")
OFFERED = re.compile(r"https?://|链接|[¥￥]\s*\d|\d+(\.\d+)?\s*(元|块)|下单|私信|代购")
EFFICACY_VERB = re.compile(r"[治疗愈除消防抗降缓]|改善|调理")


def claims_nothing(listing: dict, text: str, m: Match) -> bool:
    if listing.get("kind") != "community_post":
        return False
    if m.term.kind == "efficacy_claim" and ASKS.search(text):
        return True
    whole = " ".join([listing.get("title") or "", listing.get("description") or ""])
    if listing.get("promotional") or listing.get("price") is not None or OFFERED.search(whole):
        return False
    if m.term.kind == "efficacy_claim":  # a condition named bare, never a cure or a treatment claimed
        return bool(DOCTOR.search(whole)) and not EFFICACY_VERB.search(m.text)
    return m.term.kind == "absolute_claim" and bool(BUYER.search(listing.get("title") or ""))
