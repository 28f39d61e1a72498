"""Reports to the authorities (pure, no I/O): a community manager or community user blacklisted for a serious breach
is reported to the authorities (R-REP-14), and the report — what was reported, to whom, when, under which
reference — is recorded and kept (R-XC-06)."""

from datetime import datetime

from tianping.lib import periods
from tianping.lib.enforcement import enforces

COMMUNITY_TYPES = ("community_manager", "community_user")
REPORT_WITHIN_DAYS = 7  # a policy version that does not set report_within_days


@enforces("R-REP-14", "R-XC-06", neutral=None)
def report_duty(subject_type: str, action: str, at: datetime, policy: dict) -> dict | None:
    """The reporting duty a blacklist change opens: a community subject blacklisted is reported to the authorities
    by the end of the policy's last day (platform time zone); None when the change opens none."""
    if action != "add" or subject_type not in COMMUNITY_TYPES:
        return None
    days = policy.get("report_within_days", REPORT_WITHIN_DAYS)
    return {"due_at": periods.end_of_day_count(at, days), "rule_ids": ["R-REP-14", "R-XC-06"]}


def overdue(report: dict, now: datetime) -> bool:
    """A duty not yet carried out past its deadline (the deadline instant itself is late)."""
    return report.get("status") == "due" and now >= report["due_at"]
