"""Made-to-order goods (R-LST-09, R-LST-10), pure. A listing is made to order when its attribute `made_to_order` is
true. Its description must be true and detailed: it states the specification the goods are made to (materials,
dimensions), the production time and a description of at least the policy's length (R-LST-09); and it states
whether the goods may deviate from that description during production, and how (R-LST-10: the buyer is told before
ordering; the buyer's consent to a deviation is kept with the order, at aftersale)."""

from tianping.lib.enforcement import NO_FINDING, enforces

from .findings import Finding

MIN_DESCRIPTION = 30  # characters: a made-to-order description says what will be made, not only a title
SPECIFICATION = {"specification": "the specification it is made to (materials, dimensions)",
                 "production_time": "the production time"}


def _missing(rule_id: str, field: str, message: str) -> Finding:
    return Finding((rule_id,), "missing_field", field, 0, 0, "", message)


@enforces("R-LST-09", neutral=NO_FINDING, partly="that the goods delivered match the description is for the "
                                                 "buyer's after-sale and dispute claims, not checked here")
@enforces("R-LST-10", neutral=NO_FINDING, partly="the buyer's consent to a deviation is recorded with the order "
                                                 "(aftersale), not by this check")
def findings(listing: dict) -> list[Finding]:
    attributes = listing.get("attributes") or {}
    if attributes.get("made_to_order") is not True:
        return []
    out = [_missing("R-LST-09", f"attributes.{field}", f"made-to-order goods state {what}")
           for field, what in SPECIFICATION.items() if not str(attributes.get(field) or "").strip()]
    if len((listing.get("description") or "").strip()) < MIN_DESCRIPTION:
        out.append(_missing("R-LST-09", "description", f"made-to-order goods are described in detail (at least "
                                                       f"{MIN_DESCRIPTION} characters)"))
    if not str(attributes.get("deviation_notice") or "").strip():
        out.append(_missing("R-LST-10", "attributes.deviation_notice", "made-to-order goods tell the buyer whether, "
                                                                       "and how, they may deviate from the description"))
    return out
