"""Human quality review of a sample of automatically published listings: the policy's rate (policy.json
`human_sample`) of auto-published listings, drawn by a hash of the listing id and the policy's salt — reproducible
and auditable — wait in the review queue as `sampled` items while they stay published; the reviewer's verdict is
recorded on the listing as a label, and a withdrawal takes it down (R-LST-02, R-LST-12)."""

from decimal import Decimal

from tianping.lib import clock, paging
from tianping.lib.errors import Conflict, load
from tianping.lib.trail import step

from .. import models, oversight_rules, schemas
from . import Context, quality, reviews  # (reviews draws with draw_for: both resolve at call time)


def draw_for(ctx: Context, listing: models.Listing) -> None:
    """Before an automatically published listing is stored: is it drawn for the human sample? (Set on the document,
    so the draw and the listing are written together.)"""
    policy = ctx.policy["human_sample"]
    if listing.status != "published" or not oversight_rules.sampled(listing.listing_id, Decimal(policy["rate"]),
                                                                    policy["salt"]):
        return
    listing.sample_state = "open"  # the policy that drew it, so an auditor recomputes the draw
    listing.sample_verdict = {"rate": policy["rate"], "salt": policy["salt"], "policy": ctx.policy["version"]}


def queue(ctx: Context, cursor: str | None = None, limit: int = 50) -> dict:
    docs, next_cursor = ctx.repo.sampled_waiting(cursor, paging.clamp(limit, 50, 200))
    return schemas.SampledPage().dump({"items": docs, "next_cursor": next_cursor})


def decide(ctx: Context, listing_id: str, data: dict, reviewer: str) -> dict:
    """The reviewer's verdict, once: kept (the automatic decision was right) or withdrawn (it missed something)."""
    d = load(schemas.SampleDecisionIn(), data)
    listing = ctx.repo.listing_or_404(listing_id)
    rule_ids = ["R-LST-02", *d["rule_ids"]]
    verdict = {**(listing.sample_verdict or {}), "decision": d["decision"], "rule_ids": d["rule_ids"], "reason": d["reason"], "reviewer": reviewer,
               "at": clock.now()}
    if not ctx.repo.decide_sample(listing_id, verdict, step(f"sample_{d['decision']}", reviewer, rule_ids,
                                                            [d["reason"]], cause="human_sample"),
                                  quality.sample_label(listing, d, reviewer)):
        raise Conflict(f"listing {listing_id} is not waiting in the human sample", {"listing_id": ["not sampled"]})
    if d["decision"] == "withdraw" and listing.status == "published":
        withdrawn_rules = ["R-LST-12", *rule_ids]
        if ctx.repo.move(listing_id, "published", "withdrawn",
                         step("withdrawn", reviewer, withdrawn_rules, [d["reason"]], "human_sample", "withdrawn",
                              "published")):
            reviews.announce(ctx, listing, "withdrawn", withdrawn_rules, reviewer, "published")
    else:
        ctx.audited(reviewer, "listing_sample_kept", f"listing:{listing_id}", subject=listing.operator_id,
                    rule_ids=rule_ids, versions={"lexicon": listing.lexicon_version})
    return schemas.ListingOut().dump(ctx.repo.listing_or_404(listing_id))
