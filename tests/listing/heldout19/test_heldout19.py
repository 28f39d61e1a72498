"""Held-out split 19 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written blind by an independent helper (heldout19) from the rules alone (RULES.md R-LST-*,
PB-01..PB-29, the seed standards: 000 §5.2.3 for the 广告 label, 003 §6.2.4, §7.2 and Appendix A for jewelry) and
the text of issue 25, without sight of the lexicon, the matcher, the class model, services/listing/ (its input
schema and contract excepted), the repository README, the development sets or any other held-out cases. Read for
the format only: heldout17's and heldout18's READMEs, the first three lines of heldout17's cases and heldout18's
test module. Its surfaces differ from the earlier splits': regulated categories with advertising rules of their own
(ordinary and special-use cosmetics, infant formula and baby goods, health food and ordinary food, pet food and
veterinary products, pesticides, fertiliser and seeds, appliances and electronics, education, gold bars,
collectible coins and 理财 gifts, real estate, car accessories, second-hand luxury); short texts — keyword-stuffed
marketplace titles with a short or empty description, emoji and hashtags, livestream-cart cards; claims by
implication (before/after, 医生都在用, 妈妈群疯传), by quoted customers, by named certificates not attached and by
named institutions; and innocent look-alikes that use the claim word literally, carry a `proofs` entry or a
registration number, state a statutory or honoured remedy, state every fee with its amount, disclose an imitation
or a compatible part, or label a community post 广告 in varied positions. Eleven families (absolute, medical,
superstition, endorsement, fakedata, price, guarantee, counterfeit, jewelry, prohibited, ad_label), 22-23
violations and 17-18 innocent look-alikes each, 43.2% innocent overall. Every case carries its expected decision
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
# Regression floors, set by the lead just under the first judged run (RESULTS.md: precision 0.916, recall 0.798,
# clean pass 0.904); the cases are never edited. The aim, 0.95 for every kind, is what the report compares
# against (AIM_* above).
MIN_PRECISION = 0.91
MIN_RECALL = 0.79
MIN_CLEAN_PASS = 0.90


class TestSplit(BlindSplitChecks):
    title = "heldout19"
    name = "heldout19"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
    prefix = "h19"
    families = FAMILIES
    counts = {"violating": 22, "innocent": 17, "total": 435, "innocent_share": 0.43}
