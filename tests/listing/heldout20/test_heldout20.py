"""Held-out split 20 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written blind by an independent helper (heldout20) from the rules alone (RULES.md R-LST-*,
PB-01..PB-29, the seed standards: 000 §5.2.3 for the 广告 label, 003 §6.2.4, §7.2 and Appendix A for jewelry) and
the text of issue 25, without sight of the lexicon, the matcher, the class model, services/listing/ (its input
schema and contract excepted), the repository README, the development sets or any other held-out cases. Read for
the format only: heldout17's, heldout18's and heldout19's READMEs, the first three lines of heldout19's cases and
heldout19's test module. Its surface is the ordinary day-to-day marketplace rather than the adversarial one of the
earlier splits: everyday listings across the common categories (apparel and shoes, food and snacks, beauty and
personal care, phones and electronics, home and kitchen, baby and maternity, pets, sports and outdoor, books and
stationery, toys, furniture, tea and liquor, fresh produce, jewelry and watches, virtual goods and services) at
typical lengths (a title of 15-27 characters, a description of one or two sentences), each violating case with one
clear violation of the kind sellers most commonly commit in an otherwise normal listing, and innocent listings that
carry the words reviewers commonly over-flag (sizes and grades, product names, standard terms, disclosed facts and
treatments, claims with a `proofs` entry, honoured remedies, every fee stated, labelled community ads). Eleven
families (absolute, medical, superstition, endorsement, fakedata, price, guarantee, counterfeit, jewelry,
prohibited, ad_label), 22-23 violations and 17-18 innocent look-alikes each, 43.6% innocent overall. Every case
carries its expected decision (`expected`: flag / publish), the rule IDs it violates (`rule_ids`, empty for an
innocent case) and a span (for a violation the text that violates, for a look-alike the word that looks like a
claim). Labels were judged against the rules, never against the checker's output; the split is committed before
its first run and never edited.

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
# Regression floors, set by the lead just under the first judged run (RESULTS.md: precision 0.955, recall 0.881,
# clean pass 0.947); the cases are never edited. The aim, 0.95 for every kind, is what the report compares
# against (AIM_* above).
MIN_PRECISION = 0.95
MIN_RECALL = 0.87
MIN_CLEAN_PASS = 0.94


class TestSplit(BlindSplitChecks):
    title = "heldout20"
    name = "heldout20"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
    prefix = "h20"
    families = FAMILIES
    counts = {"violating": 22, "innocent": 17, "total": 431, "innocent_share": 0.43}
