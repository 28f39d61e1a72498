"""Development set 5 (formerly held-out split 8, `tests/listing/heldout8`) for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written by an independent helper from the rules alone (RULES.md R-LST-*, PB-01..PB-29 and the
seed standards, 003 Appendix A for jewelry), without sight of the lexicon, services/listing/ (its input schema
excepted), the development sets, the earlier held-out cases, the mechanism tests or README's "Listing review"
section. Read for the format only: heldout7's test module (not its cases), tests/listing/corpus_split.py, the
listing input schema (services/listing/schemas.py) and the jewelry fixture's attribute names
(tests/listing/usecases.py). Twelve families of violations, 15 each, with new products, wording and tricks
(slang, pinyin, homophones, emoji and spaces between characters, traditional and full-width characters, numbers
as words, claims split across sentences or buried in long listings), and 15 innocent look-alikes per family (16
for jewelry, each carrying every required item of 003 Appendix A). Every case carries its expected decision
(`expected`: flag / publish) and the rule IDs it violates (`rule_ids`, empty for an innocent case). Labels were
judged against the rules, never against the checker's output; the split was run once, untuned, and was held out until
round 9, which was tuned against its families (see the comment on the floors and RESULTS.md). A case counts as flagged
when the review does not publish it or reports any finding.

Besides the scorer's precision (flagged cases that violate), this module reports the clean-pass rate: the share
of innocent look-alikes the review publishes without a finding.
"""

from pathlib import Path

import pytest

from tests.listing.corpus_split import CleanPassChecks

pytestmark = pytest.mark.devset_external

CASES_FILE = Path(__file__).with_name("cases.jsonl")
# A DEVELOPMENT SET NOW. Held out until round 9: its last held-out figures, measured after round 8 (lexicon
# 2027-01-26.1) without anyone tuning against it, were precision 0.940, recall 0.789, clean pass 0.950 (0.922 / 0.722 /
# 0.939 after round 7; weakest: off-platform 7/15, fakedata 9/15, price 8/15, absolute 11/15). Round 9 (lexicon
# 2027-02-02.1) fixed those families of language as general mechanisms, term groups and clause patterns
# (tests/listing/test_mechanisms_round9.py), never by copying its cases; after that it measures 1.000 / 1.000, clean
# pass 1.000, which, tuned against, says little. Fresh text is judged by the next held-out split (heldout9). Its cases
# are still not edited; the floors below are the round-9 figures less ~0.02.
AIM_PRECISION = 0.85
AIM_RECALL = 0.85
MIN_PRECISION = 0.98
MIN_RECALL = 0.98
MIN_CLEAN_PASS = 0.98


class TestSplit(CleanPassChecks):
    title = "devset_external5 (formerly heldout8)"
    name = "devset_external5"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    min_clean_pass = MIN_CLEAN_PASS
