"""An MCN reviews its contracted hosts' content (R-LST-35): its queue holds what its hosts said on air that moderation
flagged (the session's flagged transcript segments) and what a stream was stopped for, over its 50 latest sessions,
not reviewed yet; it records what it did about each item — warned the host,
had the content corrected, stopped the stream (the session ends, by the MCN), or found no violation — once per
segment, audited. Another MCN sees and reviews nothing of it; the platform sees every queue."""

from tianping.lib import clock
from tianping.lib.errors import Conflict, Forbidden, NotFound, ValidationFailed, load
from tianping.lib.trail import step

from .. import live_schemas, mcn_rules
from . import Context, live_sessions

RULES = ["R-LST-35"]


def queue(ctx: Context, mcn_id: str, viewer: dict) -> dict:
    if not viewer.get("platform") and viewer.get("id") != mcn_id:
        raise Forbidden("an MCN's review queue is its own (or the platform's)", {"mcn_id": ["not yours"]})
    items = []
    for session in ctx.repo.sessions_of_mcn(mcn_id):
        if not mcn_rules.reviews_for(session, mcn_id):
            continue
        keys = [ctx.repo.segment_key(session["_id"], int(seq)) for seq in (session.get("flags") or {})]
        keys += [ctx.repo.segment_key(session["_id"], seq) for seq in (session.get("stop") or {}).get("seqs", [])]
        for segment in mcn_rules.awaiting_review(list(ctx.repo.segments(keys).values())):
            items.append({**segment, "host_id": session["host_id"], "session_id": session["_id"]})
    return live_schemas.McnQueueOut().dump({"mcn_id": mcn_id, "rule_ids": RULES, "items": items})


def review(ctx: Context, room_id: str, session_id: str, seq, data: dict, mcn_id: str) -> dict:
    r = load(live_schemas.McnReviewIn(), data)
    session = live_sessions.session_or_404(ctx, room_id, session_id)
    if not mcn_rules.reviews_for(session, mcn_id):
        raise Forbidden(f"session {session_id}'s host does not go live for {mcn_id}", {"mcn_id": ["not the host's"]})
    if not str(seq).isdigit() or int(seq) > 999_999_999:
        raise ValidationFailed("seq is a segment's number from 0 to 999999999", {"seq": ["not a seq"]})
    key = ctx.repo.segment_key(session_id, int(seq))
    segment = ctx.repo.segments([key]).get(key)
    if segment is None:
        raise NotFound(f"no segment {seq} in session {session_id}", {"seq": ["unknown"]})
    if not mcn_rules.awaiting_review([segment]):
        raise Conflict(f"segment {seq} is not waiting for its MCN's review", {"seq": ["not awaiting review"]})
    entry = {"mcn_id": mcn_id, "action": r["action"], "note": r["note"], "at": clock.now(), "rule_ids": RULES}
    after = ctx.repo.record_mcn_review(key, entry)
    if after is None:
        raise Conflict(f"segment {seq} was reviewed meanwhile", {"seq": ["reviewed"]})
    ctx.audited(mcn_id, "mcn_reviewed_host_content", f"live_segment:{key}", subject=session["host_id"],
                rule_ids=RULES, before=segment.get("effective"), after=r["action"], detail={"note": r["note"]})
    if r["action"] == "stop_stream" and session["status"] == "live":
        ctx.repo.end_session(session_id, "ended", {"ended_at": clock.now()},
                             step("ended", mcn_id, RULES, cause="mcn_review", status="ended", previous="live"))
    return live_schemas.McnReviewed().dump({**after, "session_id": session_id, "host_id": session["host_id"]})
