"""Split 4 for the draft check (`reviews.check`, POST /v1/listings/check) — a DEVELOPMENT SET since content-review
round 5 (lexicon 2027-01-05.1); it was the held-out split until then.

cases.jsonl was written by an independent reviewer from the rules alone (RULES.md R-LST-*, PB-01..PB-29 and the
seed standards), without sight of the lexicon, the matcher or any other corpus in this repository. Eleven families
of violations, each with about as many innocent look-alikes tagged with the family they resemble.
A case counts as flagged when the review does not publish it or reports any finding.
"""

from pathlib import Path

import pytest

from tests.listing.corpus_split import SplitChecks

CASES_FILE = Path(__file__).with_name("cases.jsonl")
pytestmark = pytest.mark.devset_external
# A DEVELOPMENT SET NOW. Held out until round 5: its last held-out figures, measured on first contact after round 4
# (lexicon 2026-12-29.1), were precision 0.895, recall 0.783 (0.894 / 0.726 after round 3). Round 5 fixed the classes
# of language it missed or flagged wrongly (forced purchase and hidden charges, faked data, off-platform lures,
# counterfeit equivalence, material misnaming, detectors and likenesses, warnings and notices) as general phrasing
# families with examples of our own (tests/listing/test_mechanisms_round5.py), never by copying its cases; after
# that it measures 1.000 / 1.000, which, tuned against, says little. Fresh text is judged by the newest held-out
# split. Its cases are still not edited; the floors below are the round-5 figures less about 0.02.
AIM_PRECISION = 0.85
AIM_RECALL = 0.85
MIN_PRECISION = 0.98
MIN_RECALL = 0.98


class TestSplit(SplitChecks):
    title = "heldout4 (a development set now)"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    labelled = False
