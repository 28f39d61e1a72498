"""What the listing-review mechanism tests (rounds 6, 7, …) share: the default lexicon compiled once, the kinds of
finding a listing draws, and a lexicon edited for a test that switches a mechanism's data off."""

import copy
import importlib
import re

from services.listing import rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.usecases import product

normalise = importlib.import_module("services.listing.matching.normalise")
LEXICON = rules.CompiledLexicon(DEFAULT)
NEVER = re.compile(r"(?!)")


# The structural price, guarantee and sales-figure checks (services/listing/price_rules.py, guarantees.py,
# sales_figures.py: category sales-figure) read no lexicon: a test that edits the lexicon to show
# one of its mechanisms matters judges what the lexicon finds, so their findings are left out of it.
STRUCTURAL = ("missing_field", "price_claim", "guarantee_claim")


def kinds(listing: dict, lexicon=LEXICON) -> set[str]:
    left_out = ("missing_field",) if lexicon is LEXICON else STRUCTURAL + ("sales-figure",)
    return {f.kind for f in rules.review(listing, lexicon, {}) if f.kind not in left_out and f.category not in left_out}


def said(description: str, title: str = "不锈钢保温杯 500ml", lexicon=LEXICON, **extra) -> set[str]:
    return kinds(product(title=title, description=description, **extra), lexicon)


ROUND12_CLASS = "round 12 class: "


def before_round12(body: dict) -> dict:
    """The lexicon without round 12's class-level compounds. They read a whole class (a figure noun and a
    manipulation word, a result and a refund-if-not, …), so they also catch what an earlier round's single mechanism
    catches: that round's test switches its mechanism off on this lexicon to show the mechanism still matters."""
    body["compounds"] = [c for c in body["compounds"] if not c.get("message", "").startswith(ROUND12_CLASS)]
    body["clause_patterns"] = [p for p in body["clause_patterns"] if not p["message"].startswith(ROUND12_CLASS)]
    return body


def edited(change, keep_round12: bool = False) -> rules.CompiledLexicon:
    body = copy.deepcopy(DEFAULT)
    if not keep_round12:
        before_round12(body)
    change(body)
    return rules.CompiledLexicon({**body, "version": f"test-{id(change)}"})
