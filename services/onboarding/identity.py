"""Identity rules (pure): the keys that recognise a person or enterprise across accounts, and masking."""


def identity_keys(identity: dict) -> list[str]:
    """Normalised identity keys used to refuse re-entry under a new account (R-ONB-05)."""
    keys = []
    for field, prefix in (("id_number", "id"), ("credit_code", "uscc"), ("legal_representative_id", "legalrep")):
        value = (identity or {}).get(field)
        if value:
            keys.append(f"{prefix}:{str(value).strip().upper()}")
    return keys


def mask(value: str | None, keep: int = 4) -> str | None:
    """Personal data masked for roles not entitled to it (R-XC-10): keep the last `keep` characters."""
    if not value:
        return value
    return "*" * max(len(value) - keep, 0) + value[-keep:]
