"""Held-out split 6 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written by an independent helper from the rules alone (RULES.md R-LST-*, PB-01..PB-29 and the
seed standards), without sight of the lexicon, the matcher, the development sets, the earlier held-out cases or any
other corpus in this repository. Read for the format only: heldout5's test module, the listing input schema and
the jewelry fixture's attribute names (tests/listing/usecases.py); while looking for those names the helper also
read part of README.md's "Listing review" section, which summarises the checker's kinds. Eleven families of
violations (15 each, phrased the way livestream, e-commerce and community-group sellers write: colloquial, slang,
abbreviations, pinyin/homophones, emoji, spaced or traditional characters, numbers as words, claims split across
sentences, claims in titles, long listings with the claim buried in the middle), each with 15 innocent look-alikes
tagged with the family they resemble (negations, quoted rules, legitimate uses of the same words, compliant
disclosures, product names, customer-service notices; jewelry look-alikes carry every required item of 003
Appendix A). A case counts as flagged when the review does not publish it or reports any finding.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.listing.usecases import Listings

pytestmark = pytest.mark.holdout

CASES_FILE = Path(__file__).with_name("cases.jsonl")
# Held out: written without sight of the lexicon or the other corpora. Never to be tuned against - neither these
# thresholds nor the cases may be edited to make a run pass; a miss or false alarm is fixed in the lexicon/matcher
# as a class of error, and judged by a fresh held-out split.
AIM_PRECISION = 0.85
AIM_RECALL = 0.85
# Floors: measured with lexicon round 6 (2027-01-12.1) at 0.829 / 0.764 (0.809 / 0.745 with round 5, at first
# contact), less ~0.02. Never raised by tuning on this split: tuned against, it becomes a development set.
MIN_PRECISION = 0.81
MIN_RECALL = 0.74
MIN_CASES = 300
INNOCENT_SHARE = (0.40, 0.60)
LABELS = ("violating", "innocent")


def load_cases() -> list[dict]:
    with CASES_FILE.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def span_value(case: dict) -> str:
    field = case["span"]["field"]
    if field.startswith("attributes."):
        return str(case["data"]["attributes"][field.split(".", 1)[1]])
    return case["data"][field]


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def scores(rows: list[tuple[dict, bool]]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for case, flagged in rows if flagged and case["label"] == "violating")
    fp = sum(1 for case, flagged in rows if flagged and case["label"] == "innocent")
    fn = sum(1 for case, flagged in rows if not flagged and case["label"] == "violating")
    return ratio(tp, tp + fp), ratio(tp, tp + fn), tp, fp, fn


def report(rows: list[tuple[dict, bool]]) -> str:
    precision, recall, tp, fp, fn = scores(rows)
    lines = [f"heldout6: {len(rows)} cases; precision {precision:.3f} recall {recall:.3f} (tp {tp} fp {fp} fn {fn})"]
    for family in sorted({case["family"] for case, _ in rows}):
        p, r, ftp, ffp, ffn = scores([row for row in rows if row[0]["family"] == family])
        lines.append(f"  {family:<13} precision {p:.3f} recall {r:.3f} (tp {ftp} fp {ffp} fn {ffn})")
    lines.append("misses: " + " ".join(c["id"] for c, f in rows if not f and c["label"] == "violating"))
    lines.append("false alarms: " + " ".join(c["id"] for c, f in rows if f and c["label"] == "innocent"))
    return "\n".join(lines)


def test_the_heldout_file_is_well_formed():
    cases = load_cases()
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert len(cases) >= MIN_CASES
    innocent = sum(case["label"] == "innocent" for case in cases) / len(cases)
    assert INNOCENT_SHARE[0] <= innocent <= INNOCENT_SHARE[1], innocent
    for case in cases:
        assert case["label"] in LABELS, case["id"]
        assert case["family"] and case["data"].get("title") and case["data"].get("category"), case["id"]
        assert case["span"]["text"] and case["span"]["text"] in span_value(case), case["id"]


def test_the_review_judges_the_heldout_split_as_an_expert_would(replica_for, capsys):
    listings = Listings(replica_for("listing"))
    rows, errors = [], []
    for case in load_cases():
        try:
            review = listings.check(dict(case["data"]))
        except Exception as exc:  # a draft the check refuses to read is a defect of the case or of the check
            errors.append(f"{case['id']}: {exc!r}")
            continue
        rows.append((case, review["status"] != "published" or bool(review["findings"])))
    summary = report(rows)
    with capsys.disabled():
        print("\n" + summary)
    assert not errors, errors
    precision, recall, *_ = scores(rows)
    with capsys.disabled():
        print(f"aim {AIM_PRECISION}/{AIM_RECALL}: precision {'met' if precision >= AIM_PRECISION else 'NOT met'}, "
              f"recall {'met' if recall >= AIM_RECALL else 'NOT met'}")
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, summary
