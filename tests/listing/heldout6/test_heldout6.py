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

from pathlib import Path

import pytest

from tests.listing.corpus_split import assert_judged, assert_well_formed

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


def test_the_heldout_file_is_well_formed():
    assert_well_formed(CASES_FILE)


def test_the_review_judges_the_heldout_split_as_an_expert_would(replica_for, capsys):
    assert_judged("heldout6", CASES_FILE, replica_for("listing"), capsys, (AIM_PRECISION, AIM_RECALL),
                  (MIN_PRECISION, MIN_RECALL))
