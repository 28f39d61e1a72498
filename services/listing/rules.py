"""Listing rules (pure)."""

# Statuses a listing can be in; a withdrawn listing returns only through a new review (issue 4).
STATUSES = ("pending_review", "published", "rejected", "withdrawn")
LIVE_STATUSES = ("pending_review", "published")
# Onboarding statuses that stop a subject's listings (R-REP-18, R-REP-15 suspension, clear-out). "blacklisted" is
# not one of them: the blacklist reaches listing through its own replica, the one path for that decision.
STOPPING_STATUSES = ("suspended", "cleared_out")


def withdraw_on_blacklist(action: str) -> tuple[bool, list[str]]:
    """A blacklisted operator's listings are withdrawn (R-REP-13, R-REP-18, R-LST-12); a lift restores
    nothing — each listing must pass a new review (R-LST-01)."""
    if action == "add":
        return True, ["R-REP-13", "R-REP-18", "R-LST-12"]
    return False, ["R-LST-01"]
