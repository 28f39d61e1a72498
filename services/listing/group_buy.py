"""Group-buying offers (R-LST-14), pure: before a group-buy publishes, the platform checks that it states its
inventory (a positive whole number), its shipping time, its logistics and its service terms, and that a reference
("original", struck-through) price above the price it sells at states the basis it rests on — an inflated reference
price is what makes a group-buy look cheaper than it is. A listing is a group-buy when its attribute `group_buy` is
true."""

from decimal import Decimal, InvalidOperation

from .findings import Finding

REQUIRED = {"inventory": "the inventory on offer", "shipping_time": "how soon it ships",
            "logistics": "the logistics (carrier, regions)", "service_terms": "the service terms"}


def findings(listing: dict) -> list[Finding]:
    attributes = listing.get("attributes") or {}
    if attributes.get("group_buy") is not True:
        return []

    def missing(field: str, message: str) -> Finding:
        return Finding(("R-LST-14",), "missing_field", f"attributes.{field}", 0, 0, "", message)

    out = [missing(field, f"a group-buy states {what}") for field, what in REQUIRED.items()
           if attributes.get(field) in (None, "")]
    inventory = attributes.get("inventory")
    if inventory not in (None, "") and not (_whole(inventory) and int(inventory) > 0):
        out.append(missing("inventory", "a group-buy's inventory is a positive whole number"))
    reference, price = _amount(attributes.get("reference_price")), _amount(listing.get("price"))
    if reference is not None and price is not None and reference > price \
            and not str(attributes.get("reference_price_basis") or "").strip():
        out.append(missing("reference_price_basis", f"a reference price of {reference} above the price {price} "
                                                    "states its basis (e.g. the price it last sold at, and when)"))
    return out


def _whole(value) -> bool:
    return not isinstance(value, bool) and str(value).strip().isdigit()


def _amount(value) -> Decimal | None:
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None
