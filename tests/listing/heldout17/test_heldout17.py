"""Held-out split 16 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written blind by an independent helper (heldout17) from the rules alone (RULES.md R-LST-*,
PB-01..PB-29, the seed standards: 000 §5.2.3 for the 广告 label, 003 §6.2.4, §7.2 and Appendix A for jewelry) and
the text of issue 25, without sight of the lexicon, the matcher, the class model, services/listing/ (its input
schema and contract, and the documented Appendix A attribute names, excepted), the development sets or any other
held-out cases. Read for the format only: heldout16's README, the first three lines of its cases and its test module.
Eleven families (absolute, medical, superstition, endorsement, fakedata, price, guarantee, counterfeit, jewelry,
prohibited, ad_label), 22-23 violations and 15-17 innocent look-alikes each, 40.7% innocent overall. Every case
carries its expected decision (`expected`: flag / publish), the rule IDs it violates (`rule_ids`, empty for an
innocent case) and a span (for a violation the text that violates, for a look-alike the word that looks like a
claim). Labels were judged against the rules, never against the checker's output; the split is committed before its
first run and never edited.

This module checks that the split is well formed and runs, prints precision, recall and the clean-pass rate per
family, and fails below the regression floors the lead sets after the first judged run (RESULTS.md).
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
# Regression floors, set by the lead just under the first judged run (RESULTS.md: precision 0.927, recall 0.889,
# clean pass 0.898); the cases are never edited. The aim, 0.95 for every kind, is what the report compares
# against (AIM_* above).
MIN_PRECISION = 0.92
MIN_RECALL = 0.88
MIN_CLEAN_PASS = 0.89


class TestSplit(BlindSplitChecks):
    title = "heldout17"
    name = "heldout17"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
    prefix = "h17"
    families = FAMILIES
    counts = {"violating": 22, "innocent": 15, "total": 400, "innocent_share": 0.40}
