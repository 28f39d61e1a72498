"""Development set 4 (formerly held-out split 7, `tests/listing/heldout7`) for the draft check (`reviews.check`, POST /v1/listings/check).

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

from tests.listing.corpus_split import SplitChecks

pytestmark = pytest.mark.devset_external

CASES_FILE = Path(__file__).with_name("cases.jsonl")
# A DEVELOPMENT SET NOW. Held out until round 8: its last held-out figures, measured after round 7 (lexicon
# 2027-01-19.1) without anyone tuning against it, were precision 0.911, recall 0.683 (0.897 / 0.678 after round 6;
# weakest: guaranteed returns or results 1/15, fake or hidden prices 2/15, faked data 8/15, efficacy and endorsement
# 9/15). Round 8 (lexicon 2027-01-26.1) fixed those families of language as general mechanisms and clause patterns
# (tests/listing/test_mechanisms_round8.py), never by copying its cases; after that it measures 0.994 / 0.978, which,
# tuned against, says little. Fresh text is judged by the next held-out split (heldout8). Its cases are still not
# edited; the floors below are the round-8 figures less ~0.02.
AIM_PRECISION = 0.85
AIM_RECALL = 0.85
MIN_PRECISION = 0.96
MIN_RECALL = 0.96


class TestSplit(SplitChecks):
    title = "devset_external4 (formerly heldout7)"
    cases_file = CASES_FILE
    aims = (AIM_PRECISION, AIM_RECALL)
    floors = (MIN_PRECISION, MIN_RECALL)
    labelled = False
