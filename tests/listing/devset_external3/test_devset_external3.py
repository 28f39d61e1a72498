"""The third external development set of the listing content review (issue 25, formerly the held-out split
tests/listing/heldout3): every draft in cases.jsonl through the automatic review (`reviews.check`, the code behind
POST /v1/listings/check), scored as a reviewer's verdict against the review's
(`pytest -s -m devset_external tests/listing/devset_external3` prints the table, misses and false alarms).

A case counts as flagged when the status is not `published` or any finding exists. Rules: R-LST-08, R-LST-11,
R-LST-15, R-LST-20..23, R-LST-36, PB-03..PB-10, PB-13, PB-24..PB-26."""

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.listing.usecases import Listings

pytestmark = pytest.mark.devset_external

# A DEVELOPMENT SET WRITTEN EXTERNALLY. cases.jsonl was written from RULES.md and the seed standards alone, without
# sight of the lexicon, the matcher or the other corpora; as the held-out split (tests/listing/heldout3) it was first
# measured at precision 0.831 / recall 0.655 after round 2 and 0.893 / 0.758 after round 3, before any tuning against
# it. It has been seen since, so it is a development set now; the held-out split is the newest tests/listing/heldoutN
# (written by someone else, never opened here; heldout4 became a development set in round 5). Its cases are not
# edited and the bars are not lowered: errors are fixed by
# class (a mechanism with examples of our own in tests/listing/test_mechanisms.py), never by copying its sentences.
MIN_PRECISION = 0.85
MIN_RECALL = 0.85

CASES = [json.loads(line) for line in Path(__file__).with_name("cases.jsonl").read_text("utf-8").splitlines()
         if line.strip()]
OPERATOR = "m1"


def flagged(review: dict) -> bool:
    return review["status"] != "published" or bool(review["findings"])


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def score(verdicts: list[tuple[dict, dict]]) -> dict:
    """Overall precision and recall; per family, recall over its violating cases and precision over its flagged
    violating cases plus the flagged innocent cases built to resemble it (`resembles`)."""
    tp = sum(1 for case, review in verdicts if case["label"] == "violating" and flagged(review))
    fp = sum(1 for case, review in verdicts if case["label"] == "innocent" and flagged(review))
    fn = sum(1 for case, review in verdicts if case["label"] == "violating" and not flagged(review))
    families = defaultdict(Counter)
    for case, review in verdicts:
        if case["label"] == "innocent":
            families[case["resembles"]]["lookalikes"] += 1
            families[case["resembles"]]["false_alarms"] += flagged(review)
        if case["label"] == "violating":
            families[case["family"]]["cases"] += 1
            families[case["family"]]["caught"] += flagged(review)
            families[case["family"]]["span_hit"] += any(
                f.get("field") == case["field"] and (f.get("start") or 0) < case_end(case)
                and (f.get("end") or 0) > case_start(case) for f in review["findings"])
    return {"tp": tp, "fp": fp, "fn": fn, "precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn),
            "families": families}


def case_start(case: dict) -> int:
    return case["draft"][case["field"]].index(case["span"])


def case_end(case: dict) -> int:
    return case_start(case) + len(case["span"])


def report(verdicts: list[tuple[dict, dict]], figures: dict) -> None:
    print(f"\ndevset_external3: {len(verdicts)} cases, precision {figures['precision']:.3f}, recall {figures['recall']:.3f} "
          f"(tp {figures['tp']}, fp {figures['fp']}, fn {figures['fn']})")
    for family, counts in sorted(figures["families"].items()):
        precision = ratio(counts["caught"], counts["caught"] + counts["false_alarms"])
        print(f"  {family:<13} precision {precision:.2f} recall {ratio(counts['caught'], counts['cases']):.2f} "
              f"(caught {counts['caught']}/{counts['cases']}, span located {counts['span_hit']}; "
              f"look-alikes flagged {counts['false_alarms']}/{counts['lookalikes']})")
    print(f"  innocent flagged: {figures['fp']} of {sum(1 for c, _ in verdicts if c['label'] == 'innocent')}")
    for case, review in verdicts:
        if case["label"] == "violating" and not flagged(review):
            print(f"  MISS        {case['id']} {case['family']}")
        if case["label"] == "innocent" and flagged(review):
            fired = sorted({f"{f.get('kind')}/{f.get('category')}/{f.get('rule_id')}" for f in review["findings"]})
            print(f"  FALSE ALARM {case['id']} status={review['status']} {', '.join(fired)} ({case['trap']})")


@pytest.fixture
def listings(replica_for):
    return Listings(replica_for("listing"))


def test_devset_external3_precision_and_recall(listings):
    verdicts = [(case, listings.check({"operator_id": OPERATOR, **case["draft"]})) for case in CASES]
    figures = score(verdicts)
    report(verdicts, figures)
    assert figures["precision"] >= MIN_PRECISION, f"precision {figures['precision']:.3f} < {MIN_PRECISION}"
    assert figures["recall"] >= MIN_RECALL, f"recall {figures['recall']:.3f} < {MIN_RECALL}"


def test_devset_external3_cases_are_well_formed():
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "ids are unique"
    assert len(CASES) >= 300
    innocent = sum(1 for case in CASES if case["label"] == "innocent")
    assert 0.40 <= innocent / len(CASES) <= 0.60, f"{innocent} of {len(CASES)} innocent"
    for case in CASES:
        assert case["label"] in ("violating", "innocent"), case["id"]
        draft = case["draft"]
        assert draft["category"] and draft["title"], case["id"]
        if case["label"] == "violating":
            assert case["family"] and case["rules"], case["id"]
            assert case["span"] in (draft.get(case["field"]) or ""), f"{case['id']}: span not in {case['field']}"
        else:
            assert case["family"] is None and case["span"] is None and case["trap"] and case["resembles"], case["id"]
        if draft["category"] == "jewelry":
            assert set(draft["attributes"]) >= {"material_fineness", "treatment", "weight_g", "origin", "brand",
                                                "after_sale_commitment", "care_instructions"}, case["id"]
