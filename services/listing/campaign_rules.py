"""An MCN's commitments to platform campaigns (pure, issue 27): withdrawing from a campaign it committed to without the
platform's permission breaks the commitment (PB-16); reaching the due time with fewer proper live sessions than it
committed to is failing to perform the cooperation agreement (PB-15). A session counts when it ran for the campaign
(its plan names the campaign), for this MCN, started before the due time and ended normally — one stopped by policy
is not proper performance."""

from datetime import datetime

from tianping.lib import clock
from tianping.lib.enforcement import enforces, unless_cited

STATUSES = ("committed", "released", "withdrawn", "fulfilled", "breached")
PROPER = ("ended",)  # a session's status that counts as delivered


@enforces("PB-16", neutral=unless_cited((None, []), "a withdrawal is never a breach"))
def withdrawal_breach(commitment: dict) -> tuple[str | None, list[str]]:
    """PB-16: withdrawing while still committed — the platform has not released the MCN — is a breach."""
    if commitment["status"] == "committed":
        return "withdrew_without_permission", ["PB-16"]
    return None, []


@enforces("PB-15", neutral=unless_cited((None, []), "a commitment is never found unperformed"))
def performance_breach(commitment: dict, delivered: int, now: datetime) -> tuple[str | None, list[str]]:
    """PB-15: at or after the due time, fewer proper sessions delivered than committed."""
    if commitment["status"] != "committed" or clock.aware(now) < clock.aware(commitment["due_at"]):
        return None, []
    if delivered < commitment["sessions"]:
        return "sessions_not_delivered", ["PB-15"]
    return None, []


def delivered(sessions: list[dict], commitment: dict) -> int:
    """The proper sessions `sessions` (the MCN's sessions naming the campaign) deliver towards the commitment."""
    due = clock.aware(commitment["due_at"])
    return sum(1 for s in sessions if s.get("status") in PROPER and clock.aware(s["started_at"]) <= due)
