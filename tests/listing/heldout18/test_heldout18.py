"""Held-out split 18 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written blind by an independent helper (heldout18) from the rules alone (RULES.md R-LST-*,
PB-01..PB-29, the seed standards: 000 §5.2.3 for the 广告 label, 003 §6.2.4, §7.2 and Appendix A for jewelry) and
the text of issue 25, without sight of the lexicon, the matcher, the class model, services/listing/ (its input
schema and contract excepted), the development sets or any other held-out cases. Read for the format only:
heldout17's README, the first three lines of its cases and its test module. Its surfaces differ from the earlier
splits': long multi-paragraph descriptions (spec tables, care and shipping notes) with the one violating clause in
the middle; service and B2B sellers (wholesale, 一件代发, cross-border 代购, tutoring, housekeeping, beauty salons, pet
services, used cars, renovation, seeds, fertiliser and feed); claims made by numbers and comparisons; English,
mixed, full-width and Traditional script, and characters split by spaces or dots; fakedata and guarantee claims in
Q&A blocks and testimonials. Eleven families (absolute, medical, superstition, endorsement, fakedata, price,
guarantee, counterfeit, jewelry, prohibited, ad_label), 22-23 violations and 17 innocent look-alikes each, 43.5%
innocent overall. Every case carries its expected decision (`expected`: flag / publish), the rule IDs it violates
(`rule_ids`, empty for an innocent case) and a span (for a violation the text that violates, for a look-alike the
word that looks like a claim). Labels were judged against the rules, never against the checker's output; the split
is committed before its first run and never edited.

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
# Regression floors, set by the lead just under the first judged run (RESULTS.md: precision 0.939, recall 0.819,
# clean pass 0.930); the cases are never edited. The aim, 0.95 for every kind, is what the report compares
# against (AIM_* above).
MIN_PRECISION = 0.93
MIN_RECALL = 0.81
MIN_CLEAN_PASS = 0.92


class TestSplit(BlindSplitChecks):
    title = "heldout18"
    name = "heldout18"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
    prefix = "h18"
    families = FAMILIES
    counts = {"violating": 22, "innocent": 17, "total": 430, "innocent_share": 0.43}
