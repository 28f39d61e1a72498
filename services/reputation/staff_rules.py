"""Staff records (pure): host penalties published until an end date (R-REP-20) and dishonesty records of people
working in livestreams (R-REP-21), read by live room operators before they hire (R-ONB-39, R-ONB-45)."""

from datetime import datetime

from tianping.lib import periods
from tianping.lib.enforcement import enforces


@enforces("R-REP-20", neutral=None)
def penalty_published_until(policy: dict, subject_type: str, rule_id: str, occurred_at: datetime) -> datetime | None:
    """R-REP-20: a host's penalty for plagiarism, indecent content or a breach of policy or law (the policy's
    host_penalties rules) is published until the end of the `publication_days`-th calendar day after the day it
    happened; until then the host is not eligible for jewelry livestreams (R-ONB-39). None: not such a penalty."""
    penalties = policy.get("host_penalties", {})
    if subject_type != "host" or rule_id not in penalties.get("rules", {}):
        return None
    return periods.end_of_day_count(occurred_at, int(penalties["publication_days"]))


@enforces("R-REP-21", neutral=None)
def dishonesty(policy: dict, subject_type: str, rule_id: str) -> str | None:
    """R-REP-21: a finding of dishonesty against a person working in livestreams (a host) is kept as that person's
    dishonesty record, for live room operators' hiring preference (R-ONB-45). None: not a dishonesty record."""
    if subject_type != "host":
        return None
    return policy.get("dishonesty_rules", {}).get(rule_id)


def staff_standing(records: list[dict], now: datetime) -> dict:
    """What an operator hiring a person sees: the penalties still published, the dishonesty records (overturned
    ones left out), and whether the person may host jewelry livestreams (R-ONB-39)."""
    active = [r for r in records if r.get("status", "active") == "active"]
    published = [r for r in active if r.get("published_until") is not None and now < r["published_until"]]
    dishonest = [r for r in active if r.get("dishonesty")]
    return {"published_penalties": published, "dishonesty_records": dishonest,
            "eligible_for_jewelry_hosting": not published, "preferred": not dishonest}
