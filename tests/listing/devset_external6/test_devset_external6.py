"""Development set 6 (formerly held-out split 9, `tests/listing/heldout9`) for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written by an independent helper from the rules alone (RULES.md R-LST-*, PB-01..PB-29 and the
seed standards, 003 Appendix A for jewelry), without sight of the lexicon, services/listing/ (its input schema
excepted), the development sets, the earlier held-out cases (heldout4..8), the mechanism tests or README's "Listing
review" section. Read for the format only: heldout8's test module (not its cases) and the head of its RESULTS.md,
tests/listing/corpus_split.py, the listing input schema (services/listing/schemas.py) and the jewelry fixture's
attribute names (tests/listing/usecases.py). The same twelve families as heldout8, 15 violations each, with new
products, wording and tricks (slang, pinyin, homophones, emoji and spaces between characters, traditional
characters, numbers as words, claims split across sentences or buried in long listings), and 15 innocent
look-alikes per family (16 for jewelry, each carrying every required item of 003 Appendix A). Every case carries
its expected decision (`expected`: flag / publish) and the rule IDs it violates (`rule_ids`, empty for an innocent
case). Labels were judged against the rules, never against the checker's output; the split was run once, untuned, and
was held out until round 10, which was tuned against its families (see the comment on the floors and RESULTS.md).
A case counts as flagged when the review does not publish it or reports any finding.

Besides the scorer's precision (flagged cases that violate), this module reports the clean-pass rate: the share
of innocent look-alikes the review publishes without a finding.
"""

from pathlib import Path

import pytest

from tests.listing.corpus_split import CleanPassChecks

pytestmark = pytest.mark.devset_external

CASES_FILE = Path(__file__).with_name("cases.jsonl")
# A DEVELOPMENT SET NOW. Held out until round 10: its last held-out figures, measured after round 9 (lexicon
# 2027-02-02.1) without anyone tuning against it, were precision 0.950, recall 0.739, clean pass 0.961 (0.942 / 0.717
# at first contact, round 8; weakest: price 4/15, offplatform 9/15, guarantee 10/15, counterfeit and community_ad
# 11/15). Round 10 (lexicon 2027-02-09.1) fixed those families of language as clause patterns and terms
# (tests/listing/test_mechanisms_round10.py), never by copying its cases; after that it measures 0.959 / 0.917, clean
# pass 0.961, which, tuned against, says little. Fresh text is judged by the next held-out split (heldout10). Its
# cases are still not edited; the floors below are the round-10 figures less ~0.02.
AIM_PRECISION = 0.85
AIM_RECALL = 0.85
MIN_PRECISION = 0.94  # round 10 measured 0.959
MIN_RECALL = 0.89  # round 10 measured 0.917
MIN_CLEAN_PASS = 0.94  # round 10 measured 0.961


class TestSplit(CleanPassChecks):
    title = "devset_external6 (formerly heldout9)"
    name = "devset_external6"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
