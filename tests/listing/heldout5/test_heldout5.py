"""Split 5 for the draft check (`reviews.check`, POST /v1/listings/check) — a DEVELOPMENT SET since content-review
round 6 (lexicon 2027-01-12.1); it was the held-out split until then.

cases.jsonl was written by an independent helper from the rules alone (RULES.md R-LST-*, PB-01..PB-29 and the
seed standards), without sight of the lexicon, the matcher, the development sets or any other corpus in this
repository except heldout4's file format. Eleven families of violations (15 each, phrased the way livestream and
e-commerce sellers write: colloquial, abbreviated, pinyin/homophones, emoji, spaced or traditional characters,
numbers as words, claims split across sentences), each with 15 innocent look-alikes tagged with the family they
resemble (negations, quoted rules, legitimate uses of the same words, compliant disclosures, product names).
A case counts as flagged when the review does not publish it or reports any finding.
"""

from pathlib import Path

import pytest

from tests.listing.corpus_split import SplitChecks

pytestmark = pytest.mark.devset_external

CASES_FILE = Path(__file__).with_name("cases.jsonl")
# A DEVELOPMENT SET NOW. Held out until round 6: its last held-out figures, measured after round 5 (lexicon
# 2027-01-05.1) without anyone tuning against it, were precision 0.864, recall 0.691 (0.829 / 0.648 after round 4).
# Round 6 fixed the families of language it missed or flagged wrongly (claims spelled in pinyin or emoji, numbers
# spelled in words, contact details pointed to, group prices and platform fees, bought counters, staged buyers and
# deleted reviews, tie-ins and spending minimums, readings and rituals, endorsements by institutions and initials,
# claim words named in rules or refused, reported conditions, negations read across a clause break, parts made of an
# imitation) as general mechanisms with examples of our own (tests/listing/test_mechanisms_round6.py), never by
# copying its cases; after that it measures 0.994 / 0.964, which, tuned against, says little. Fresh text is judged by
# the newest held-out split. Its cases are still not edited; the floors below are the round-6 figures less ~0.02.
AIM_PRECISION = 0.85
AIM_RECALL = 0.85
MIN_PRECISION = 0.97
MIN_RECALL = 0.94


class TestSplit(SplitChecks):
    title = "heldout5 (a development set now)"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    labelled = False
