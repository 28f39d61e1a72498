"""Split 5 for the draft check (`reviews.check`, POST /v1/listings/check) — a DEVELOPMENT SET since content-review
round 6 (lexicon 2027-01-12.1); it was the held-out split until then.

cases.jsonl was written by an independent helper from the rules alone (RULES.md R-LST-*, PB-01..PB-29 and the
seed standards), without sight of the lexicon, the matcher, the development sets or any other corpus in this
repository except heldout4's file format. Eleven families of violations (15 each, phrased the way livestream and
e-commerce sellers write: colloquial, abbreviated, pinyin/homophones, emoji, spaced or traditional characters,
numbers as words, claims split across sentences), each with 15 innocent look-alikes tagged with the family they
resemble (negations, quoted rules, legitimate uses of the same words, compliant disclosures, product names).
A case counts as flagged when the review does not publish it or reports any finding.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.listing.usecases import Listings

pytestmark = pytest.mark.devset_external

CASES_FILE = Path(__file__).with_name("cases.jsonl")
# A DEVELOPMENT SET NOW. Held out until round 6: its last held-out figures, measured after round 5 (lexicon
# 2027-01-05.1) without anyone tuning against it, were precision 0.864, recall 0.691 (0.829 / 0.648 after round 4).
# Round 6 fixed the families of language it missed or flagged wrongly (claims spelled in pinyin or emoji, numbers
# spelled in words, contact details pointed to, group prices and platform fees, bought counters, staged buyers and
# deleted reviews, tie-ins and spending minimums, readings and rituals, endorsements by institutions and initials,
# claim words named in rules or refused, reported conditions, negations read across a clause break, parts made of an
# imitation) as general mechanisms with examples of our own (tests/listing/test_mechanisms_round6.py), never by
# copying its cases; after that it measures 0.994 / 0.964, which, tuned against, says little. Fresh text is judged by
# the newest held-out split. Its cases are still not edited; the floors below are the round-6 figures less ~0.02.
AIM_PRECISION = 0.85
AIM_RECALL = 0.85
MIN_PRECISION = 0.97
MIN_RECALL = 0.94
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
    lines = [f"heldout5 (a development set now): {len(rows)} cases; precision {precision:.3f} recall {recall:.3f} (tp {tp} fp {fp} fn {fn})"]
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
