"""The attributes a jewelry listing carries for 003 Table A.1 (R-LST-07), by the names the review reads, with the other
names it accepts for each (pure). A merchant may send `after_sales_commitment` or `findings`; the review reads them as
`after_sale_commitment` and `accessories`, and a finding on such an attribute names the attribute as it was sent. A
missing item is reported under its expected name, with the names accepted for it, so a name the review does not know
is told apart from an item that is absent. README "Listing review" lists the same table."""

from dataclasses import replace

# 003 Table A.1, the items marked required, as listing attributes (R-LST-07). Items 3, 15 and 16 (sequence number in
# the session, consumer reviews, sales quantity) are shown by the platform itself and are not asked of the merchant;
# 29 (treatment) is required when the product contains gems.
JEWELRY_REQUIRED = {
    "brand": "trademark or brand (Table A.1 #2)",
    "operator_name": "operator name (#6)",
    "operator_contact": "operator contact details, with customer service (#7)",
    "operator_qualification": "operator qualification: business licence and administrative licences (#8)",
    "origin": "import and origin (#17)",
    "material_fineness": "material and fineness, per part for combined products (#22)",
    "style": "style: necklace, bracelet, ring, earrings ... (#23)",
    "size": "size (#24)",
    "weight_g": "weight in grams (#25)",
    "accessories": "accessories and findings with their material, weight and fineness, or 'none' (#32)",
    "after_sale_commitment": "after-sales commitment: return, exchange and repair conditions (#33, R-AFT-02)",
    "warranty_period": "warranty period (#34)",
    "warranty_policy": "warranty policy (#35)",
    "care_instructions": "repair and care instructions with safety precautions and risk warnings (#36)",
    "professional_care": "repair, cleaning and care instructions for professionals (#37)",
}
GEM_REQUIRED = {"treatment": "enhancement or treatment disclosure for gems, as GB/T 16552 requires (#29)"}
# Other names accepted for an item: the wording of Table A.1 in English, singular/plural and word-order variants.
# `weight_g` has none: it is one number of grams, checked against a certificate (schemas.ListingBody).
ALIASES = {
    "brand": ("trademark", "brand_name"),
    "operator_name": ("merchant_name", "seller_name"),
    "operator_contact": ("merchant_contact", "seller_contact", "customer_service"),
    "operator_qualification": ("qualification", "business_licence", "business_license"),
    "origin": ("import_origin", "place_of_origin", "country_of_origin"),
    "material_fineness": ("material_purity", "material_and_fineness", "fineness"),
    "style": ("design",),
    "size": ("dimensions",),
    "accessories": ("findings", "accessories_findings", "fittings"),
    "after_sale_commitment": ("after_sales_commitment", "aftersale_commitment", "after_sales"),
    "warranty_period": ("warranty",),
    "warranty_policy": ("warranty_terms",),
    "care_instructions": ("care_consumer", "consumer_care", "care"),
    "professional_care": ("care_professional", "professional_care_instructions"),
    "treatment": ("treatment_disclosure", "enhancement_treatment", "optimisation"),
}


def canonical(listing: dict) -> tuple[dict, dict[str, str]]:
    """The listing with each accepted alias renamed to the name the review reads (when that name is not sent too),
    and the renames made: {"attributes.<read name>": "attributes.<name sent>"}."""
    attributes = listing.get("attributes") or {}
    renamed, out = {}, dict(attributes)
    for name, aliases in ALIASES.items():
        if name in attributes:
            continue
        sent = next((a for a in aliases if a in attributes), None)
        if sent is not None:
            out[name] = out.pop(sent)
            renamed[f"attributes.{name}"] = f"attributes.{sent}"
    return ({**listing, "attributes": out} if renamed else listing), renamed


def as_sent(findings: list, renamed: dict[str, str]) -> list:
    """Each finding on a renamed attribute named as the merchant sent it."""
    if not renamed:
        return findings
    return [replace(f, field=renamed[f.field]) if f.field in renamed else f for f in findings]


def missing_message(name: str, what: str) -> str:
    """What the review expected: the attribute's name, the names it also accepts, and the Table A.1 item."""
    also = ALIASES.get(name, ())
    accepted = f" (also accepted: {', '.join(f'attributes.{a}' for a in also)})" if also else ""
    return f"missing: attributes.{name}{accepted} — {what}"
