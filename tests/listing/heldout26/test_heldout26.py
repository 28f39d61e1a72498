"""Held-out split 26 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written blind by an independent helper (heldout26) from the rules alone (RULES.md R-LST-*,
PB-01..PB-29, the seed standards: 000 §5.2.3 for the 广告 label, 003 §6.2.4, §7.2 and Appendix A for jewelry) and
the text of issue 25, without sight of the lexicon, the matcher, the class model, services/listing/ (its input
schema and contract excepted), the repository README, the development sets or any other held-out cases. Read for
the format only: heldout21's README, the first three lines of heldout21's cases, heldout21's test module and
tests/listing/corpus_split.py. Its surface is SHORT texts, where context is scarce: search-keyword titles (many
keywords separated by spaces), SKU and variant names, at most a one-line description (345 of the 429 cases have
none), one- or two-line second-hand posts (闲置, 自用, 转让), farmers selling produce in a line, cross-border goods
with English or mixed-language titles, and short community posts. The violations sit mostly in the title, the way
they appear in short copy (a superlative keyword, an efficacy keyword, a brand look-alike, 原单/同款/1:1-type
keywords, a bare reference price, an unlabelled short promo post, a protected species or restricted item by trade
name), beside short innocent titles with words that look like claims (sizes and grades, product names, standard
terms, negations, disclosed conditions in `attributes`, claims with a `proofs` entry, labelled community ads, posts
selling nothing). Eleven families (absolute, medical, superstition, endorsement, fakedata, price, guarantee,
counterfeit, jewelry, prohibited, ad_label), 22 violations and 17 innocent look-alikes each, 43.6% innocent overall.
Every case carries its expected decision (`expected`: flag / publish), the rule IDs it violates (`rule_ids`, empty
for an innocent case) and a span (for a violation the text that violates, for a look-alike the word that looks like
a claim). Labels were judged against the rules, never against the checker's output; the split is committed before
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
# Regression floors, set by the lead just under the first judged run; the cases are never edited.
MIN_PRECISION = 0.60  # set by the lead just under the first judged run (RESULTS.md: 0.609 / 0.955, clean pass 0.209;
MIN_RECALL = 0.95     # by content, empty required fields aside, 0.953 / 0.831)
MIN_CLEAN_PASS = 0.20


class TestSplit(BlindSplitChecks):
    title = "heldout26"
    name = "heldout26"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
    by_content_too = True  # 345 of its drafts have no description, which the check refuses (R-LST-19) whatever the title says
    prefix = "h26"
    families = FAMILIES
    counts = {"violating": 22, "innocent": 17, "total": 429, "innocent_share": 0.43}
