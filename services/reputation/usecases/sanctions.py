"""Points within the policy window decide the sanction: warning, restricted, suspended, cleared out (R-REP-12,
R-REP-18, R-REP-19). Every change of sanction is a decision and a change of the authority's log (action
"sanction", tianping.platform.sanctions), so it reaches every service's replica the way a blacklisting does; a suspension
ends by itself on the deadline engine, and an upheld appeal lowers it, each end propagated the same way."""

import random
import time

from tianping.lib import clock
from tianping.lib.errors import Conflict
from tianping.platform.sanctions import SANCTION

from .. import authority_schemas, rules
from . import Context, decisions

END_KIND = "sanction_end"
LAPSE_KIND = "sanction_lapse"
CHANGE_ATTEMPTS = 8  # each lost attempt sees at least one more violation, and the ladder has few rungs
LAPSING = ("warning", "restricted")  # they last while the points keep them; a suspension has an end of its own


def active_rows(violations) -> list[dict]:
    return [{"points": v.points, "status": v.status, "occurred_at": clock.aware(v.occurred_at)} for v in violations]


def window_rows(ctx: Context, subject_id: str, policy: dict, now) -> list[dict]:
    rows = ctx.repo.point_rows(subject_id, rules.window_start(policy, now))
    return [{"points": r.get("points", 0), "status": r.get("status", "active"), "occurred_at": clock.aware(r["occurred_at"])}
            for r in rows]


def points_now(ctx: Context, subject_id: str, policy: dict, now) -> int:
    return rules.active_points(policy, window_rows(ctx, subject_id, policy, now), now)


def reassess(ctx: Context, subject_id, subject_type, policy, caused_by, evidence,
             lower_only: bool = False, occurred_at=None) -> tuple[list[dict], str]:
    """(decisions taken, the sanction now in force). `lower_only`: a reversal (an appeal) never raises it;
    `occurred_at`: when the violation just recorded occurred (kept on the subject for the reputation read).

    Resumable: the change is committed (keyed by its cause) before the subject's sanction is stored, so a request
    cut in between commits nothing twice and still stores the sanction when it is redelivered. Once: a change is
    committed only over the sanction in force at the authority when it was read (`replaces`), so two reassessments
    that read the same sanction (two violations at once) do not both take the same step."""
    now = clock.now()
    rows = window_rows(ctx, subject_id, policy, now)
    points = rules.active_points(policy, rows, now)
    previous, stored_type = ctx.repo.note_points(subject_id, subject_type, points, now, occurred_at,
                                                    rules.sanction_for_points(policy, points))  # one write, usually
    if _due(policy, points, previous, lower_only) == previous:  # the points are stored; the sanction stays
        return [], previous
    for attempt in range(CHANGE_ATTEMPTS):  # only when a change is due: the sanction in force, read at the authority
        if attempt:  # another change landed first: the points now count its violation too, so the steps converge
            time.sleep(random.uniform(0, 0.01 * attempt))
            rows = window_rows(ctx, subject_id, policy, now)
            points = rules.active_points(policy, rows, now)
        entry = ctx.authority.sanction_entry(subject_id) or {}
        in_force = entry.get("level", "none")
        sanction = _due(policy, points, in_force, lower_only)
        if sanction == in_force and entry.get("cause") != caused_by:  # in force already (a concurrent reassessment)
            ctx.repo.set_sanction(subject_id, points, sanction, clock.now(), entry.get("seq", 0))
            return [], sanction
        fired = ["R-REP-12", "R-REP-19"] + (["R-REP-18"] if sanction in ("suspended", "cleared_out") else [])
        reason = f"{points} active points in {rules.window_text(policy)} (was {previous})"
        try:
            return [change_to(ctx, subject_id, stored_type or subject_type, sanction, points, policy, caused_by,
                              fired, reason, evidence, rows, replaces=entry.get("seq", 0))], sanction
        except Conflict:  # another change of sanction landed between the read and the commit: read both again
            continue
    raise Conflict("the subject's sanction keeps changing; retry", {"sanction": ["changed"]})


def _due(policy: dict, points: int, in_force: str, lower_only: bool) -> str:
    sanction = rules.sanction_for_points(policy, points)
    return rules.no_higher(in_force, sanction) if lower_only else rules.no_lower(in_force, sanction)


def change_to(ctx: Context, subject_id, subject_type, level, points, policy, cause, rule_ids, reason, evidence=(),
              rows=None, actor="reputation", replaces: int | None = None):
    """The one way a sanction changes (a reassessment, a lapse, a suspension's end, an appeal): committed through the
    authority's log keyed by its cause (`replaces`: only while that change is still in force), stored on the subject,
    and recorded as a decision (keyed the same)."""
    change = commit(ctx, subject_id, subject_type, level, rule_ids, policy, cause, reason, rows, replaces)
    ctx.repo.set_sanction(subject_id, points, level, clock.now(), change["seq"])
    return decisions.record(ctx, subject_id, "sanction", level, rule_ids, policy["version"], reason, evidence, cause,
                            actor=actor, key=decision_key(cause))


def decision_key(cause: str) -> str:
    return f"sanction:{cause}"


def commit(ctx: Context, subject_id, subject_type, level, rule_ids, policy, cause, reason, rows=None,
           replaces: int | None = None) -> dict:
    """Commit a change of sanction through the authority's log (keyed by its cause: once however often asked) and
    schedule the end of a suspension on the deadline engine."""
    now = clock.now()
    until = rules.sanction_until(policy, level, now)
    sanction = {"level": level, **rules.sanction_effects(policy, level), "since": now, "until": until,
                "rule_ids": list(rule_ids), "decision_id": decision_key(cause), "policy_version": policy["version"],
                "cause": cause}
    change = ctx.authority.record(subject_id, subject_type or "merchant", SANCTION, rule_ids, reason, (),
                                  "reputation", cause, ctx.correlation_id, decision_key(cause), None,
                                  sanction=sanction, replaces=replaces)
    ctx.relay.notify()
    if ctx.deadlines is None:
        return change
    until = (change.get("sanction") or {}).get("until")
    if until is not None:
        ctx.deadlines.schedule(f"{subject_id}:{END_KIND}:{change['seq']}", subject_id, END_KIND, until, "R-REP-19",
                               {"seq": change["seq"]}, owner="reputation")
    if level in LAPSING:  # a lapse pending for an earlier change finds it superseded when it fires
        schedule_lapse(ctx, subject_id, change["seq"], policy, now, rows)
    return change


def schedule_lapse(ctx: Context, subject_id: str, seq: int, policy: dict, now, rows=None) -> None:
    """The sanction of change `seq` is looked at again when the oldest violation holding it leaves the window
    (`rows`: the window's violations when the caller has just read them)."""
    rows = window_rows(ctx, subject_id, policy, now) if rows is None else rows
    due = rules.points_lapse(policy, rows, now)
    if due is not None:
        ctx.deadlines.schedule(f"{subject_id}:{LAPSE_KIND}:{seq}:{due.isoformat()}", subject_id, LAPSE_KIND, due,
                               "R-REP-12", {"seq": seq}, owner="reputation")


def on_deadline(ctx: Context, deadline: dict) -> str:
    """A lapse of points or a suspension's end is due: unless a later change of sanction replaced the one it was set
    for, the sanction falls to the level the points still reach (`_lapse`, `_end`), committed (and so propagated) like
    any change of sanction."""
    fall = {LAPSE_KIND: _lapse, END_KIND: _end}.get(deadline["kind"])
    if fall is None:
        return "ignored"
    current = ctx.authority.sanction_entry(deadline["subject"])
    if current is None or current.get("seq") != deadline["payload"]["seq"]:
        return "superseded"
    policy, now = ctx.policy(), clock.now()
    try:  # the fall is committed only while `current` is still in force: a change made meanwhile stands
        return fall(ctx, deadline["subject"], current, policy, points_now(ctx, deadline["subject"], policy, now), now)
    except Conflict:
        return "superseded"


def _lapse(ctx: Context, subject_id: str, current: dict, policy: dict, points: int, now) -> str:
    """Points left the window: a warning or a restriction falls to what the points still reach (never higher); when
    other violations still hold it, it is looked at again at the next lapse."""
    level = rules.no_higher(current["level"], rules.sanction_for_points(policy, points))
    if level == current["level"]:
        schedule_lapse(ctx, subject_id, current["seq"], policy, now)
        return "held"
    reason = f"points left the {rules.window_text(policy)} window: {points} active points (was {current['level']})"
    change_to(ctx, subject_id, current.get("subject_type"), level, points, policy, f"lapse:{current['seq']}",
              ["R-REP-12", "R-REP-19"], reason, replaces=current["seq"])
    return "lapsed"


def _end(ctx: Context, subject_id: str, current: dict, policy: dict, points: int, now) -> str:
    """A suspension ended: it falls back to the rung below that the points still reach."""
    seq = current["seq"]
    reason = f"suspension of seq {seq} ended on {clock.aware(current['until']).isoformat()}; {points} active points"
    change_to(ctx, subject_id, current.get("subject_type"), rules.after_suspension(policy, points), points, policy,
              f"expiry:{seq}", ["R-REP-19"], reason, replaces=seq)
    return "ended"


def reverse(ctx: Context, subject_id: str, appeal_id: str, reason: str, actor: str) -> bool:
    """An upheld appeal against the sanction itself: lifted to none, recorded with the appeal's id."""
    current = ctx.authority.sanction_entry(subject_id)
    if current is None or current.get("level", "none") == "none":
        return False
    policy = ctx.policy()
    change_to(ctx, subject_id, current.get("subject_type"), "none", points_now(ctx, subject_id, policy, clock.now()),
              policy, appeal_id, ["R-REP-19"], reason, actor=actor)
    return True


def view(ctx: Context, subject_id: str) -> dict:
    """The authority's sanction of a subject (level none when it never had one) and its sanction changes."""
    entry = ctx.authority.sanction_entry(subject_id) or {"level": "none", "seq": None}
    return authority_schemas.SanctionRecordOut().dump({**entry, "subject_id": subject_id,
                                             "history": ctx.authority.sanction_history(subject_id)})
