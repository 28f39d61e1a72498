"""Identity rules (pure): the keys that recognise a person or enterprise across accounts, and masking."""

import hashlib
import re

from tianping.lib.enforcement import enforces

PII_ROLES = {"platform_admin", "reviewer", "dispute"}  # entitled to unmasked personal data (dispute: R-DSP-05
# disclosure to a buyer in a dispute, asked by the dispute service only); every such read is logged

# What links two subjects in the liability graph (issue 24): the identities they share. Kept as digests of the
# normalised value, never the value itself, so the graph holds no personal data (R-XC-10).
LINK_FIELDS = (("credit_code", "credit_code"), ("legal_representative_id", "legal_representative"),
               ("id_number", "id_number"), ("contact_phone", "phone"), ("bank_account", "bank_account"),
               ("address", "address"))


def _normalised(kind: str, value: str) -> str:
    text = str(value).strip()
    if kind in ("phone", "bank_account"):
        return re.sub(r"\D", "", text)
    if kind == "address":
        return re.sub(r"[\s,.;:，。；：、()（）#-]+", "", text).casefold()
    return text.upper()


def link_keys(identity: dict) -> list[tuple[str, str]]:
    """(kind, key) for each identity that can link this subject to others; the key is a digest of the value."""
    keys = []
    for field, kind in LINK_FIELDS:
        value = (identity or {}).get(field)
        normal = _normalised(kind, value) if value else ""
        if normal:
            keys.append((kind, f"{kind}:{hashlib.sha256(normal.encode()).hexdigest()[:32]}"))
    return keys


def identity_keys(identity: dict) -> list[str]:
    """Normalised identity keys used to refuse re-entry under a new account (R-ONB-05)."""
    keys = []
    for field, prefix in (("id_number", "id"), ("credit_code", "uscc"), ("legal_representative_id", "legalrep")):
        value = (identity or {}).get(field)
        if value:
            keys.append(f"{prefix}:{str(value).strip().upper()}")
    return keys


IDENTITY_KEY_FIELDS = {"id": "id_number", "uscc": "credit_code", "legalrep": "legal_representative_id"}


def link_keys_of_identity_keys(identity_keys) -> list[tuple[str, str]]:
    """The link keys of a subject's identity keys (rules.identity_keys: "uscc:<code>", ...), for a subject stored
    with its identity keys but without its identity links (registered before the graph, or seeded)."""
    keys = []
    for identity_key in identity_keys or ():
        prefix, _, value = str(identity_key).partition(":")
        if prefix in IDENTITY_KEY_FIELDS and value:
            keys += link_keys({IDENTITY_KEY_FIELDS[prefix]: value})
    return keys


def mask(value: str | None, keep: int = 4) -> str | None:
    """Personal data masked for roles not entitled to it (R-XC-10): keep the last `keep` characters."""
    if not value:
        return value
    return "*" * max(len(value) - keep, 0) + value[-keep:]


PRIVATE_NUMBERS = ("id_number", "credit_code", "legal_representative_id", "contact_phone", "bank_account")


@enforces("R-XC-13", neutral={}, partly="onboarding's answers mask identity numbers, phone, bank account, birth date "
                                        "and address; other services' records are protected by their own views")
def masked_fields(identity: dict) -> dict:
    """R-XC-13: the private values of an identity (identity numbers, phone, bank account — a trade secret —, birth
    date, address) in the masked form shown to a reader not entitled to them."""
    identity = identity or {}
    out = {name: mask(str(identity[name])) for name in PRIVATE_NUMBERS if identity.get(name)}
    if identity.get("birth_date"):
        out["birth_date"] = str(identity["birth_date"])[:4] + "-**-**"
    if identity.get("address"):
        out["address"] = str(identity["address"])[:6] + "…"
    return out


@enforces("R-XC-10", neutral=True, partly="covers onboarding's subject views (masked unless the role is entitled, each "
                                          "full read logged); what staff do with data outside the system is not checked")
def entitled_to_personal_data(role: str | None) -> bool:
    """R-XC-10: only these roles see a subject's personal data in full; everyone else sees it masked."""
    return role in PII_ROLES


SELF_SERVICE_FIELDS = ("address", "contact_phone", "bank_account")


@enforces("R-XC-14", neutral=())
def self_service_fields() -> tuple[str, ...]:
    """R-XC-14: what a subject may change in its own file without a reviewer: its contact details (its name and
    identity numbers are verified facts, changed only through a new application)."""
    return SELF_SERVICE_FIELDS
