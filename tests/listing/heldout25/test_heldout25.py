"""Held-out split 25 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written blind by an independent helper (heldout25) from the rules alone (RULES.md R-LST-*,
PB-01..PB-29, the seed standards: 000 §5.2.3 for the 广告 label, 003 §6.2.4, §7.2 and Appendix A for jewelry) and
the text of issue 25, without sight of the lexicon, the matcher, the class model, services/listing/ (its input
schema and contract excepted), the repository README, the development sets or any other held-out cases. Read for
the format only: heldout21's README and test module, the first three lines of heldout21's cases and
tests/listing/corpus_split.py. Its surface is services and health-adjacent goods as ordinary sellers write them:
education and training courses, beauty salons, fitness and weight-loss programmes, elderly care, baby and
maternity, pet health, household cleaning and disinfection, kitchen appliances, supplements sold as ordinary food,
tea and herbal products, home textiles, local life services (repair, moving, housekeeping, photography) and
community posts; violations from blatant to subtle (implied cures, guaranteed outcomes, borrowed authorities,
figures without basis, fees without amounts, unlabelled paid posts, luck claims, imitation sold as real, prohibited
goods and services under trade names) beside innocent look-alikes (the seller's own verifiable facts, grades and
standards, product names, negations and disclaimers, claims with a `proofs` entry, registered goods stating their
registered use, prices with every fee and basis, labelled community ads, posts that sell nothing). Eleven families
(absolute, medical, superstition, endorsement, fakedata, price, guarantee, counterfeit, jewelry, prohibited,
ad_label), 22 violations and 17 innocent look-alikes each, 43.6% innocent overall. Every case carries its expected
decision (`expected`: flag / publish), the rule IDs it violates (`rule_ids`, empty for an innocent case) and a span
(for a violation the text that violates, for a look-alike the word that looks like a claim). Labels were judged
against the rules, never against the checker's output; the split is committed before its first run and never
edited.

This module checks that the split is well formed and runs, prints precision, recall and the clean-pass rate per
family, and fails below the regression floors the lead sets after the first judged run.
"""

from pathlib import Path

import pytest

from tests.listing.corpus_split import BlindSplitChecks

pytestmark = pytest.mark.holdout

CASES_FILE = Path(__file__).with_name("cases.jsonl")
FAMILIES = ("absolute", "medical", "superstition", "endorsement", "fakedata", "price", "guarantee", "counterfeit",
            "jewelry", "prohibited", "ad_label")
# Held out: never to be tuned against - neither these thresholds nor the cases may be edited to make a run pass.
AIM_PRECISION = 0.95  # issue 25's aim for every kind with at least 20 texts
AIM_RECALL = 0.95
# Regression floors, set by the lead just under the first judged run; the cases are never edited. The aim, 0.95
# for every kind, is what the report compares against (AIM_* above).
MIN_PRECISION = 0.96  # set by the lead just under the first judged run (RESULTS.md: 0.967 / 0.860, clean pass 0.963)
MIN_RECALL = 0.85
MIN_CLEAN_PASS = 0.95


class TestSplit(BlindSplitChecks):
    title = "heldout25"
    name = "heldout25"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
    prefix = "h25"
    families = FAMILIES
    counts = {"violating": 22, "innocent": 17, "total": 429, "innocent_share": 0.43}
