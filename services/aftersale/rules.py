"""After-sale rules (pure)."""

from datetime import datetime, timedelta

KINDS = ("no_reason_return", "return", "refund", "exchange", "repair")
OPEN_STATUSES = ("open", "merchant_responded")
NO_REASON_RETURN_DAYS = 7  # R-AFT-01 (start of the 7 days: delivery, platform policy)


def merchant_deadline(opened_at: datetime, response_hours: int) -> datetime:
    """R-AFT-05 / R-AFT-07: the merchant must respond within the policy's hours."""
    return opened_at + timedelta(hours=response_hours)


def deadline_owner(merchant_blacklisted: bool) -> tuple[str, list[str]]:
    """Buyers of a blacklisted merchant keep their requests; the platform takes over the deadlines
    (R-AFT-05 the platform responds, R-DSP-07 the platform acts once it knows)."""
    if merchant_blacklisted:
        return "platform", ["R-AFT-05", "R-DSP-07", "R-REP-13"]
    return "merchant", ["R-AFT-05"]
