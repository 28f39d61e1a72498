"""Claims that need a proof (awards, endorsements, registrations) and the proof cited beside them — in the claim's
sentence, or beside the same words elsewhere in the listing (round 8)."""

import re

# Round 8: a claim that needs a proof, with the proof cited in its sentence — a certificate or licence number, or where
# on the listing the document is shown ("获2025年农博会金奖(证书见详情页图5)", "联名款, 授权编号GGWC-2026-…"); round 11:
# an endorser's contract by its number ("签约代言人…(合同编号 …)"); round 21: a patent by its number ("专利号ZL…").
PROOF_CITED = re.compile(r"(证书|专利号|授权书|授权编号|授权号|授权标|批准文号|批文|备案号|登记号|检测报告|获奖证书|合同|代言合同|聘书)\s*(见|详见|可查|编号|号码?"
                         r"|[:：]?\s*[A-Za-z]{2,}[A-Za-z0-9-]{2,})|(见|详见)(详情页?|附件|资质页|证书)")


def proof_cited(text: str, first: int, last: int) -> bool:
    """The proof cited in the sentence of the claim at [first, last) — or, through `_occurrences`, of the same claim
    elsewhere in the listing (a title repeating what the description proves)."""
    start = max(text.rfind(c, 0, first) for c in "。!！?？\n") + 1
    stop = min([at for at in (text.find(c, last) for c in "。!！?？\n") if at >= 0] or [len(text)])
    return bool(PROOF_CITED.search(text, start, stop))


def proved_in_text(text: str, start: int, end: int, listing_text: str) -> bool:
    """A claim that needs a proof, with the proof cited beside it or beside the same words elsewhere (round 8)."""
    said = text[start:end]
    return proof_cited(text, start, end) or any(proof_cited(listing_text, at, at + len(said))
                                                for at in _occurrences(listing_text, said))


def _occurrences(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0 and len(found) < 8:
        found.append(at)
        at = text.find(word, at + 1)
    return found


# Round 21: a clause-pattern claim that needs a proof (a title conferred, a credential, a patent: the categories of the
# lexicon's proof groups) is proven by the proof cited in its sentence ("推荐函见附件", "专利号ZL…") or by an attached
# `proofs` entry that names it (shares a three-character stretch with the claim: "宠物医院王医生推荐").
def unproven(findings: list, listing: dict, texts: dict[str, str], categories: frozenset) -> list:
    """The clause-pattern findings left once those of a proof category proven as above are taken out."""
    attached = [str(p) for p in listing.get("proofs") or []]
    return [f for f in findings if f.category not in categories
            or not (proof_cited(texts.get(f.field) or "", f.start, f.end) or _named(f.text, attached))]


def _named(claim: str, attached: list[str]) -> bool:
    said = re.sub(r"[^\w]", "", claim)
    return any(said[i:i + 3] in proof for proof in attached for i in range(max(1, len(said) - 2)))
