"""Public statistics of mediation (002: the platform discloses how it handles disputes): cases by outcome, median and
p90 time to resolution, the share resolved within the policy's deadline, advance compensation paid. Read from the
maintained daily aggregate (one document per local day), so the cost follows the days asked for, not the cases; no
personal data."""

from datetime import date, timedelta

from tianping.infra import metrics
from tianping.lib import clock
from tianping.lib.errors import Inconsistent, ValidationFailed

from .. import rules, schemas
from . import Context

MAX_DAYS = 3660


def observe_open_cases(ctx: Context) -> None:
    """Timer: open cases by state for the dashboards."""
    for state, count in ctx.repo.open_by_state().items():
        metrics.DISPUTES_OPEN.labels(state).set(count)


def public(ctx: Context, since: str | None = None, until: str | None = None) -> dict:
    today = clock.local_now().date()
    try:
        last = date.fromisoformat(until) if until else today
        first = date.fromisoformat(since) if since else last - timedelta(days=29)
    except ValueError:
        raise ValidationFailed("from and to are dates, YYYY-MM-DD", {"from": ["YYYY-MM-DD"], "to": ["YYYY-MM-DD"]}) \
            from None
    if first > last or (last - first).days > MAX_DAYS:
        raise Inconsistent(f"from must not be after to, at most {MAX_DAYS} days apart", {"from": ["out of range"]})
    days = ctx.repo.days_between(first.isoformat(), last.isoformat())
    outcomes, hours = {}, {}
    for day in days:
        for name, n in (day.get("outcomes") or {}).items():
            outcomes[name] = outcomes.get(name, 0) + n
        for bound, n in (day.get("hours") or {}).items():
            hours[bound] = hours.get(bound, 0) + n
    resolved = sum(d.get("resolved", 0) for d in days)
    cents = sum(d.get("compensation_cents", 0) for d in days)
    return schemas.StatsOut().dump({
        "since": first.isoformat(), "until": last.isoformat(), "opened": sum(d.get("opened", 0) for d in days),
        "resolved": resolved, "by_outcome": outcomes,
        "resolution_hours_median": rules.bucket_percentile(hours, 50),
        "resolution_hours_p90": rules.bucket_percentile(hours, 90),
        "resolved_within_deadline_share": round(sum(d.get("within_deadline", 0) for d in days) / resolved, 4)
        if resolved else None,
        "escalated_external": sum(d.get("escalated_external", 0) for d in days),
        "advance_compensation_paid": f"{cents // 100}.{cents % 100:02d}",
        "note": "times are upper bounds of hour buckets " + ", ".join(map(str, rules.HOUR_BUCKETS)) +
                "; days are the platform's calendar days",
        "rule_ids": ["R-DSP-02", "R-DSP-09", "R-DSP-10"]})
