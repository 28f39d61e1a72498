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


def kinds(listing: dict, lexicon=LEXICON) -> set[str]:
    return {f.kind for f in rules.review(listing, lexicon, {}) if f.kind != "missing_field"}


def said(description: str, title: str = "不锈钢保温杯 500ml", lexicon=LEXICON, **extra) -> set[str]:
    return kinds(product(title=title, description=description, **extra), lexicon)


def edited(change) -> rules.CompiledLexicon:
    body = copy.deepcopy(DEFAULT)
    change(body)
    return rules.CompiledLexicon({**body, "version": f"test-{id(change)}"})
