"""A live session's declared plan against the listing records (pure, R-LST-29): the plan's product information must be
the product information on sale — each planned item that names a listing names a published listing of the session's
operator, at the listing's price — so that what the host presents from the plan is accurate."""

from decimal import Decimal

from tianping.lib.enforcement import enforces

PART = ("customer needs, technical specifications, risks and the roles of the people on air are the marketer's own "
        "planning; the check holds the plan's goods and prices to the listings on sale")


@enforces("R-LST-29", neutral={}, partly=PART)
def plan_mismatches(plan: dict | None, listings: dict[str, dict], operator_id: str) -> dict[str, list[str]]:
    """By field (`plan.items.N.listing_id`, `plan.items.N.price`), what of the plan is not what is on sale; {}: the
    plan matches the listing records (or names none)."""
    out: dict[str, list[str]] = {}
    for i, item in enumerate((plan or {}).get("items") or []):
        listing_id = item.get("listing_id")
        if not listing_id:
            continue
        listing = listings.get(listing_id)
        if listing is None or listing.get("status") != "published":
            out[f"plan.items.{i}.listing_id"] = [f"{listing_id} is not on sale"]
        elif listing.get("operator_id") != operator_id:
            out[f"plan.items.{i}.listing_id"] = [f"{listing_id} is another operator's listing"]
        elif item.get("price") is not None and listing.get("price") is not None \
                and Decimal(str(item["price"])) != Decimal(str(listing["price"])):
            out[f"plan.items.{i}.price"] = [f"planned {item['price']}, the listing sells at {listing['price']}"]
    return out
