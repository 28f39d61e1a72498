"""Points within the policy window decide the sanction: warning, restricted, suspended, cleared out (R-REP-12,
R-REP-18, R-REP-19); every change of sanction is a decision and an event."""

from tianping.lib import clock

from .. import contracts, rules
from . import Context, decisions


def active_rows(violations) -> list[dict]:
    return [{"points": v.points, "status": v.status, "occurred_at": clock.aware(v.occurred_at)} for v in violations]


def reassess(ctx: Context, subject_id, subject_type, policy, caused_by, evidence) -> tuple[list[dict], str]:
    """(decisions taken, the sanction now in force)."""
    now = clock.now()
    rows = active_rows(ctx.repo.violations(subject_id, since=rules.window_start(policy, now)))
    points = rules.active_points(policy, rows, now)
    sanction = rules.sanction_for_points(policy, points)
    previous = ctx.repo.subject_or_new(subject_id, subject_type).sanction
    ctx.repo.set_sanction(subject_id, points, sanction, now)
    if sanction == previous:
        return [], sanction
    fired = ["R-REP-12", "R-REP-19"] + (["R-REP-18"] if sanction in ("suspended", "cleared_out") else [])
    ctx.publish(contracts.SANCTION_CHANGED, {"subject_id": subject_id, "sanction": sanction, "previous": previous,
                                             "points": points, "rule_ids": fired, "policy_version": policy["version"]})
    return [decisions.record(ctx, subject_id, "sanction", sanction, fired, policy["version"],
                             f"{points} active points in {rules.window_text(policy)} (was {previous})",
                             evidence, caused_by, key=f"sanction:{caused_by}")], sanction
