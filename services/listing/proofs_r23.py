"""Round 23: an endorsement read by a clause pattern (lexicon `clause_patterns`: 航天员同款, 皇室御用, 特级教师编写 …)
is a claim that needs its proof (R-LST-23, Advertising Law art. 16, 38), like the lexicon's endorsement terms
(`proof: true`): a listing that attaches its proof (`proofs`) has given what the rule asks (pure)."""

from .findings import Finding

ENDORSEMENTS = ("expert-endorsement", "media-endorsement", "celebrity-endorsement")


def cleared(listing: dict, found: list[Finding]) -> list[Finding]:
    """`found` without the endorsements its attached proofs answer."""
    if not listing.get("proofs"):
        return found
    return [f for f in found if not (f.kind == "unproven_claim" and f.category in ENDORSEMENTS)]
