"""Evidence and replay of a live session (R-XC-01, R-DSP-14): its segments and decisions in seq order for reviewers
and the audit export, and a reviewer's overturn of a decision — appended to the segment's record (the first decision
is never changed), audited, and when it clears the segment a stop was made for, the stop is marked overturned and
reputation is told through the same violation channel, so the stop's violation can be reversed there."""

from tianping.lib import clock, paging
from tianping.lib.errors import Conflict, NotFound, ValidationFailed, load
from tianping.lib.trail import step

from .. import contracts, live_schemas
from . import Context, live_policy, live_sessions

LAST = 999_999_999


def replay(ctx: Context, room_id: str, session_id: str, first=None, last=None, limit=None) -> dict:
    session = live_sessions.session_or_404(ctx, room_id, session_id)
    first, last = _seq(first, 0, "from"), _seq(last, LAST, "to")
    limit = paging.clamp(limit, 500, 500)
    if "seq_low" not in session:  # nothing stored yet
        items, next_from = [], None
    else:  # the keys between the session's lowest and highest stored seq, nothing beyond
        items, next_from = ctx.repo.replay(session_id, max(first, session["seq_low"]), min(last, session["seq_high"]),
                                           limit)
    return live_schemas.ReplayOut().dump({
        "session": {**session, "session_id": session_id, "stop": session.get("stop") or None},
        "items": [{**d, "duplicate": False} for d in items],
        "next_from": next_from})


def overturn(ctx: Context, room_id: str, session_id: str, seq, data: dict, reviewer: str) -> dict:
    o = load(live_schemas.OverturnIn(), data)
    session = live_sessions.session_or_404(ctx, room_id, session_id)
    seq = _seq(seq, 0, "seq")
    key = ctx.repo.segment_key(session_id, seq)
    segment = ctx.repo.segments([key]).get(key)
    if segment is None:
        raise NotFound(f"no segment {seq} in session {session_id}", {"seq": ["unknown"]})
    if segment["effective"] == o["decision"]:
        raise Conflict(f"segment {seq} is already {o['decision']}", {"decision": [o["decision"]]})
    entry = {"reviewer": reviewer, "decision": o["decision"], "previous": segment["effective"],
             "reason": o["reason"], "at": clock.now(), "rule_ids": ["R-LST-32", "R-LST-33"]}
    after = ctx.repo.overturn(key, entry, segment["effective"])
    if after is None:
        raise Conflict(f"segment {seq}'s decision changed meanwhile", {"decision": ["changed"]})
    ctx.audited(reviewer, "live_decision_overturned", f"live_segment:{key}", subject=session["host_id"],
                rule_ids=entry["rule_ids"], before=entry["previous"], after=o["decision"],
                detail={"reason": o["reason"]})
    _lift_stop(ctx, session, seq, o["decision"], reviewer)
    return live_schemas.ReplayItem().dump({**after, "duplicate": False})


def _lift_stop(ctx: Context, session: dict, seq: int, decision: str, reviewer: str) -> None:
    """A pass on the segment a serious-finding stop was made for overturns the stop (the session stays ended: a
    stream is not restarted by a reviewer) and withdraws its violation at reputation (a reversal notice)."""
    stop = session.get("stop") or {}
    if decision != "pass" or stop.get("reason") != "serious_finding" or seq not in stop.get("seqs", []) or \
            stop.get("overturned"):
        return
    if not ctx.repo.overturn_stop(session["_id"], reviewer, step("stop_overturned", reviewer, ["R-LST-32"],
                                                                 cause="review", status="stopped")):
        return  # another reviewer overturned the stop since this one read the session: overturned once
    ctx.publish(contracts.STREAM_STOP_OVERTURNED, {
        "session_id": session["_id"], "room_id": session["room_id"], "host_id": session["host_id"],
        "operator_id": session["operator_id"], "mcn_id": session.get("mcn_id"), "rule_ids": ["R-LST-32"],
        "seqs": [seq], "policy_version": session.get("policy_version") or "", "reason": "overturned",
        "violation_keys": live_policy.violation_keys(session), "actor": reviewer})


def _seq(value, default: int, name: str) -> int:
    if value is None or value == "":
        return default
    if not str(value).isdigit() or int(value) > LAST:
        raise ValidationFailed(f"{name} must be a seq from 0 to {LAST}", {name: ["not a seq"]})
    return int(value)
