"""Shadow mode for a lexicon (issue 18): a candidate version is tried over the listings stored in a period before it
takes effect. Each listing's stored content is reviewed automatically under the lexicon in force and under the
candidate; what would change is reported (listings that would be withdrawn or published, rules that would fire or
stop firing). Nothing is stored, published or announced: a dry run changes nothing."""

from tianping.lib import periods
from tianping.lib.errors import load

from .. import schemas
from . import Context, lexicons
from .reviews import automatic_review

MAX_LISTINGS = 5000  # one dry run; `truncated` says when the period held more


def stored_item(listing) -> dict:
    """A stored listing as the review reads a submission."""
    fields = schemas.ListingBody().fields
    return {name: getattr(listing, name) for name in fields if getattr(listing, name, None) is not None}


def effect(stored: str, candidate: str) -> str:
    if stored == "published" and candidate != "published":
        return "withdraw"
    if stored != "published" and candidate == "published":
        return "publish"
    return "none"


def lexicon(ctx: Context, data: dict) -> dict:
    d = load(schemas.DryRunIn(), data)
    candidate = lexicons.build({**d["lexicon"], "version": "dry-run"})
    in_force = lexicons.compiled(ctx, wait=True)
    since, until = periods.day_range(d["since"], d["until"])
    listings = ctx.repo.listings_created_between(since, until, MAX_LISTINGS + 1)
    changes = []
    for listing in listings[:MAX_LISTINGS]:
        item = stored_item(listing)
        now_status, now_rules, _, _ = automatic_review(ctx, item, in_force)
        new_status, new_rules, _, _ = automatic_review(ctx, item, candidate)
        if (now_status, now_rules) == (new_status, new_rules):
            continue
        changes.append({"listing_id": listing.listing_id, "operator_id": listing.operator_id,
                        "stored_status": listing.status, "automatic_now": now_status,
                        "automatic_with_candidate": new_status, "effect": effect(listing.status, new_status),
                        "rule_ids_added": sorted(set(new_rules) - set(now_rules)),
                        "rule_ids_removed": sorted(set(now_rules) - set(new_rules))})
    return schemas.DryRunOut().dump({
        "lexicon_version_now": in_force.version, "listings_examined": min(len(listings), MAX_LISTINGS),
        "truncated": len(listings) > MAX_LISTINGS, "changes": changes,
        "would_withdraw": sum(c["effect"] == "withdraw" for c in changes),
        "would_publish": sum(c["effect"] == "publish" for c in changes)})
