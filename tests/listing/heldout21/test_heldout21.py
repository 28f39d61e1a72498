"""Held-out split 21 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written blind by an independent helper (heldout21) from the rules alone (RULES.md R-LST-*,
PB-01..PB-29, the seed standards: 000 §5.2.3 for the 广告 label, 003 §6.2.4, §7.2 and Appendix A for jewelry) and
the text of issue 25, without sight of the lexicon, the matcher, the class model, services/listing/ (its input
schema and contract excepted), the repository README, the development sets or any other held-out cases. Read for
the format only: heldout17's to heldout20's READMEs, the first three lines of heldout20's cases, heldout20's test
module and tests/listing/corpus_split.py. Its surface is the ordinary marketplace day, like heldout20's, but written
by a different hand: every listing written from scratch with products, sellers and phrasings other than those the
earlier READMEs name, marketplace-style keyword titles (6-22 characters) and one- or two-sentence descriptions, the
violation placed in the title, the first sentence or the last; the mild violations sellers commit most (a casual 最,
第一, 100%, 包治百病, 开光, 明星同款, 销量第一, 原价 with no basis, 运费另算, 保证有效, 高仿/A货/复刻, 天然 on treated stones,
野生 protected species, an unlabelled 种草 post) beside everyday innocent look-alikes (sizes and grades, product
names, standard terms, disclosed facts and treatments, claims with a `proofs` entry, honoured remedies, every fee
stated, labelled community ads, posts that sell nothing). Eleven families (absolute, medical, superstition,
endorsement, fakedata, price, guarantee, counterfeit, jewelry, prohibited, ad_label), 22 violations and 17 innocent
look-alikes each, 43.6% innocent overall. Every case carries its expected decision (`expected`: flag / publish), the
rule IDs it violates (`rule_ids`, empty for an innocent case) and a span (for a violation the text that violates,
for a look-alike the word that looks like a claim). Labels were judged against the rules, never against the
checker's output; the split is committed before its first run and never edited.

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
# Regression floors, set by the lead just under the first judged run (RESULTS.md: precision 0.962, recall 0.946,
# clean pass 0.952); the cases are never edited. The aim, 0.95 for every kind, is what the report compares
# against (AIM_* above).
MIN_PRECISION = 0.95
MIN_RECALL = 0.94
MIN_CLEAN_PASS = 0.95


class TestSplit(BlindSplitChecks):
    title = "heldout21"
    name = "heldout21"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
    prefix = "h21"
    families = FAMILIES
    counts = {"violating": 22, "innocent": 17, "total": 429, "innocent_share": 0.43}
