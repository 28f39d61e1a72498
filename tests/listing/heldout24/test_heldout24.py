"""Held-out split 24 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written blind by an independent helper (heldout24) from the rules alone (RULES.md R-LST-*,
PB-01..PB-29, the seed standards: 000 §5.2.3 for the 广告 label, 003 §6.2.4, §7.2 and Appendix A for jewelry) and
the text of issue 25, without sight of the lexicon, the matcher, the class model, services/listing/ (its input
schema and contract excepted), the repository README, the development sets or any other held-out cases. Read for
the format only: heldout21's README, the first three lines of heldout21's cases, heldout21's test module and
tests/listing/corpus_split.py. Its surface is the ordinary marketplace as a trust-and-safety team sees it in a day,
written by a fourth hand: every category (food and fresh produce, beauty, clothing and shoes, home and kitchen,
appliances and digital, mother-and-baby, pets, sports and outdoor, books and education, supplements labelled as
food, jewelry and wenwan, collectibles and crafts, second-hand goods, local services, farmers' produce,
cross-border goods), a mix of title styles (keyword strings, natural sentences, brand-model titles) and
descriptions of one to five sentences, the violation in the title, the first clause, the middle or the end; the
violations real sellers commit, from blatant to subtle (an implied cure, a figure without basis, a borrowed
authority, a reference price without basis, an unlabelled paid post, a treated stone sold as natural, a lookalike
brand, a protected species or restricted item under a trade name) beside plausible innocent look-alikes (the
seller's verifiable own facts, grades and standards, product names, negations and disclaimers, claims with a
`proofs` entry, treatments and conditions disclosed in `attributes`, prices with their basis and fees with their
amounts, labelled community ads, posts that sell nothing). Eleven families (absolute, medical, superstition,
endorsement, fakedata, price, guarantee, counterfeit, jewelry, prohibited, ad_label), 22 violations and 17
innocent look-alikes each, 43.6% innocent overall. Every case carries its expected decision
(`expected`: flag / publish), the rule IDs it violates (`rule_ids`, empty for an innocent case) and a span (for a
violation the text that violates, for a look-alike the word that looks like a claim). Labels were judged against
the rules, never against the checker's output; the split is committed before its first run and never edited.

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
# Regression floors, set by the lead just under the first judged run; the cases are never
# edited. The aim, 0.95 for every kind, is what the report compares against (AIM_* above).
MIN_PRECISION = 0.94  # set by the lead just under the first judged run (RESULTS.md: 0.950 / 0.868, clean pass 0.941)
MIN_RECALL = 0.86
MIN_CLEAN_PASS = 0.93


class TestSplit(BlindSplitChecks):
    title = "heldout24"
    name = "heldout24"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
    prefix = "h24"
    families = FAMILIES
    counts = {"violating": 22, "innocent": 17, "total": 429, "innocent_share": 0.43}
