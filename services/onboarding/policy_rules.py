"""Changes to onboarding's platform policy (pure, no I/O): a rule change is published as a public notice and takes
effect no earlier than the notice period after its publication (R-XC-23), at the first moment of its effective day
in the platform's time zone."""

from datetime import date, datetime, timedelta

from tianping.lib import periods
from tianping.lib.enforcement import enforces

# The thresholds of the application checks a published change may set (whole numbers: years, ages, marks, cents).
CHANGEABLE = ("penalty_lookback_years", "host_min_age", "adult_age", "host_skills_pass_mark",
              "market_entity_registration_cents")


@enforces("R-XC-23", neutral=None)
def notice_shortfall(published_at: datetime, effective_from: date, policy: dict) -> str | None:
    """R-XC-23: why a change may not take effect on `effective_from` (too soon after its public notice), or None.
    The notice runs whole calendar days from the publication day, in the platform's time zone."""
    days = policy["rule_change_notice_days"]
    earliest = periods.local_date(published_at) + timedelta(days=days)
    if effective_from >= earliest:
        return None
    return f"must be on or after {earliest.isoformat()}: a rule change is publicly noticed {days} days first"


def in_force(base: dict, changes: list[dict], now: datetime) -> dict:
    """The policy in force at `now`: the base with every change whose effective day has begun, in effective order;
    its version names the last change applied."""
    policy = dict(base)
    for change in sorted(changes, key=lambda c: (c["effective_from"], c["published_at"])):
        if periods.local_midnight(change["effective_from"]) <= now:
            policy.update(change["changes"])
            policy["version"] = f"{base['version']}+{change['change_id']}"
    return policy
