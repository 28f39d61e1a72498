"""Listing rules (pure): the content review of a listing or community post, each finding citing its rule IDs and the
exact span of the field it is in; and the reactions' rules.

Kinds of finding: missing_field, absolute_claim, unproven_claim, efficacy_claim, superstition_claim,
treated_as_natural, fake_as_real,
counterfeit, prohibited_goods, certificate, ad_label, personal_data (PB-18, personal_data.py), platform_notice (PB-19,
impersonation.py), price_claim (R-LST-17/18: terms, firmness and fees left unstated, price_rules.py),
guarantee_claim (a result guaranteed, by its shape: guarantees.py),
class_model (the learned second opinion, sent to a reviewer: class_model.py, added by the use
case). The lexicon (versioned data, lexicon.json by default) supplies the terms; matching/ finds them, content.py
judges the texts.
"""

from tianping.lib.enforcement import NO_FINDING, enforces, unless_cited

from . import (
    appendix_a,
    brands,
    certificate_rules,
    clauses,
    community,
    compounds,
    content,
    declared_attributes,
    declared_brand,
    declared_material,
    group_buy,
    guarantees,
    impersonation,
    made_to_order,
    personal_data,
    price_rules,
    proofs,
    reference_price,
    sales_figures,
    treatments,
)
from .content import PRECIOUS
from .findings import Finding
from .matching import normalise
from .vocabulary import CompiledLexicon

__all__ = ["CompiledLexicon", "Finding", "review", "decision", "PRECIOUS"]

# Statuses a listing can be in; a withdrawn listing returns only through a new review.
# ip_hold: taken down on a rights holder's notice (R-LST-13) — hidden from buyers, kept, restored or withdrawn later.
STATUSES = ("in_review", "published", "rejected", "withdrawn", "changes_requested", "ip_hold")
LIVE_STATUSES = ("in_review", "published", "changes_requested", "ip_hold")
# Onboarding statuses that stop a subject's listings (R-REP-18, R-REP-15 suspension, clear-out). "blacklisted" is
# not one of them: the blacklist reaches listing through its own replica, the one path for that decision.
STOPPING_STATUSES = ("suspended", "cleared_out")

# Every rule the content review cites; the corpus (tests/listing/corpus.py) must make each of them fire.
ENFORCED = ("R-LST-03", "R-LST-04", "R-LST-05", "R-LST-06", "R-LST-07", "R-LST-17", "R-LST-18", "R-LST-19",
            "R-LST-20", "R-LST-21", "R-LST-22", "R-LST-23", "R-LST-27", "R-LST-28", "PB-02", "PB-03", "PB-05",
            "PB-06", "PB-22", "PB-25", "R-LST-08", "R-LST-11", "R-LST-15", "R-LST-36", "PB-07", "PB-09", "PB-10",
            "PB-13", "PB-24", "PB-26", "PB-28", "R-LST-12", "PB-23", "PB-18", "PB-19", "R-LST-14")
KINDS = ("missing_field", "absolute_claim", "unproven_claim", "efficacy_claim", "superstition_claim",
         "treated_as_natural", "fake_as_real",
         "counterfeit", "prohibited_goods", "certificate", "ad_label", "personal_data", "platform_notice",
         "price_claim", "guarantee_claim", "class_model")
TEXT_FIELDS = ("title", "description")

# Material names of GB 11887 / GB/T 16552 / GB/T 16554: a jewelry product's name carries its material (R-LST-07 #1).
MATERIAL_NAMES = ("翡翠", "和田玉", "玉", "钻石", "黄金", "足金", "千足金", "铂金", "足铂", "白银", "足银", "银", "金",
                  "珍珠", "红宝石", "蓝宝石", "祖母绿", "琥珀", "蜜蜡", "绿松石", "水晶", "玛瑙", "碧玺", "珊瑚", "铂",
                  "莫桑石", "锆石", "尖晶石", "托帕石", "石榴石", "橄榄石", "坦桑石", "海蓝宝", "月光石")
# Round 17: GB 11887 §5 names a precious metal by its fineness mark as well ("S925", "Au750", "Pt950", "18K"): a title
# with the mark carries its metal; and a title naming a main stone the material declares by its GB/T 16552 name
# ("合成立方氧化锆") carries its material.
STONE_NAMES = ("立方氧化锆", "合成立方氧化锆", "合成碳硅石", "合成蓝宝石", "合成红宝石", "合成尖晶石", "合成水晶")
FINENESS_MARKS = {"银": ("s925", "s990", "s999", "ag925", "925银", "纯银"),
                  "金": ("au750", "au585", "au999", "au9999", "18k", "14k", "22k", "k金"),
                  "铂": ("pt950", "pt900", "pt990", "pt999")}
# Round 19: a metal declared by its fineness name (足金 Au9999) is named in the title by its family's marks.
METAL_FAMILY = {"足金": "金", "千足金": "金", "黄金": "金", "足银": "银", "白银": "银", "铂金": "铂", "足铂": "铂"}


@enforces(*ENFORCED, neutral=NO_FINDING)
def review(listing: dict, lexicon: CompiledLexicon, certificates: dict[str, dict], room: dict | None = None) \
        -> list[Finding]:
    """Every finding on a listing (pure). `certificates`: number -> the registry's record (absent: unknown); `room`:
    the live room the listing is sold in, if it names one. A jewelry listing's attributes are read by the names of
    appendix_a (its accepted aliases renamed; a finding names the attribute as sent)."""
    renamed = {}
    if listing.get("category") in PRECIOUS:
        listing, renamed = appendix_a.canonical(listing)
    return appendix_a.as_sent(_review(listing, lexicon, certificates, room), renamed)


def _review(listing: dict, lexicon: CompiledLexicon, certificates: dict[str, dict], room: dict | None) \
        -> list[Finding]:
    hits = content.scan(listing, lexicon)
    cited = {n: certificates[n] for n in listing.get("certificates") or [] if n in certificates}
    texts = content.text_fields(listing)
    combined = compounds.findings(listing, hits, texts, lexicon.compounds)
    combined += proofs.unproven(clauses.findings(texts, lexicon.clause_patterns, lexicon.variants), listing, texts,
                                lexicon.proof_categories)  # round 21: a claim's proof cited or attached
    combined = [f for f in combined if not reference_price.basis_stated(texts, f)  # round 18: its period stated
                and not community.asked_price(listing, f)]  # round 21: a member asking what to pay
    claims = compounds.supersede(content.claims(listing, hits, lexicon), combined)
    fake = content.fake_as_real(listing, hits, lexicon)
    return (missing_fields(listing) + room_disclosures(listing, room) + claims + combined
            + treatments.treated_as_natural(listing, hits, cited) + fake
            + brands.findings(listing, hits, texts, lexicon) + certificate_rules.findings(listing, certificates)
            + community.ad_label(listing, hits) + personal_data.findings(texts)
            + impersonation.findings(texts) + group_buy.findings(listing) + made_to_order.findings(listing)
            + price_rules.findings(listing) + guarantees.findings(listing) + sales_figures.findings(listing)
            + declared_material.findings(listing, PRECIOUS, {f.field for f in fake})
            + declared_attributes.findings(listing, PRECIOUS, lexicon.indications)
            + declared_brand.findings(listing, lexicon))


def missing_fields(listing: dict) -> list[Finding]:
    """R-LST-07 (jewelry, Appendix A), R-LST-03 (source), R-LST-17 / R-LST-18 (price, promotion, fees)."""
    attributes = listing.get("attributes") or {}
    out = []

    def missing(field: str, what: str, rule_ids) -> None:
        out.append(Finding(tuple(rule_ids), "missing_field", field, 0, 0, "", f"missing: {what}"))

    if listing.get("kind", "product") == "product":
        for field, rule in (("description", "R-LST-19"), ("source", "R-LST-03")):
            if not (listing.get(field) or "").strip():
                missing(field, field, [rule])
        if listing.get("price") is None:
            missing("price", "price", ["R-LST-17", "R-LST-18"])
        if listing.get("shipping_fee") is None:
            missing("shipping_fee", "shipping fee, or 0 when free (R-LST-18)", ["R-LST-18"])
        promotion = listing.get("promotion")
        if promotion and not (promotion.get("ends_at") or promotion.get("conditions")):
            missing("promotion", "a promotion states its time limit (ends_at) or its conditions", ["R-LST-17"])
        if listing.get("category") in PRECIOUS:
            for field, what in appendix_a.JEWELRY_REQUIRED.items():
                if not _present(attributes.get(field)):
                    out.append(_absent(field, what, ["R-LST-07"]))
            if attributes.get("contains_gems") and not _present(attributes.get("treatment")):
                out.append(_absent("treatment", appendix_a.GEM_REQUIRED["treatment"], ["R-LST-07", "PB-02"]))
            named = _material_named(listing.get("title") or "", str(attributes.get("material_fineness") or ""))
            if named is False:
                out.append(Finding(("R-LST-07",), "missing_field", "title", 0, len(listing.get("title") or ""),
                                   listing.get("title") or "", "the product name must carry its material, as "
                                   "GB 11887 / GB/T 16552 name it (Table A.1 #1)"))
    return out


ROOM_DISCLOSURES = {"licence_info": "the operator's business-licence information or a link to it",
                    "dispute_channel": "the channel for resolving consumer disputes",
                    "service_hotline": "a customer-service telephone number"}


def room_disclosures(listing: dict, room: dict | None) -> list[Finding]:
    """R-LST-27 / R-LST-28: a live room shows the licence, the dispute channel and a hotline before it sells."""
    if not listing.get("room_id"):
        return []
    if room is None:
        return [Finding(("R-LST-27", "R-LST-28"), "missing_field", "room_id", 0, len(listing["room_id"]),
                        listing["room_id"], "the live room has not published its disclosures")]
    return [Finding(("R-LST-27", "R-LST-28"), "missing_field", f"room.{field}", 0, 0, "",
                    f"the live room does not show {what}")
            for field, what in ROOM_DISCLOSURES.items() if not _present(room.get(field))]


def _absent(name: str, what: str, rule_ids) -> Finding:
    return Finding(tuple(rule_ids), "missing_field", f"attributes.{name}", 0, 0, "",
                   appendix_a.missing_message(name, what))


# Round 14: a variety name in trade use that names its material on its own (南红 is 南红玛瑙, 蜜蜡 is amber): the name
# carries the material when the declaration names that variety.
VARIETIES = {"玛瑙": ("南红", "战国红", "北红"), "琥珀": ("蜜蜡", "血珀", "金珀", "虫珀"), "玉": ("岫玉", "独山玉", "碧玉"),
             "绿松石": ("松石",)}


def _material_named(title: str, material: str) -> bool | None:
    """Does the name carry the first material the attributes declare, or the declared variety of it? (None: no known
    material declared.)"""
    material, title = normalise(material)[0], normalise(title)[0]
    declared = next((m for m in sorted(MATERIAL_NAMES, key=len, reverse=True) if m in material
                     and not _inside_another(m, material)), None)
    if declared is None:
        return None
    return declared in title or any(v in material and v in title for v in VARIETIES.get(declared, ())) \
        or any(mark in title for mark in FINENESS_MARKS.get(METAL_FAMILY.get(declared, declared), ())) \
        or any(stone in material and stone in title for stone in STONE_NAMES)


def _inside_another(name: str, material: str) -> bool:
    """Round 19: a name read inside another that starts before it ("蓝宝石" in "海蓝宝石", aquamarine) is not declared."""
    at = material.find(name)
    return any(0 <= material.find(other) < at < material.find(other) + len(other) for other in MATERIAL_NAMES
               if other in material)


def _present(value) -> bool:
    return value not in (None, "", [], {})


@enforces("R-LST-01", neutral=unless_cited(("published", []), "published whatever the review found"))
@enforces("R-LST-02", neutral=unless_cited(("published", []), "published without a reviewer"),
          partly="the review procedure's audit trail is kept by the use case, not by this check")
def decision(findings: list[Finding]) -> tuple[str, list[str]]:
    """published when nothing was found; in_review when every finding is one a human decides; otherwise rejected.
    Every decision names the rules that fired (R-LST-01 publication only after review)."""
    fired = sorted({r for f in findings for r in f.rule_ids})
    if not findings:
        return "published", ["R-LST-01"]
    if all(f.review for f in findings):
        return "in_review", ["R-LST-01", "R-LST-02", *fired]
    return "rejected", ["R-LST-01", *fired]


@enforces("R-LST-12", "R-REP-18", neutral=unless_cited((False, []), "nothing withdrawn"))
def withdraw_on_blacklist(action: str) -> tuple[bool, list[str]]:
    """A blacklisted operator's listings are withdrawn (R-REP-13, R-REP-18, R-LST-12); a lift restores
    nothing — each listing must pass a new review (R-LST-01)."""
    if action == "add":
        return True, ["R-REP-13", "R-REP-18", "R-LST-12"]
    return False, ["R-LST-01"]


@enforces("R-ONB-02", neutral={}, partly="the registration file's truth and completeness are checked by onboarding's "
                                          "application checks (their own rule IDs), not by this gate")
def not_cleared_to_publish(subject_ids, known: dict[str, str]) -> dict[str, str]:
    """R-ONB-02: of the subjects a listing names (operator, host), those onboarding has not told this service are
    active — reviewed and registered — with what is known of them ('unknown' if nothing). Any: the listing is
    refused."""
    return {s: known.get(s, "unknown") for s in subject_ids if s and known.get(s) != "active"}
