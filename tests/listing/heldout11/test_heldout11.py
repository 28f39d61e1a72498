"""Held-out split 11 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written by an independent helper from the rules alone (RULES.md R-LST-*, PB-01..PB-29 and the
seed standards, 003 Appendix A for jewelry), without sight of the lexicon, services/listing/ (its input schema
excepted), the development sets, the earlier held-out cases (heldout4..10), the mechanism tests or README's "Listing
review" section. Read for the format only: heldout10's test module (not its cases or RESULTS.md),
tests/listing/corpus_split.py, the listing input schema (services/listing/schemas.py) and the jewelry fixture's
attribute names (tests/listing/usecases.py). The same twelve families as heldout10, 15 violations each, with new
products, wording and tricks (slang, pinyin, homophones, emoji and spaces between characters, traditional
characters, numbers as words, claims split across sentences or buried in long listings), and 15 innocent
look-alikes per family (each jewelry look-alike carrying every required item of 003 Appendix A). Every case carries
its expected decision (`expected`: flag / publish) and the rule IDs it violates (`rule_ids`, empty for an innocent
case). Labels were judged against the rules, never against the checker's output; the split is to be run once,
untuned. A case counts as flagged when the review does not publish it or reports any finding.

Besides the scorer's precision (flagged cases that violate), this module reports the clean-pass rate: the share
of innocent look-alikes the review publishes without a finding.
"""

from pathlib import Path

import pytest

from tests.listing.corpus_split import CleanPassChecks

pytestmark = pytest.mark.holdout

CASES_FILE = Path(__file__).with_name("cases.jsonl")
# Held out: written without sight of the lexicon or the other corpora. Never to be tuned against - neither these
# thresholds nor the cases may be edited to make a run pass; a miss or false alarm is fixed in the lexicon/matcher
# as a class of error, and judged by a fresh held-out split.
AIM_PRECISION = 0.85
AIM_RECALL = 0.85
# Floors: low at first contact (0.5; the figures measured go to RESULTS.md), then just under what each round
# measured here without tuning against it — a guard against regressions, never raised by tuning on this split:
# tuned against, it becomes a development set.
MIN_PRECISION = 0.95  # h-content measured 0.966 (round 11, lexicon 2027-02-16.1: 0.957; first contact 0.957)
MIN_RECALL = 0.96  # h-content2 measured 0.967 (declared material); h-content 0.956; round 11 0.744; first 0.733
MIN_CLEAN_PASS = 0.95  # round 11 measured 0.967; 0.967 at first contact


class TestSplit(CleanPassChecks):
    title = "heldout11"
    name = "heldout11"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
