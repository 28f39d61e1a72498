"""A cited certificate against the registry of accredited labs (R-LST-04, R-LST-05, PB-22, PB-23), pure.

A certificate shown on a listing must be one a lab registered, not revoked, and say what the listing says: the lab
that issued it (attribute `certificate_lab`, when the listing names one), the material, the weight (within
tolerance) and the treatment. A number no lab registered is a forged certificate; a registered number whose details
differ from the listing's is an altered one, or another item's; a revoked one is no certificate at all: each is
PB-23 (forging, altering or tampering with certificates) besides the registry rules."""

import re
from decimal import Decimal

from tianping.lib import quantities

from .findings import Finding
from .matching import normalise
from .treatments import ENHANCEMENT, TREATMENT_DECLARED, UNTREATED

WEIGHT_TOLERANCE = (Decimal("0.05"), Decimal("0.01"))  # grams, and share of the certified weight: the larger holds
FORGED = ("R-LST-04", "R-LST-05", "PB-23")
ALTERED = ("R-LST-05", "PB-22", "PB-23")


def findings(listing: dict, certificates: dict[str, dict]) -> list[Finding]:
    """Every certificate finding on a listing: `certificates` maps a number to the registry's record."""
    out = []
    attributes = listing.get("attributes") or {}
    for index, number in enumerate(listing.get("certificates") or []):
        def finding(rule_ids, message, number=number, index=index):
            return Finding(tuple(rule_ids), "certificate", f"certificates.{index}", 0, len(number), number, message)

        cert = certificates.get(number)
        if cert is None:
            out.append(finding(FORGED, "no accredited lab registered this certificate"))
        elif cert.get("status") == "revoked":
            out.append(finding(ALTERED, "this certificate was revoked by its lab"))
        else:
            out += [finding(ALTERED, message) for message in differences(attributes, cert)]
    return out


def differences(attributes: dict, cert: dict) -> list[str]:
    """What the listing says that the lab did not register: lab, material, weight, treatment."""
    out = []
    lab = normalise(str(attributes.get("certificate_lab") or ""))[0].strip()
    if lab and cert.get("lab_name") and lab != normalise(cert["lab_name"])[0].strip():
        out.append(f"the certificate was issued by {cert['lab_name']}, the listing says {attributes['certificate_lab']}")
    material = str(attributes.get("material_fineness") or "")
    if cert.get("material") and material and cert["material"] not in material:
        out.append(f"the certificate is for {cert['material']}, the listing says {material}")
    weight = _weight_difference(attributes.get("weight_g"), cert.get("weight_g"))
    if weight:
        out.append(weight)
    stated, certified = treated(attributes.get("treatment")), treated(cert.get("treatment"))
    if stated is not None and certified is not None and stated != certified:
        out.append(f"the certificate says treatment {cert['treatment']!r}, the listing {attributes['treatment']!r}")
    return out


def _weight_difference(weight, certified_text) -> str | None:
    if certified_text is None or weight in (None, ""):
        return None
    certified = Decimal(str(certified_text))
    try:
        stated = quantities.grams(weight)
    except ValueError as exc:  # stored before weights were checked on input: a finding, never a 500
        return f"the listing's weight_g is not a weight ({exc})"
    if abs(certified - stated) > max(WEIGHT_TOLERANCE[0], certified * WEIGHT_TOLERANCE[1]):
        return f"the certificate says {certified} g, the listing {stated} g"
    return None


NEGATED = re.compile(r"(?:无|未|非|不|没有?)(?:经过?|有|任何|经任何)*(?:人工)?(?:优化|处理)")


def treated(text) -> bool | None:
    """True: a treatment (GB/T 16552 处理: filling, dyeing ...) is declared; False: none ("无", "天然, 未经处理"), or
    enhancement only (优化 keeps the natural name); None: nothing said, or nothing this can read."""
    declared = normalise(str(text or ""))[0].strip().lower()
    if not declared:
        return None
    rest = NEGATED.sub("", declared)
    for word in ENHANCEMENT:
        rest = rest.replace(word, "")
    if any(word in rest for word in TREATMENT_DECLARED):
        return True
    if rest != declared or declared in UNTREATED or declared[:1] in ("无", "未", "非", "不") or "天然" in declared:
        return False
    return None
