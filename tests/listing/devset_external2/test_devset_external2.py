"""The second external development set of the listing content review (issue 25): tests/listing/devset_external2/
cases.jsonl (`pytest -s -m devset_external tests/listing/devset_external2` prints the table, misses and false alarms).

Every case is a complete draft labelled violating or innocent by an expert reading of RULES.md (R-LST-*, PB-01..29)
and the seed standards; a violating case names its rule family and the span that breaks the rule, an innocent one
the family it resembles and (usually) the look-alike span. A case counts as flagged when the review does not
publish it or reports any finding. Precision and recall are printed overall and per family."""

import collections
import json
from pathlib import Path

import pytest

from tests.listing.usecases import Listings

pytestmark = pytest.mark.devset_external

# A DEVELOPMENT SET WRITTEN EXTERNALLY. cases.jsonl was written without sight of the lexicon, the matcher or the other
# corpora; it was the held-out split (tests/listing/heldout2) and was first measured at precision 0.869 / recall 0.743
# after round 1 and 0.910 / 0.793 after round 2, before any tuning against it. It has been seen since, so it is a
# development set now; the held-out split is the newest tests/listing/heldoutN (written by someone else, never opened
# here; heldout4 became a development set in round 5).
# Its cases are not edited and the bars are not lowered: errors are fixed by class (a mechanism with examples of our
# own in tests/listing/test_mechanisms.py or devset.py), never by copying its sentences.
MIN_PRECISION = 0.85
MIN_RECALL = 0.85

CASES_FILE = Path(__file__).with_name("cases.jsonl")
FAMILIES = ("absolute", "endorsement", "medical", "superstition", "imitation", "prohibited", "counterfeit",
            "ad_label", "off_platform", "forced_purchase", "fake_data")
OPERATOR = "m1"


def load_cases() -> list[dict]:
    with CASES_FILE.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def flagged(review: dict) -> bool:
    return review["status"] != "published" or bool(review["findings"])


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def scores(rows: list[tuple[dict, bool]]) -> dict:
    tp = sum(1 for case, hit in rows if case["label"] == "violating" and hit)
    fn = sum(1 for case, hit in rows if case["label"] == "violating" and not hit)
    fp = sum(1 for case, hit in rows if case["label"] == "innocent" and hit)
    tn = sum(1 for case, hit in rows if case["label"] == "innocent" and not hit)
    return {"tp": tp, "fn": fn, "fp": fp, "tn": tn, "precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn)}


def span_located(case: dict, review: dict) -> bool:
    """A flagged violating case whose findings overlap the labelled span (reported, not asserted)."""
    span = case.get("span")
    if not span:
        return False
    start = case["draft"][span["field"]].find(span["text"])
    end = start + len(span["text"])
    return any(f.get("field") == span["field"] and f.get("start", 0) < end and f.get("end", 0) > start
               for f in review["findings"])


def report(rows: list[tuple[dict, bool]], reviews: dict) -> str:
    lines = [f"{'family':<16}{'viol':>5}{'inno':>5}{'TP':>5}{'FN':>5}{'FP':>5}{'prec':>8}{'recall':>8}"]
    for family in (*FAMILIES, None):
        subset = [row for row in rows if family is None or row[0]["family"] == family]
        s = scores(subset)
        violating = s["tp"] + s["fn"]
        lines.append(f"{family or 'OVERALL':<16}{violating:>5}{s['fp'] + s['tn']:>5}{s['tp']:>5}{s['fn']:>5}"
                     f"{s['fp']:>5}{s['precision']:>8.3f}{s['recall']:>8.3f}")
    located = sum(1 for case, hit in rows if case["label"] == "violating" and hit
                  and span_located(case, reviews[case["id"]]))
    lines.append(f"flagged violating cases whose findings cover the labelled span: {located}")
    lines.append("MISSES (violating, published without findings):")
    lines += [f"  {case['id']} {case['family']}: {case['span']['text']}"
              for case, hit in rows if case["label"] == "violating" and not hit]
    lines.append("FALSE ALARMS (innocent, flagged):")
    for case, hit in rows:
        if case["label"] == "innocent" and hit:
            review = reviews[case["id"]]
            found = "; ".join(f"{f['kind']}:{f['text']!r}" for f in review["findings"]) or "-"
            lines.append(f"  {case['id']} {case['family']} status={review['status']} findings={found}")
    return "\n".join(lines)


def test_devset_external2_precision_and_recall(replica_for):
    listings = Listings(replica_for("listing"))
    cases = load_cases()
    reviews = {case["id"]: listings.check({"operator_id": OPERATOR, **case["draft"]}) for case in cases}
    rows = [(case, flagged(reviews[case["id"]])) for case in cases]
    overall = scores(rows)
    print("\n" + report(rows, reviews))
    assert overall["precision"] >= MIN_PRECISION and overall["recall"] >= MIN_RECALL, (
        f"external development set 2: precision {overall['precision']:.3f}, recall {overall['recall']:.3f} "
        f"(bars {MIN_PRECISION}, {MIN_RECALL})")


def test_devset_external2_cases_are_well_formed():
    cases = load_cases()
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids)), "case ids are unique"
    assert len(cases) >= 300
    innocent = sum(1 for case in cases if case["label"] == "innocent")
    assert 0.40 <= innocent / len(cases) <= 0.60, innocent / len(cases)
    per_family = collections.Counter(case["family"] for case in cases if case["label"] == "violating")
    assert set(per_family) == set(FAMILIES), per_family
    for case in cases:
        assert case["label"] in ("violating", "innocent"), case["id"]
        assert case["family"] in FAMILIES, case["id"]
        draft = case["draft"]
        assert draft["title"] and draft["category"] and draft["kind"] in ("product", "community_post"), case["id"]
        if case["label"] == "violating":
            assert case.get("span"), f"{case['id']}: a violating case names its span"
        if case.get("span"):
            span = case["span"]
            assert span["field"] in ("title", "description"), case["id"]
            assert span["text"] and span["text"] in draft[span["field"]], f"{case['id']}: span not in its field"
        if draft["category"] == "jewelry":
            assert {"brand", "material_fineness", "style", "size", "weight_g", "treatment"} <= set(draft["attributes"]), \
                case["id"]
