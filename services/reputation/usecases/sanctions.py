"""Points within the policy window decide the sanction: warning, restricted, suspended, cleared out (R-REP-12,
R-REP-18, R-REP-19). Every change of sanction is a decision and a change of the authority's log (action
"sanction", tianping.platform.sanctions), so it reaches every service's replica the way a blacklisting does; a suspension
ends by itself on the deadline engine, and an upheld appeal lowers it, each end propagated the same way."""

from tianping.lib import clock
from tianping.platform.sanctions import SANCTION

from .. import rules, schemas
from . import Context, decisions

END_KIND = "sanction_end"


def active_rows(violations) -> list[dict]:
    return [{"points": v.points, "status": v.status, "occurred_at": clock.aware(v.occurred_at)} for v in violations]


def points_now(ctx: Context, subject_id: str, policy: dict, now) -> int:
    rows = active_rows(ctx.repo.violations(subject_id, since=rules.window_start(policy, now)))
    return rules.active_points(policy, rows, now)


def reassess(ctx: Context, subject_id, subject_type, policy, caused_by, evidence,
             lower_only: bool = False) -> tuple[list[dict], str]:
    """(decisions taken, the sanction now in force). `lower_only`: a reversal (an appeal) never raises it.

    Resumable: the change is committed (keyed by its cause) before the subject's sanction is stored, so a request
    cut in between commits nothing twice and still stores the sanction when it is redelivered."""
    now = clock.now()
    points = points_now(ctx, subject_id, policy, now)
    subject = ctx.repo.subject_or_new(subject_id, subject_type)
    previous = subject.sanction
    sanction = rules.sanction_for_points(policy, points)
    if lower_only:
        sanction = rules.no_higher(previous, sanction)
    if sanction == previous:
        ctx.repo.set_sanction(subject_id, points, sanction, now)
        return [], sanction
    fired = ["R-REP-12", "R-REP-19"] + (["R-REP-18"] if sanction in ("suspended", "cleared_out") else [])
    reason = f"{points} active points in {rules.window_text(policy)} (was {previous})"
    commit(ctx, subject_id, subject.subject_type or subject_type, sanction, fired, policy, caused_by, reason)
    ctx.repo.set_sanction(subject_id, points, sanction, now)
    return [decisions.record(ctx, subject_id, "sanction", sanction, fired, policy["version"], reason,
                             evidence, caused_by, key=decision_key(caused_by))], sanction


def decision_key(cause: str) -> str:
    return f"sanction:{cause}"


def commit(ctx: Context, subject_id, subject_type, level, rule_ids, policy, cause, reason) -> dict:
    """Commit a change of sanction through the authority's log (keyed by its cause: once however often asked) and
    schedule the end of a suspension on the deadline engine."""
    now = clock.now()
    until = rules.sanction_until(policy, level, now)
    sanction = {"level": level, **rules.sanction_effects(policy, level), "since": now, "until": until,
                "rule_ids": list(rule_ids), "decision_id": decision_key(cause), "policy_version": policy["version"],
                "cause": cause}
    change = ctx.authority.record(subject_id, subject_type or "merchant", SANCTION, rule_ids, reason, (),
                                  "reputation", cause, ctx.correlation_id, decision_key(cause), None,
                                  sanction=sanction)
    ctx.relay.notify()
    until = (change.get("sanction") or {}).get("until")
    if until is not None and ctx.deadlines is not None:
        ctx.deadlines.schedule(f"{subject_id}:{END_KIND}:{change['seq']}", subject_id, END_KIND, until, "R-REP-19",
                               {"seq": change["seq"]}, owner="reputation")
    return change


def on_deadline(ctx: Context, deadline: dict) -> str:
    """A suspension's end is due: unless a later change replaced it, it falls back to the rung below that the points
    still reach, committed (and so propagated) like any change of sanction."""
    if deadline["kind"] != END_KIND:
        return "ignored"
    subject_id, seq = deadline["subject"], deadline["payload"]["seq"]
    current = ctx.authority.sanction_entry(subject_id)
    if current is None or current.get("seq") != seq:
        return "superseded"
    policy, now = ctx.policy(), clock.now()
    points = points_now(ctx, subject_id, policy, now)
    level = rules.after_suspension(policy, points)
    cause, fired = f"expiry:{seq}", ["R-REP-19"]
    reason = f"suspension of seq {seq} ended on {clock.aware(current['until']).isoformat()}; {points} active points"
    commit(ctx, subject_id, current.get("subject_type"), level, fired, policy, cause, reason)
    ctx.repo.set_sanction(subject_id, points, level, now)
    decisions.record(ctx, subject_id, "sanction", level, fired, policy["version"], reason, (), cause,
                     key=decision_key(cause))
    return "ended"


def reverse(ctx: Context, subject_id: str, appeal_id: str, reason: str, actor: str) -> bool:
    """An upheld appeal against the sanction itself: lifted to none, recorded with the appeal's id."""
    current = ctx.authority.sanction_entry(subject_id)
    if current is None or current.get("level", "none") == "none":
        return False
    policy = ctx.policy()
    commit(ctx, subject_id, current.get("subject_type"), "none", ["R-REP-19"], policy, appeal_id, reason)
    ctx.repo.set_sanction(subject_id, points_now(ctx, subject_id, policy, clock.now()), "none", clock.now())
    decisions.record(ctx, subject_id, "sanction", "none", ["R-REP-19"], policy["version"], reason, (), appeal_id,
                     actor=actor, key=decision_key(appeal_id))
    return True


def view(ctx: Context, subject_id: str) -> dict:
    """The authority's sanction of a subject (level none when it never had one) and its sanction changes."""
    entry = ctx.authority.sanction_entry(subject_id) or {"level": "none", "seq": None}
    return schemas.SanctionRecordOut().dump({**entry, "subject_id": subject_id,
                                             "history": ctx.authority.sanction_history(subject_id)})
