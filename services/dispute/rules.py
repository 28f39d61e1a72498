"""Dispute rules (pure)."""

OPEN_STATUSES = ("open", "mediating")
MERCHANT_BLACKLISTED = "merchant_blacklisted"


def protection_on_blacklist(action: str) -> tuple[bool, list[str]]:
    """A blacklisted merchant's open cases are flagged and advance compensation becomes available
    (R-DSP-06, R-DSP-07); a lift keeps what buyers were already offered."""
    if action == "add":
        return True, ["R-DSP-06", "R-DSP-07", "R-REP-13"]
    return False, []
