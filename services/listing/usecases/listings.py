"""Listings: submitted for review (nothing is published before it), read, approved."""

import uuid

from tianping.errors import Conflict, SubjectBlacklisted, load
from tianping.trail import step
from tianping.usecase import Context

from .. import models, schemas


def submit(ctx: Context, data: dict) -> dict:
    item = load(schemas.ListingIn(), data)
    for sid in filter(None, (item["operator_id"], item["host_id"])):
        if ctx.replica.is_blacklisted(sid):  # refuse new listings (R-REP-13)
            raise SubjectBlacklisted(f"{sid} is on the platform blacklist (R-REP-13)",
                                     {"operator_id": ["blacklisted"], "rule_ids": ["R-REP-13"]})
    listing = models.Listing(listing_id=f"lst_{uuid.uuid4().hex[:16]}", operator_id=item["operator_id"],
                             host_id=item["host_id"], title=item["title"],
                             trail=[step("submitted", item["operator_id"], ["R-LST-01"], cause="submitted",
                                         status="pending_review")])
    ctx.repo.insert(listing)
    return schemas.ListingOut().dump(listing)


def get(ctx: Context, listing_id: str) -> dict:
    return schemas.ListingOut().dump(ctx.repo.listing_or_404(listing_id))


def approve(ctx: Context, listing_id: str, reviewer: str) -> dict:
    """Published after review (R-LST-01), the reviewer and time in its trail (R-LST-02)."""
    moved = ctx.repo.move(listing_id, "pending_review", "published",
                          step("approved", reviewer, ["R-LST-01", "R-LST-02"], cause="review", status="published",
                               previous="pending_review"))
    if not moved:
        ctx.repo.listing_or_404(listing_id)  # unknown: 404; known but not awaiting review: 409
        raise Conflict(f"listing {listing_id} is not awaiting review", {"listing_id": ["not pending review"]})
    return get(ctx, listing_id)
