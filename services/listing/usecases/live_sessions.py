"""Going live (R-LST-27, R-LST-28, R-LST-32): a session opens for a room's host and operator only when the room shows
its disclosures and no subject on air may not go live — blacklisted (R-REP-13), not active here (R-ONB-02, a
suspended MCN's hosts included), or sanctioned at a level refusing go_live (R-REP-18) — answered from this
service's own replicas, no RPC. Ended by its host, operator or the platform; stopped only by policy."""

import uuid
from datetime import timedelta

from tianping.infra import metrics
from tianping.lib import clock, paging
from tianping.lib.errors import (
    Conflict,
    DisclosuresMissing,
    Forbidden,
    NotFound,
    RoomOnAir,
    RuleRefused,
    StreamStopped,
    SubjectBlacklisted,
    SubjectNotActive,
    ValidationFailed,
    load,
)
from tianping.lib.schemas import jsonable
from tianping.lib.trail import step
from tianping.platform import retention

from .. import live_rules, live_schemas, models, plan_rules, rules
from . import Context, sanctions

ROLES = ("host_id", "operator_id", "mcn_id")
IN_FLIGHT = timedelta(seconds=60)  # a claim whose session is not stored yet: a request still opening it


def open_session(ctx: Context, room_id: str, data: dict, actor: dict) -> dict:
    s = load(live_schemas.SessionIn(), data)
    resumed = ctx.repo.session_of_key(ctx.request_key)  # a redelivered command finds what it already opened
    if resumed is not None:
        return out(resumed)
    if not actor.get("platform") and actor.get("id") not in (s["host_id"], s["operator_id"]):
        raise Forbidden("a room goes live by its host, its operator or the platform", {"host_id": ["not you"]})
    _require_disclosures(ctx, room_id, s["operator_id"])
    _under_contracted_mcn(ctx, s)
    _require_allowed(ctx, s)
    _require_registered_host(ctx, room_id, s.pop("broadcaster_id_number", None), s["host_id"])
    s["plan"] = jsonable(s["plan"]) if s.get("plan") else None  # exact decimal text, as stored and compared (PB-12)
    _require_plan_on_sale(ctx, s["plan"], s["operator_id"])
    now, session_id = clock.now(), f"ses_{uuid.uuid4().hex[:16]}"
    _claim_room(ctx, room_id, session_id, now)
    session = models.LiveSession(
        session_id=session_id, request_key=ctx.request_key, room_id=room_id, status="live",
        policy_version=ctx.policy["version"], started_at=now, counts={}, **s, **retention.stamp("livestream", now),
        history=[step("went_live", actor["id"], ["R-LST-27", "R-LST-28", "R-LST-32"], cause="session")])
    ctx.repo.insert_session(session)
    _audit(ctx, actor["id"], "live_session_opened", session.to_mongo().to_dict(), None, "live")
    metrics.LIVE_SESSIONS_OPENED.inc()
    return out(session.to_mongo().to_dict())


def _claim_room(ctx: Context, room_id: str, session_id: str, now) -> None:
    """One session on air per room, however many requests race for it: the room's place is claimed by a conditional
    upsert, and taken over only from a session that ended or was stopped (or a claim whose request never stored its
    session)."""
    held = ctx.repo.claim_room(room_id, session_id, now)
    if held is None:
        return
    holder, claimed_at = held.get("session_id"), held.get("at")
    current = ctx.repo.live_session(holder)
    opening = current is None and claimed_at is not None and now - clock.aware(claimed_at) < IN_FLIGHT
    if (current is not None and current["status"] == "live") or opening or \
            not ctx.repo.take_over_room(room_id, holder, session_id, now):
        raise RoomOnAir(f"room {room_id} is on air in session {holder}: one session at a time",
                        {"room_id": ["on air"], "session_id": [holder]})


def _require_disclosures(ctx: Context, room_id: str, operator_id: str) -> None:
    room = ctx.repo.room(room_id)
    missing = live_rules.missing_disclosures(room_id, room.to_mongo().to_dict() if room else None)
    if missing:
        raise DisclosuresMissing(
            f"room {room_id} does not show its disclosures: it may not go live (R-LST-27, R-LST-28)",
            {"room_id": [f.field for f in missing], "rule_ids": ["R-LST-27", "R-LST-28"]})
    if room is not None and room.operator_id != operator_id:
        raise Forbidden(f"room {room_id} is operated by another operator", {"operator_id": ["not the room's"]})


def _under_contracted_mcn(ctx: Context, s: dict) -> None:
    """A host contracted to an MCN goes live under it whether the live system names it or not (R-ONB-36: the MCN
    operates its hosts' rooms): so the MCN's blacklisting, suspension or sanction refuses the session, and a stop's
    violation reaches the MCN (R-REP-17). Another MCN named for a contracted host is refused."""
    if ctx.room_operator is None:
        return
    try:
        found = ctx.room_operator(s["host_id"])
    except (NotFound, Conflict):
        return  # not a registered host: the status replica refuses it below
    contracted = found["operator_id"] if found["operator_id"] != s["host_id"] else None
    if contracted is None:
        return
    if s.get("mcn_id") not in (None, contracted):
        raise RuleRefused(f"host {s['host_id']} is contracted to MCN {contracted} (R-ONB-36)",
                          {"mcn_id": [f"the host's MCN is {contracted}"], "rule_ids": ["R-ONB-36"]})
    s["mcn_id"] = contracted


def _require_allowed(ctx: Context, s: dict) -> None:
    """Blacklist (R-REP-13), registered and active (R-ONB-02) and sanction (R-REP-18) of everyone on air, from one
    read of both replicas: read apart, one per role and one per gate, they were four or five statements (issue 30)."""
    subjects = {role: s.get(role) for role in ROLES if s.get(role)}
    known, statuses = sanctions.entries_and_statuses(ctx, list(subjects.values()))
    for role, subject_id in subjects.items():
        if (known.get(subject_id) or {}).get("status") == "blacklisted":
            raise SubjectBlacklisted(f"{subject_id} is on the platform blacklist (R-REP-13)",
                                     {role: ["blacklisted"], "rule_ids": ["R-REP-13"]})
    inactive = rules.not_cleared_to_publish(list(subjects.values()), statuses)
    if inactive:
        raise SubjectNotActive("only registered, active subjects go live (R-ONB-02)",
                               {role: [inactive[sid]] for role, sid in subjects.items() if sid in inactive})
    sanctions.go_live_together(ctx, list(subjects.values()), known)


def _require_registered_host(ctx: Context, room_id: str, on_air: str | None, host_id: str) -> None:
    """The existing broadcast check at onboarding (R-ONB-35): a mismatch is refused here and reported there (PB-20);
    onboarding also refuses a host whose MCN's sanction stops it going live."""
    if on_air is None or ctx.broadcast_check is None:
        return
    checked = ctx.broadcast_check(host_id, {"broadcaster_id_number": on_air, "room_id": room_id})
    if not checked["match"]:
        raise RuleRefused(f"the person on air is not the registered host {host_id} (R-ONB-35)",
                          {"broadcaster_id_number": ["not the registered host"], "rule_ids": checked["rule_ids"]})


def _require_plan_on_sale(ctx: Context, plan: dict | None, operator_id: str) -> None:
    """The plan's goods and prices are the listings on sale (R-LST-29), or 422 naming each item that is not."""
    named = [item.get("listing_id") for item in (plan or {}).get("items") or []]
    wrong = plan_rules.plan_mismatches(plan, ctx.repo.listing_facts(named) if any(named) else {}, operator_id)
    if wrong:
        raise RuleRefused("the plan's goods and prices must be those on sale (R-LST-29)",
                          {**wrong, "rule_ids": ["R-LST-29"]})


def session_or_404(ctx: Context, room_id: str, session_id: str) -> dict:
    session = ctx.repo.live_session(session_id)
    if session is None or session["room_id"] != room_id:
        raise NotFound(f"no session {session_id} in room {room_id}", {"session_id": ["unknown"]})
    return session


def end(ctx: Context, room_id: str, session_id: str, actor: dict) -> dict:
    session = session_or_404(ctx, room_id, session_id)
    if not actor.get("platform") and actor.get("id") not in (session["host_id"], session["operator_id"]):
        raise Forbidden("a session is ended by its host, its operator or the platform", {"session_id": ["not yours"]})
    if session["status"] == "ended":
        return out(session)  # ended before: the same answer
    if session["status"] == "stopped":
        raise StreamStopped(f"session {session_id} was stopped by policy", {"status": ["stopped"]})
    ended = ctx.repo.end_session(session_id, "ended", {"ended_at": clock.now()},
                                 step("ended", actor["id"], ["R-LST-32"], cause="session", status="ended",
                                      previous="live"))
    if ended is None:  # stopped or ended meanwhile
        return end(ctx, room_id, session_id, actor)
    _audit(ctx, actor["id"], "live_session_ended", ended, "live", "ended")
    return out(ended)


def get(ctx: Context, room_id: str, session_id: str) -> dict:
    return out(session_or_404(ctx, room_id, session_id))


def sessions(ctx: Context, status: str | None = "live", since=None, cursor: str | None = None, limit=50) -> dict:
    """The sessions in one status (on air, stopped by policy, ended), latest started first, for reviewers; `since`
    (ISO-8601 with an offset) keeps those started since then: "recently stopped"."""
    status = status or "live"
    if status not in live_schemas.SESSION_STATUSES:
        raise ValidationFailed(f"status is one of {', '.join(live_schemas.SESSION_STATUSES)}", {"status": ["unknown"]})
    docs, next_cursor = ctx.repo.sessions_by_status(status, clock.instant(since, "since"), cursor, paging.clamp(limit, 50, 200))
    return live_schemas.SessionPage().dump({"items": [out(d) for d in docs], "next_cursor": next_cursor})


def observe(ctx: Context) -> None:
    """Timer: sessions live now, for the dashboard."""
    metrics.LIVE_SESSIONS.set(ctx.repo.sessions_live())


def out(session: dict) -> dict:
    return live_schemas.SessionOut().dump({**session, "session_id": session.get("_id", session.get("session_id")),
                                           "stop": session.get("stop") or None})


def _audit(ctx: Context, actor: str, action: str, session: dict, before, after, rule_ids=("R-LST-32",)) -> None:
    ctx.audited(actor, action, f"live_session:{session['_id']}", subject=session["host_id"],
                rule_ids=rule_ids, versions={"policy": session.get("policy_version") or ""},
                before=before, after=after)
