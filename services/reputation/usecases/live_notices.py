"""Live hosts warned and streams stopped (listing's `host_warned` and `stream_stopped`, R-LST-32, R-REP-17): each kept
on the host's record and, per R-REP-17, its MCN's (the MCN must stop its host), visible in the reputation read.

What counts: a warning is the platform dealing with a host under R-LST-32 without a violation — it is not a
prohibited behaviour recorded under R-REP-22 and carries no points; it counts against the host's credit (the
compliance component, `credit.live_warning_penalty` per warning in the 90-day window, policy data). A stop counts
only through the violation listing records for it (`violation_detected`, points for the host and the MCN): the stop
itself adds nothing, so it is never counted twice. Delivery is at least once: every insert is keyed."""

from datetime import timedelta

from tianping.lib import clock
from tianping.platform import retention

from .. import models
from . import Context

RECENT = 20


def warned(ctx: Context, notice: dict) -> None:
    """A host warned in a live session: the host's credit signal and the notice on the host's and MCN's record."""
    at = notice.get("at") or clock.now()
    number = notice.get("number") or 0
    ctx.repo.insert_once(models.Signal(
        subject_id=notice["host_id"], kind="live_warning", value=number, source_service="listing", occurred_at=at,
        dedupe_key=f"host_warned:{notice['session_id']}:{number}"))
    _keep(ctx, "warning", notice, at)


def stopped(ctx: Context, notice: dict) -> None:
    """A stream stopped by policy: on the host's and MCN's record (its violation is recorded from its own event)."""
    _keep(ctx, "stop", notice, notice.get("at") or clock.now())


def stop_overturned(ctx: Context, notice: dict) -> None:
    """A reviewer overturned the stop at listing: the records say so (its violations are reversed by appeals)."""
    ctx.repo.overturn_live_stop(notice["session_id"])


def _keep(ctx: Context, kind: str, notice: dict, at) -> None:
    subjects = [(notice["host_id"], "host"), *([(notice["mcn_id"], "mcn")] if notice.get("mcn_id") else [])]
    number = notice.get("number") if kind == "warning" else None
    for subject_id, role in subjects:
        ctx.repo.insert_once(models.LiveNotice(
            notice_id=f"{kind}:{notice['session_id']}:{number or 0}:{subject_id}", subject_id=subject_id, role=role,
            kind=kind, session_id=notice["session_id"], room_id=notice.get("room_id"), host_id=notice["host_id"],
            rule_ids=notice["rule_ids"], seqs=notice["seqs"], number=number, reason=notice.get("reason"),
            policy_version=notice.get("policy_version"), at=at, **retention.stamp("sanction", at)))


def view(ctx: Context, subject_id: str, policy: dict, now, recent: list | None = None) -> dict:
    """The subject's live record for the reputation read: counts in the credit window and the latest notices
    (`recent`: the RECENT latest, when the caller has read them)."""
    since = now - timedelta(days=policy["credit"]["window_days"])
    recent = ctx.repo.live_notices(subject_id, RECENT) if recent is None else recent
    low = since.replace(microsecond=since.microsecond // 1000 * 1000)  # the store compares at its millisecond
    if len(recent) < RECENT or clock.aware(recent[-1].at) < low:  # every notice of the window is among the recent
        counts = ctx.repo.count_notices(n for n in recent if clock.aware(n.at) >= low)
    else:  # a window fuller than the recent list: counted by the store
        counts = ctx.repo.live_notice_counts(subject_id, since)
    return {**counts, "window_days": policy["credit"]["window_days"],
            "warning_penalty": policy["credit"].get("live_warning_penalty", 0), "recent": recent}
