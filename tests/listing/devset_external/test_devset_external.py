"""The external development set run through the automatic review of a draft (`reviews.check`, the use case behind
`POST /v1/listings/check`): precision and recall for "violating vs innocent", per rule family and per kind of
innocent look-alike, printed as a table (`pytest -s -m devset_external tests/listing/devset_external`).

A case counts as flagged when the review finds anything (a finding of any kind, or a status other than
published): every listing in the corpus carries the fields its category needs, so a finding is a judgement on it. A flagged
violating case is in its family when one of its findings names a rule of the family or is of the family's kind:
the corpus is labelled at the level "violating or not, and which rule family", not exact kind names."""

import json
import pathlib
from collections import Counter

import pytest

from tests.listing.usecases import Listings

pytestmark = pytest.mark.devset_external

# A DEVELOPMENT SET WRITTEN EXTERNALLY. cases.jsonl was written from RULES.md and the seed standards by a reviewer who
# never saw the lexicon or the matcher; it was the held-out split until it was first measured (precision 0.824,
# recall 0.788, before any tuning against it). It has been seen since, so it is a development set now (so are
# tests/listing/devset_external2 and 3, formerly heldout2 and 3, and heldout4 since round 5); the held-out split is the
# newest tests/listing/heldoutN. Its cases are still
# not edited, and errors are fixed by class (a mechanism with examples of our own in tests/listing/devset.py), never
# by adding its terms one by one.
RECALL_MIN = 0.85
PRECISION_MIN = 0.85

CASES_FILE = pathlib.Path(__file__).with_name("cases.jsonl")
EXTERNAL_CASES = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]

# A finding belongs to a family when it names one of these rules (R-LST-36, the umbrella "no PB behaviour", alone
# decides nothing) or when its kind says so.
FAMILY_RULES = {
    "absolute": {"R-LST-20", "R-LST-22", "R-LST-23", "PB-03", "PB-04"},
    "unproven": {"R-LST-20", "R-LST-22", "R-LST-23", "PB-03", "PB-04"},
    "efficacy": {"R-LST-20", "R-LST-22", "R-LST-23", "PB-03", "PB-04"},
    "superstition": {"R-LST-20", "R-LST-22", "R-LST-23", "PB-03", "PB-04", "PB-12"},
    "fake_as_real": {"PB-05", "PB-06", "PB-02", "R-LST-06", "R-LST-23", "PB-03"},
    "prohibited": {"R-LST-08", "PB-13", "R-LST-12"},
    "trademark": {"R-LST-11", "R-LST-15", "PB-07", "PB-24", "R-LST-13", "PB-05"},
    "ad_label": {"R-LST-21", "PB-25"},
}
FAMILY_KIND_WORDS = {
    "absolute": ("absolute",), "unproven": ("unproven", "endorse", "rank", "award"), "efficacy": ("efficacy",),
    "superstition": ("supersti",), "fake_as_real": ("fake_as_real", "natural", "imitation"),
    "prohibited": ("prohibit", "restricted"), "trademark": ("trademark", "brand", "counterfeit", "infring"),
    "ad_label": ("ad_label", "advert"),
}
FAMILIES = tuple(FAMILY_RULES)


def finding_families(finding: dict) -> set[str]:
    kind = finding.get("kind") or ""
    by_kind = {family for family, words in FAMILY_KIND_WORDS.items() if any(word in kind for word in words)}
    if by_kind:
        return by_kind
    named = set(finding.get("rule_ids") or [finding.get("rule_id")]) - {"R-LST-36"}
    return {family for family, rule_ids in FAMILY_RULES.items() if named & rule_ids}


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def review_all(desk) -> list[dict]:
    results = []
    for case in EXTERNAL_CASES:
        review = desk.check(dict(case["listing"]))
        findings = review.get("findings") or []
        families = set().union(*(finding_families(f) for f in findings)) if findings else set()
        flagged = bool(findings) or review["status"] != "published"
        spans = [(f.get("field"), f.get("text")) for f in findings]
        results.append({"case": case, "flagged": flagged, "families": families, "status": review["status"],
                        "spans": spans, "missing": [f for f in findings if f.get("kind") == "missing_field"]})
    return results


def table(results: list[dict]) -> tuple[float, float, list[str]]:
    tp = sum(r["flagged"] for r in results if r["case"]["label"] == "violating")
    fn = sum(not r["flagged"] for r in results if r["case"]["label"] == "violating")
    fp = sum(r["flagged"] for r in results if r["case"]["label"] == "innocent")
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    lines = [f"external development set: {len(results)} cases, {tp + fn} violating, {len(results) - tp - fn} innocent",
             f"OVERALL violating vs innocent: precision {precision:.3f}  recall {recall:.3f}  "
             f"(TP {tp}, FP {fp}, FN {fn})", "",
             f"{'family':<14}{'cases':>6}{'flagged':>9}{'recall':>8}{'in family':>11}{'fam.recall':>12}"
             f"{'fam.flags':>11}{'fam.precision':>15}{'span hit':>10}"]
    for family in FAMILIES:
        mine = [r for r in results if r["case"].get("family") == family]
        flagged = [r for r in mine if r["flagged"]]
        right = [r for r in flagged if family in r["families"]]
        span_hits = [r for r in flagged if span_hit(r)]
        raised = [r for r in results if family in r["families"]]
        correct = [r for r in raised if r["case"]["label"] == "violating"]
        lines.append(f"{family:<14}{len(mine):>6}{len(flagged):>9}{ratio(len(flagged), len(mine)):>8.2f}"
                     f"{len(right):>11}{ratio(len(right), len(mine)):>12.2f}{len(raised):>11}"
                     f"{ratio(len(correct), len(raised)):>15.2f}{len(span_hits):>10}")
    lines += ["", f"{'innocent look-alike':<22}{'cases':>6}{'false alarms':>14}{'rate':>7}"]
    groups = Counter(r["case"]["lookalike"] for r in results if r["case"]["label"] == "innocent")
    alarms = Counter(r["case"]["lookalike"] for r in results if r["case"]["label"] == "innocent" and r["flagged"])
    for group, count in groups.most_common():
        lines.append(f"{group:<22}{count:>6}{alarms[group]:>14}{ratio(alarms[group], count):>7.2f}")
    return precision, recall, lines


def span_hit(result: dict) -> bool:
    """A finding overlaps the span the reviewer marked (same field, shared text)."""
    span = result["case"]["span"]
    return any(field == span["field"] and text and (text in span["text"] or span["text"] in text)
               for field, text in result["spans"])


def errors(results: list[dict]) -> list[str]:
    lines = ["", "misses (violating, not flagged):"]
    lines += [f"  {r['case']['id']}: {r['case']['listing']['title']} | {r['case']['listing']['description']} "
              f"[expected {r['case']['family']}: {r['case']['span']['text']}]"
              for r in results if r["case"]["label"] == "violating" and not r["flagged"]]
    lines += ["", "false alarms (innocent, flagged):"]
    lines += [f"  {r['case']['id']}: {r['case']['listing']['title']} | {r['case']['listing']['description']} "
              f"[flagged {sorted(r['families'])}: {[text for _, text in r['spans']]}]"
              for r in results if r["case"]["label"] == "innocent" and r["flagged"]]
    return lines


def test_the_external_development_set_is_well_formed():
    ids = [case["id"] for case in EXTERNAL_CASES]
    assert len(ids) == len(set(ids)) and len(EXTERNAL_CASES) >= 300
    by_label = Counter(case["label"] for case in EXTERNAL_CASES)
    assert 0.4 <= by_label["innocent"] / len(EXTERNAL_CASES) <= 0.6
    assert {case["family"] for case in EXTERNAL_CASES if case["label"] == "violating"} == set(FAMILIES)
    for case in EXTERNAL_CASES:
        if case["label"] == "violating":
            assert case["span"]["text"] in case["listing"][case["span"]["field"]], case["id"]


@pytest.fixture
def desk(replica_for):
    return Listings(replica_for("listing"))


def test_precision_and_recall_on_the_external_development_set(desk):
    results = review_all(desk)
    precision, recall, lines = table(results)
    incomplete = [r["case"]["id"] for r in results if r["missing"]]
    report = "\n".join(lines + errors(results)
                       + ["", f"cases with a missing_field finding: {incomplete}"])
    print("\n" + report)
    assert recall >= RECALL_MIN and precision >= PRECISION_MIN, \
        f"external development set precision {precision:.3f} / recall {recall:.3f} below {PRECISION_MIN} / {RECALL_MIN}"
