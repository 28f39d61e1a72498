"""Held-out split 12 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written blind by an independent helper (heldout12) from the rules alone (RULES.md R-LST-*,
PB-01..PB-29 and the seed standards, 003 §6.2.4, §7.2 and Appendix A for jewelry), without sight of the lexicon,
the matcher, services/listing/ (its input schema excepted), the development sets or any other held-out cases. Read
for the format only: the first three lines of heldout11's cases and heldout11's test module. Eleven families
(absolute, medical, superstition, endorsement, fakedata, price, guarantee, counterfeit, jewelry, prohibited,
ad_label), 20 violations each, and 14-15 innocent look-alikes per family of the kinds issue 25 lists (short claim
words inside ordinary words, product names holding a claim word, professions and verbs sharing characters with
medical terms, 处理 meaning handled, stones with treatment disclosed as none or certified, disclosed imitations,
verifiable facts about the seller's own goods, 非…/不含… negations, disclosed 仿…), 41% innocent overall. Every case
carries its expected decision (`expected`: flag / publish) and the rule IDs it violates (`rule_ids`, empty for an
innocent case); every violation names the exact span that violates. Labels were judged against the rules, never
against the checker's output; the split is to be run once, untuned. A case counts as flagged when the review does
not publish it or reports any finding.

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
# Floors: regression guards just under the figures measured at first contact (RESULTS.md: precision 0.929, recall
# 0.832, clean pass 0.910), set by the lead after that run; the cases are never edited. The aim, 0.95 for
# every kind, is not met and stays the aim (AIM_* above are what the report compares against).
# First floors 0.92 / 0.80 / 0.90. Raised after h-content (a spent split, a development set for that work; the fixes
# are classes, each with its own tests): measured precision 0.978, recall 0.991, clean pass 0.968; price recall 0.250 -> 1.000, guarantee recall
# 0.750 -> 1.000, jewelry precision 0.714 -> 1.000, ad_label precision 0.870 -> 0.952. Regression guards only.
MIN_PRECISION = 0.97
MIN_RECALL = 0.98
MIN_CLEAN_PASS = 0.96
FAMILY_FLOORS = {"price": (0.95, 0.95), "guarantee": (0.95, 0.95), "jewelry": (0.95, 0.95), "ad_label": (0.90, 0.95)}


class TestSplit(CleanPassChecks):
    title = "heldout12"
    name = "heldout12"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
