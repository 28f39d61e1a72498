"""The platform's follow-up of closed after-sale requests (pure, no I/O): every buyer whose request closes is invited
to a satisfaction survey, answerable until the end of the policy's last day in the platform's time zone (R-AFT-16);
the merchant statistics average the answers (R-AFT-21)."""

from datetime import datetime

from tianping.lib import periods
from tianping.lib.enforcement import enforces


@enforces("R-AFT-16", neutral=None)
def survey_invitation(closed_at: datetime, policy: dict) -> dict | None:
    """R-AFT-16: the platform follows up the buyer of each closed request: invited at closing, answerable through
    the `survey_days`-th calendar day after it (boundary day included); None: nobody is followed up."""
    return {"invited_at": closed_at, "answer_by": periods.end_of_day_count(closed_at, policy["survey_days"]),
            "rule_ids": ["R-AFT-16"]}


def survey_open(invitation: dict | None, now: datetime) -> bool:
    """An invited buyer may answer until its deadline (the instant itself is past)."""
    return bool(invitation) and now < invitation["answer_by"]


@enforces("R-AFT-21", neutral={"surveys": 0, "satisfaction_mean": None, "unresolved_share": None},
          partly="the survey results are reported per period in the merchant's statistics; how the merchant uses them "
                 "to improve is its own")
def satisfaction(surveys: list[dict]) -> dict:
    """R-AFT-21: the period's survey results: how many answered, the mean satisfaction (1-5) and the share of buyers
    who said their issue was not resolved."""
    if not surveys:
        return {"surveys": 0, "satisfaction_mean": None, "unresolved_share": None}
    return {"surveys": len(surveys),
            "satisfaction_mean": round(sum(s["satisfaction"] for s in surveys) / len(surveys), 2),
            "unresolved_share": round(sum(1 for s in surveys if not s.get("resolved")) / len(surveys), 4)}


@enforces("R-REP-03", neutral=[])
def performance_shortfalls(figures: dict, standard: dict) -> list[str]:
    """R-REP-03: where a merchant's after-sales performance falls short of the platform's standard (its buyers'
    survey answers over the standard's window, once there are enough of them); each shortfall, as text."""
    if figures["surveys"] < standard["min_surveys"]:
        return []
    short = []
    if figures["satisfaction_mean"] < standard["min_satisfaction_mean"]:
        short.append(f"mean satisfaction {figures['satisfaction_mean']} below {standard['min_satisfaction_mean']}")
    if figures["unresolved_share"] > standard["max_unresolved_share"]:
        short.append(f"unresolved share {figures['unresolved_share']} above {standard['max_unresolved_share']}")
    return short
