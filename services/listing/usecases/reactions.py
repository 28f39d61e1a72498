"""Listing's reactions: a blacklisted subject's live listings are withdrawn (R-REP-13, R-REP-18, R-LST-12) — one
bulk write per run of changes; a subject onboarding stops (suspended, cleared out) takes its listings down too."""

from tianping.lib.trail import step

from .. import rules
from . import Context, cascades


def withdrawal(subject_id: str, reason: str, rule_ids, cause: str) -> tuple[str, dict]:
    return subject_id, step("withdrawn", "platform", rule_ids, [reason], cause, status="withdrawn")


def react_to_blacklist(ctx: Context, changes: list[dict]) -> None:
    withdrawals = []
    for change in changes:
        withdraw, fired = rules.withdraw_on_blacklist(change["action"])
        if withdraw:
            withdrawals.append(withdrawal(change["subject_id"], change["reason"], fired, f"blacklist:{change['seq']}"))
    ctx.repo.withdraw_live(withdrawals)


def react_to_status(ctx: Context, payload: dict) -> None:
    """Onboarding's status change: kept in the subject-status replica (who may publish, R-ONB-02), and a stopping
    status takes the subject's listings down."""
    react_to_statuses(ctx, [payload])


def react_to_statuses(ctx: Context, items: list[dict]) -> None:
    """Many subjects' status changes at once (an MCN's hosts): the replica in one write, and the stopping subjects'
    listings withdrawn with one cascade per cause — one insert whatever the number of subjects; the listings read as
    withdrawn at once and their stored statuses follow in batches (usecases/cascades.py)."""
    ctx.subjects.apply_many(items)
    stops: dict = {}
    for item in items:
        if item["status"] in rules.STOPPING_STATUSES:
            key = (item["status"], item["cause"], tuple(item["rule_ids"]))
            if key not in stops:
                stops[key] = (withdrawal(item["subject_id"], f"subject {item['status']}", item["rule_ids"] + ["R-LST-12"],
                                         item["cause"])[1], [])
            stops[key][1].append(item["subject_id"])
    for (status, cause, _), (withdrawn, subjects) in stops.items():
        cascades.start(ctx, cause, status, subjects, withdrawn)


def catch_up_statuses(ctx: Context, fetch_page) -> int | None:
    """At start and then hourly: subjects onboarding activated before this replica listened (R-ONB-02)."""
    return ctx.subjects.catch_up(fetch_page)
