"""Split 6 for the draft check (`reviews.check`, POST /v1/listings/check) — a DEVELOPMENT SET since content-review
round 7 (lexicon 2027-01-19.1); it was the held-out split until then.

cases.jsonl was written by an independent helper from the rules alone (RULES.md R-LST-*, PB-01..PB-29 and the
seed standards), without sight of the lexicon, the matcher, the development sets, the earlier held-out cases or any
other corpus in this repository. Read for the format only: heldout5's test module, the listing input schema and
the jewelry fixture's attribute names (tests/listing/usecases.py); while looking for those names the helper also
read part of README.md's "Listing review" section, which summarises the checker's kinds. Eleven families of
violations (15 each, phrased the way livestream, e-commerce and community-group sellers write: colloquial, slang,
abbreviations, pinyin/homophones, emoji, spaced or traditional characters, numbers as words, claims split across
sentences, claims in titles, long listings with the claim buried in the middle), each with 15 innocent look-alikes
tagged with the family they resemble (negations, quoted rules, legitimate uses of the same words, compliant
disclosures, product names, customer-service notices; jewelry look-alikes carry every required item of 003
Appendix A). A case counts as flagged when the review does not publish it or reports any finding.
"""

from pathlib import Path

import pytest

from tests.listing.corpus_split import SplitChecks

pytestmark = pytest.mark.devset_external

CASES_FILE = Path(__file__).with_name("cases.jsonl")
# A DEVELOPMENT SET NOW. Held out until round 7: its last held-out figures, measured after round 6 (lexicon
# 2027-01-12.1) without anyone tuning against it, were precision 0.829, recall 0.764 (0.809 / 0.745 after round 5).
# Round 7 fixed the families of language it missed or flagged wrongly (claims disclaimed with "not any", denied,
# warned against or asked and answered; conducts said to be absent; quoted constructions under discussion; ordinal
# digits and emoji handles; nothing-better and field-crown superlatives; prices never charged, conditions left to the
# live room, unilateral terms and hidden defects; refilled genuine packaging; paid tasks, own orders, pretend users,
# paid replies, merged reviews, staged comments; punishment for not buying, minimums, tie-ins, own-service-only and
# forced loans; payment to a person, token orders; registered cards, exam cheating, stakes topped up; research centres
# and athletes; grade codes and composition labels before a material, cultured pearls denied; one used item, pickups
# for past orders, delivered group buys) as general mechanisms with examples of our own
# (tests/listing/test_mechanisms_round7.py), never by copying its cases; after that it measures 0.994 / 1.000, which,
# tuned against, says little. Fresh text is judged by the newest held-out split. Its cases are still not edited; the
# floors below are the round-7 figures less ~0.02.
AIM_PRECISION = 0.85
AIM_RECALL = 0.85
MIN_PRECISION = 0.97
MIN_RECALL = 0.98


class TestSplit(SplitChecks):
    title = "heldout6 (a development set now)"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    labelled = False
