"""Held-out split 7 for the draft check (`reviews.check`, POST /v1/listings/check).

cases.jsonl was written by an independent helper from the rules alone (RULES.md R-LST-*, PB-01..PB-29 and the
seed standards, 003 Appendix A for jewelry), without sight of the lexicon, the matcher (services/listing/matching/,
vocabulary, compounds, clauses, brands, content, findings, rules), the development sets, the earlier held-out cases,
the mechanism tests or README's "Listing review" section. Read for the format only: heldout6's test module (not its
cases), tests/listing/corpus_split.py, the listing input schema (services/listing/schemas.py) and the jewelry
fixture's attribute names (tests/listing/usecases.py). Twelve families of violations, 15 each (absolute/superlative
claims, disease efficacy for food and cosmetics, fake reference prices and hidden fees, counterfeit and look-alike
brands, prohibited goods and services, off-platform diversion, faked sales/reviews and staged scenes, protected
wildlife, jewelry missing Appendix A items or treated/plated goods passed off, community posts without the 广告 label,
promised returns or guaranteed results, state or official endorsement), phrased the way livestream, e-commerce and
community-group sellers write in 2026: colloquial, slang, abbreviations, pinyin/homophones, emoji between
characters, spaced, traditional and full-width characters, numbers as words, claims split across sentences, claims in
titles, long listings with the claim buried in the middle. Each family has 15 innocent look-alikes (16 for jewelry)
tagged with the family they resemble: negations, quoted rules, legitimate uses of the same words, compliant
disclosures, product names, customer-service notices; jewelry look-alikes carry every required item of 003
Appendix A. Every case states a source, a price and a shipping fee (community posts without an offer excepted), so a
look-alike is innocent under all the rules and not only its family's. Labels were judged against the rules, never
against the checker's output; the split was run once to set the floors. A case counts as flagged when the review
does not publish it or reports any finding.
"""

from pathlib import Path

import pytest

from tests.listing.corpus_split import assert_judged, assert_well_formed

pytestmark = pytest.mark.holdout

CASES_FILE = Path(__file__).with_name("cases.jsonl")
# Held out: written without sight of the lexicon or the other corpora. Never to be tuned against - neither these
# thresholds nor the cases may be edited to make a run pass; a miss or false alarm is fixed in the lexicon/matcher
# as a class of error, and judged by a fresh held-out split.
AIM_PRECISION = 0.85
AIM_RECALL = 0.85
# Floors: measured at first contact (main at 1e2eaac, 2026-12-03) at 0.897 / 0.678, less ~0.02. Never raised by
# tuning on this split: tuned against, it becomes a development set.
MIN_PRECISION = 0.87
MIN_RECALL = 0.65


def test_the_heldout_file_is_well_formed():
    assert_well_formed(CASES_FILE)


def test_the_review_judges_the_heldout_split_as_an_expert_would(replica_for, capsys):
    assert_judged("heldout7", CASES_FILE, replica_for("listing"), capsys, (AIM_PRECISION, AIM_RECALL),
                  (MIN_PRECISION, MIN_RECALL))
