"""The class model (issue 25): a learned second opinion beside the lexicon, one classifier per kind of violation
(absolute claims, endorsements, efficacy, fake data, prices …) over the characters of a listing's texts, trained on
the development corpora (tools/class_model, `make class-model`) and shipped as data (class_model.json: vocabulary,
idf, weights, calibration and thresholds — no learning library at run time). It reads what a lexicon cannot list:
the class of phrasing, not the phrase. Pure: a finding per kind whose calibrated probability reaches the kind's
cross-validated threshold and that the lexicon found nothing for, sent to a human (review=True), never rejected,
with the kind's rule IDs and the most indicative span of the text as evidence."""

import json
import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import model_vetoes_r23
from .findings import Finding
from .reference_price import BASIS

ARTEFACT = Path(__file__).resolve().parent / "class_model.json"
NGRAMS = (1, 4)
# Round 15: a refusal or a denial inside the evidence — the model weighs the words of a practice, not that the seller
# says it does not do it; the lexicon's readings (disclaimers.py, clauses.AFTER_GUARDS) have judged those words already.
REFUSED = re.compile(r"不设|不搞|不做|不参与|拒绝|杜绝|从不|从未|严禁|禁止|谢绝|不提供|无关|没有关系|不挂钩|绝不")
# Round 18: a listing that denies the promise outright ("效果因人而异，不承诺分数", "不保证升值", "投资有风险") makes none — the
# guarantee model weighs the words of the result, not that the seller refuses to promise it.
PROMISE_DENIED = re.compile(r"(不|不能|无法|不敢|不作|不做|并不|从不|绝不)(保证|承诺|担保|包)(?!邮|装|退|换|修|售后|发货|正品)|因人而异|"
                            r"投资有风险|有风险|风险自担|盈亏自负|不荐股|不构成投资建议")
# Round 18: goods that name the model they fit ("适用机型：iPhone 15", "compatible with …"): the mark is the fit, not the
# goods' brand; the brand registry and the lexicon (原装, 1:1, 高仿 …) read a counterfeit claim beside it.
COMPATIBLE = re.compile(r"(适用|适配|兼容|匹配|compatible\s*with|fits?\s*for)\s*(机型|型号|于|车型)?\s*[:：]?\s*[a-z]", re.IGNORECASE)
# Round 19: a listing that disclaims any promise of a result or a return ("本课程不作保证", "不保本", "不能保证") or states
# a refund by the time of cancelling ("开课前可全额退款，开课后按剩余课时退费": a remedy, not a result) is not read as a
# guarantee by the model; the lexicon's guarantee readings still judge its words (Advertising Law art. 24, 25).
PROMISE_DISCLAIMED = re.compile(r"(不作|不能|无法|不敢|不做|并不|不)(保证|承诺|担保)|不保本|不保收益|有风险|风险自(负|担)|"
                                r"退(款|费)[^。；;\n]{0,12}按(剩余|实际|未上|未使用|未消耗|比例)")
# Round 19: a buyer's question answered no in the evidence ("能降血压吗？答：不能"): the seller denies the claim.
ANSWERED_NO = re.compile(r"(吗|么)\s*[?？]\s*(答|回复|店主|客服)?\s*[:：]?\s*(不能|不可以|不会|没有|不是|不行|没用)")
# Round 21: a listing that attaches its proofs (`proofs`) has had its endorsements judged by the lexicon's proof rule;
# and a promotion whose end is declared (`promotion.ends_at`) and stated in the text beside its price, with no
# reference price or fee word, states its terms (price_rules found none open): the model weighs the offer's words.
REFERENCE_OR_FEE = re.compile(r"原价|划线|市场价|专柜|吊牌|指导价|零售价|门店价|官网价|日常价|另|加收|费|改价|私聊|咨询|为准")
PROMOTION_ENDS = re.compile(r"(截至|截止|至|到)\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]")
# Round 22: the platform's own channel named in the evidence, with no channel outside the platform in the listing.
ON_PLATFORM = re.compile(r"(平台|站内|店铺|官方|小店|app)(内)?(私信|消息|客服|聊天|留言|工单)|站内信")
OFF_PLATFORM = re.compile(r"微信|vx|qq|v信|薇|加我|电话|手机号?|\d{7,}|群|私下|转账|支付宝|线下", re.IGNORECASE)
FIGURE = re.compile(r"\d+(\.\d+)?\s*(元|块)?")
SPAN_MAX = 24  # characters: the evidence is a phrase, not the whole text
# The lexicon's findings (their category, else their kind) that already cover each model kind: the model speaks
# only when the lexicon found nothing for that kind (or cited none of the kind's rules all together).
COVERED_BY = {
    "absolute": ("absolute_claim", "absolute", "absolute-government"),
    "endorsement": ("unproven_claim", "award", "celebrity-endorsement", "consumer-body-endorsement",
                    "expert-endorsement", "media-endorsement", "sales-rank", "sales-figure", "absolute-government"),
    "efficacy": ("efficacy_claim", "medical-efficacy"), "superstition": ("superstition_claim", "superstition"),
    "imitation": ("fake_as_real", "treated_as_natural", "imitation-as-real", "purity-vs-ingredients",
                  "treatment-concealed"),
    "counterfeit": ("counterfeit", "counterfeit-equivalence", "counterfeit-indication", "counterfeit-with-brand",
                    "sold-as-new-or-genuine", "look-alike-mark", "unauthorised-brand"),
    "prohibited": ("prohibited_goods",), "wildlife": ("prohibited_goods",),
    "jewelry": ("fake_as_real", "treated_as_natural", "certificate", "treatment-concealed",
                "untreated-claim-contradicted", "imitation-as-real"),
    "community_ad": ("ad_label",), "offplatform": ("off-platform",), "fakedata": ("fake-data", "staged-scene"),
    "forced": ("forced-purchase", "hidden-charge"), "guarantee": ("guaranteed-results", "guaranteed-returns"),
    "price": ("reference-price", "price-or-terms-misleading", "subsidy-claim", "hidden-charge",
              "promotion-terms-unstated", "price-not-firm", "fee-unlisted"),
}


def fold(text: str) -> str:
    """One character for one character (so spans map back exactly): compatibility form (full-width -> half-width),
    lower case."""
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=65536)
def _fold_char(c: str) -> str:
    return (unicodedata.normalize("NFKC", c) or c)[0].lower()


def fields(listing: dict) -> dict[str, str]:
    """The texts the model reads, by field: title, description, the promotion's texts, string attributes."""
    out = {"title": listing.get("title") or "", "description": listing.get("description") or ""}
    for key in ("description", "conditions"):
        if (listing.get("promotion") or {}).get(key):
            out[f"promotion.{key}"] = listing["promotion"][key]
    for key, value in sorted((listing.get("attributes") or {}).items()):  # in one order, however they came
        if isinstance(value, str) and value:
            out[f"attributes.{key}"] = value
    return out


def document(listing: dict) -> str:
    """The one text a listing is classified by: every field folded, one per line. No marker of its kind or category:
    on a short text such a marker outweighs the words (a plain community post read as an advertisement)."""
    return "\n".join(fold(text) for text in fields(listing).values())


def ngrams(text: str) -> list[str]:
    """Every character n-gram, n in NGRAMS (the vectoriser's analyzer at training time too)."""
    return [text[i:i + n] for n in range(NGRAMS[0], NGRAMS[1] + 1) for i in range(len(text) - n + 1)]


class ClassModel:
    """The artefact loaded: score(listing) -> {kind: probability}; evidence(listing, kind) -> (field, start, end)."""

    def __init__(self, artefact: dict):
        self.version, self.kinds = artefact["version"], artefact["kinds"]
        self.rule_ids = {k: tuple(v) for k, v in artefact["rule_ids"].items()}
        self.threshold, self.platt = artefact["thresholds"], artefact["platt"]
        self.intercept = np.array(artefact["intercept"])
        self.index = {gram: i for i, gram in enumerate(artefact["features"])}
        self.idf = np.array([row[0] for row in artefact["features"].values()])
        self.weights = np.zeros((len(self.index), len(self.kinds)))
        for i, (_, *pairs) in enumerate(artefact["features"].values()):
            for j in range(0, len(pairs), 2):
                self.weights[i, pairs[j]] = pairs[j + 1]

    def vector(self, text: str) -> tuple[list[int], np.ndarray]:
        """Sublinear tf x idf, l2-normalised, over the known n-grams (sklearn's TfidfVectorizer, exactly): the
        n-grams' rows and values."""
        counts = Counter(ngrams(text))
        known = counts.keys() & self.index.keys()
        rows = [self.index[g] for g in known]
        values = (1.0 + np.log(np.array([counts[g] for g in known], dtype=float))) * self.idf[rows]
        norm = float(np.sqrt(values @ values)) or 1.0
        return rows, values / norm

    def margins(self, listing: dict) -> list[float]:
        rows, values = self.vector(document(listing))
        return (self.intercept + values @ self.weights[rows]).tolist() if rows else self.intercept.tolist()

    def score(self, listing: dict) -> dict[str, float]:
        """Each kind's calibrated probability (Platt scaling fitted on the cross-validated margins)."""
        return {kind: 1.0 / (1.0 + math.exp(min(60.0, -(a * z + b))))
                for kind, z, (a, b) in zip(self.kinds, self.margins(listing), self.platt, strict=True)}

    def evidence(self, listing: dict, kind: str) -> tuple[str, int, int]:
        """The most indicative span: per character the summed weight of the n-grams covering it, and the contiguous
        run (at most SPAN_MAX) with the largest positive sum, over every field."""
        k, best = self.kinds.index(kind), ("", 0, 0, 0.0)
        for field, text in fields(listing).items():
            start, end, total = _heaviest_run(self._saliency(fold(text), k))
            if total > best[3]:
                best = (field, start, end, total)
        return best[:3]

    def _saliency(self, folded: str, k: int) -> np.ndarray:
        """Each character's share of the weight (for kind k, times idf) of every known n-gram covering it."""
        saliency = np.zeros(len(folded))
        for n in range(NGRAMS[0], min(NGRAMS[1], len(folded)) + 1):
            rows = np.array([self.index.get(folded[i:i + n], -1) for i in range(len(folded) - n + 1)])
            known = rows >= 0
            w = np.zeros(len(rows))
            w[known] = self.weights[rows[known], k] * self.idf[rows[known]] / n
            for d in range(n):
                saliency[d:d + len(w)] += w
        return saliency


def _heaviest_run(values: np.ndarray) -> tuple[int, int, float]:
    """The contiguous run of at most SPAN_MAX values with the largest sum (start, end, sum); (0, 0, 0.0) if none."""
    best = (0, 0, 0.0)
    sums = np.concatenate([[0.0], np.cumsum(values)])
    for width in range(1, min(SPAN_MAX, len(values)) + 1):
        runs = sums[width:] - sums[:-width]
        at = int(np.argmax(runs))
        if runs[at] > best[2] + 1e-12:
            best = (at, at + width, float(runs[at]))
    return best


@lru_cache(maxsize=1)
def loaded() -> ClassModel | None:
    """The committed artefact, loaded once per process (None if the build has not made one)."""
    if not ARTEFACT.exists():
        return None
    return ClassModel(json.loads(ARTEFACT.read_text(encoding="utf-8")))


def findings(listing: dict, found: list[Finding], model: ClassModel | None = None,
             scores: dict[str, float] | None = None) -> list[Finding]:
    """A review finding per kind the model calls and the lexicon's findings do not already cover (`scores`: the
    kinds' probabilities if already known — the cross-validation's out-of-fold ones)."""
    model = model or loaded()
    if model is None:
        return []
    out = []
    for kind, p in (scores or model.score(listing)).items():
        if p < model.threshold[kind] or covered(kind, found, model.rule_ids[kind]) \
                or (kind == "community_ad" and labelled(listing)) \
                or (kind == "guarantee" and PROMISE_DISCLAIMED.search(document(listing))) \
                or (kind == "endorsement" and listing.get("proofs")) or (kind == "price" and _terms_stated(listing)) \
                or model_vetoes_r23.vetoed(kind, listing):  # round 23: the listing answers the reading
            continue
        field, start, end = model.evidence(listing, kind)
        text = fields(listing).get(field, "")[start:end]
        if REFUSED.search(text) or ANSWERED_NO.search(text):
            continue  # round 15: its evidence refuses or denies the practice ("本店不设好评返现"); n-grams read no negation
        if kind == "counterfeit" and (COMPATIBLE.search(document(listing)) or text.isascii()):
            continue  # round 18: a mark named as the model the goods fit ("适用机型：iPhone 15"), or plain English
            # evidence ("hooks included"): n-grams learnt from Chinese texts; brands.py and the lexicon read marks
        if kind == "guarantee" and PROMISE_DENIED.search(document(listing)):
            continue  # round 18: the seller denies the promise itself ("不承诺分数", "不保证升值")
        if kind == "offplatform" and ON_PLATFORM.search(text) and not OFF_PLATFORM.search(document(listing)):
            continue  # round 22: the platform's own messages named ("平台私信订单号"), no channel outside it
        if kind == "price" and based(fields(listing).get(field, ""), end):
            continue  # round 22: the price the evidence names has its basis right after it ("恢复39.9元（本店…成交价）")
        out.append(Finding(model.rule_ids[kind], "class_model", field, start, end, text,
                           f"the class model reads '{text}' as a {kind} violation (p={p:.2f}); a reviewer decides",
                           review=True, category=f"model-{kind}"))
    return out


def _terms_stated(listing: dict) -> bool:
    text = document(listing)
    ends = (listing.get("promotion") or {}).get("ends_at")
    return bool(ends and PROMOTION_ENDS.search(text) and not REFERENCE_OR_FEE.search(text))
def based(text: str, end: int) -> bool:
    """Round 22: the evidence's last figure is followed by the basis of a reference price (reference_price.BASIS)."""
    figures = list(FIGURE.finditer(text, 0, min(len(text), end + 2)))
    return bool(figures) and bool(BASIS.match(text, figures[-1].end()))


def labelled(listing: dict) -> bool:
    """The post carries 广告 where community.ad_label looks for it (its title, or the opening of its description):
    the one thing R-LST-21 asks of it is done, whatever the model reads."""
    return "广告" in (listing.get("title") or "") or "广告" in (listing.get("description") or "")[:50]


def covered(kind: str, found: list[Finding], rule_ids: tuple[str, ...]) -> bool:
    """The lexicon found this kind: a finding of a category (or kind) that covers it, or findings citing every one
    of its rules."""
    seen = {f.category or f.kind for f in found}
    cited = {r for f in found for r in f.rule_ids}
    return any(c in seen for c in COVERED_BY.get(kind, ())) or all(r in cited for r in rule_ids)
