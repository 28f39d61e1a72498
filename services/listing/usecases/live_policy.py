"""A live session's policy (policy.json `live`, versioned; R-LST-32, R-REP-17): the host is warned after N flagged
transcript segments within a window; the stream is stopped on a serious finding in what the host says or shows
(efficacy or health claims, counterfeit presented as genuine, prohibited goods) or on repeated warnings, and a
violation is recorded at reputation for the host and, when the session names it, the MCN. Every step is a
conditional update of the session, so two batches applied at once never give one warning twice or stop twice."""

from tianping.infra import metrics
from tianping.lib import clock
from tianping.lib.trail import step

from .. import contracts, live_rules
from . import Context, live_counts


def apply(ctx: Context, session: dict, fresh: list[dict], earlier: list[dict] = (), token: str = "") -> dict:
    """The policy on a batch: {status, warnings given, stop} as the session stands after. `fresh`: the segments
    write `token` counts (its new ones, and any a write cut before its tally left uncounted: live_counts). `earlier`:
    its segments stored before (a redelivery): their flags and serious findings count — idempotently — so a batch
    whose first delivery died between its insert and this step is applied once all the same."""
    policy = ctx.policy["live"]
    flags = [{"seq": d["seq"], "at": d["at"], "rule_ids": d["rule_ids"]} for d in (*fresh, *earlier)
             if live_rules.counted(d["kind"], d["decision"])]  # a recounted segment is in both: noted by seq, once
    after = live_counts.tally(ctx, session["_id"], fresh, flags, token)
    if after["status"] != "live":  # stopped or ended by another batch meanwhile: these segments are kept as evidence
        return {"status": after["status"], "warnings": [], "stop": after.get("stop") or None}
    after, warnings = _warn(ctx, after, policy)
    stop = _stop(ctx, after, [d for d in (*fresh, *earlier) if d["serious"]], policy)
    return {"status": "stopped" if stop else after["status"], "warnings": warnings, "stop": stop}


def _flags(session: dict) -> list[dict]:
    return [{"seq": int(seq), **flag} for seq, flag in (session.get("flags") or {}).items()]


def _warn(ctx: Context, session: dict, policy: dict) -> tuple[dict, list[dict]]:
    given = []
    due = live_rules.warning_due(_flags(session), session.get("warned_seqs") or [], policy)
    while due:
        number = len(session.get("warnings") or []) + 1
        warning = {"number": number, "at": clock.now(), "seqs": [f["seq"] for f in due],
                   "rule_ids": sorted({"R-LST-32", *(r for f in due for r in f["rule_ids"])})}
        after = ctx.repo.add_warning(session["_id"], number - 1, warning)
        if after is None:  # another batch gave this warning: its flags are its own
            break
        session = after
        given.append(warning)
        metrics.LIVE_WARNINGS.inc()
        ctx.publish(contracts.HOST_WARNED,
                    _notice(session, warning["rule_ids"], warning["seqs"], number=number, at=warning["at"]))
        _audit(ctx, session, "live_host_warned", warning["rule_ids"], "live", "live", {"number": number})
        due = live_rules.warning_due(_flags(session), session["warned_seqs"], policy)
    return session, given


def _stop(ctx: Context, session: dict, serious: list[dict], policy: dict) -> dict | None:
    reason, fired = live_rules.stop_reason(bool(serious), len(session.get("warnings") or []), policy)
    if reason is None:
        return None
    cause = serious[:1] or []
    seqs = [cause[0]["seq"]] if cause else session["warnings"][-1]["seqs"]
    rule_ids = sorted({*fired, *(r for d in cause for r in d["rule_ids"])})
    stop = {"reason": reason, "seqs": seqs, "rule_ids": rule_ids, "at": clock.now(),
            "policy_version": ctx.policy["version"], "overturned": False}
    stopped = ctx.repo.end_session(session["_id"], "stopped", {"stop": stop, "ended_at": stop["at"]},
                                   step("stopped", "listing", rule_ids, [reason], cause="policy",
                                        status="stopped", previous="live"))
    if stopped is None:  # another batch stopped it (or it ended) first
        return None
    metrics.LIVE_STOPS.labels(reason).inc()
    ctx.publish(contracts.STREAM_STOPPED, _notice(stopped, rule_ids, seqs, reason=reason, at=stop["at"]))
    _audit(ctx, stopped, "live_stream_stopped", rule_ids, "live", "stopped", {"reason": reason, "seqs": seqs})
    _violations(ctx, stopped, reason, rule_ids, seqs, policy)
    return stop


def _violations(ctx: Context, session: dict, reason: str, rule_ids: list[str], seqs: list[int], policy: dict) -> None:
    """The host's violation, and per R-REP-17 its MCN's (which must stop its host), for reputation to record. An
    automatic finding is recorded under R-LST-32 at the policy's severity (points), the finding's own rules in the
    evidence: escalating it to the prohibited behaviour itself (a PB rule, which blacklists at once) is a person's
    decision, made at reputation (POST /v1/violations)."""
    evidence = [f"live_session:{session['_id']}", *(f"segment:{session['_id']}:{s}" for s in seqs),
                f"rules:{','.join(rule_ids)}"]
    severity = policy["violation"][reason]
    ctx.publish(contracts.VIOLATION_DETECTED, {
        "subject_id": session["host_id"], "subject_type": "host", "severity": severity, "source_service": "listing",
        "rule_id": "R-LST-32", "evidence": evidence,
        "dedupe_key": violation_keys(session)[0]})
    if session.get("mcn_id"):
        ctx.publish(contracts.VIOLATION_DETECTED, {
            "subject_id": session["mcn_id"], "subject_type": "mcn", "severity": severity, "rule_id": "R-REP-17",
            "source_service": "listing", "evidence": [*evidence, f"host:{session['host_id']}"],
            "dedupe_key": violation_keys(session)[1]})


def violation_keys(session: dict) -> list[str]:
    """The dedupe keys of a stop's violations at reputation: the host's, then the MCN's if the session names one."""
    return [f"live-stop:{session['_id']}:{s}" for s in (session["host_id"], session.get("mcn_id")) if s]


def _notice(session: dict, rule_ids, seqs, **extra) -> dict:
    return {"session_id": session["_id"], "room_id": session["room_id"], "host_id": session["host_id"],
            "operator_id": session["operator_id"], "mcn_id": session.get("mcn_id"), "rule_ids": list(rule_ids),
            "seqs": list(seqs), "policy_version": session.get("policy_version") or "", **extra}


def _audit(ctx: Context, session: dict, action: str, rule_ids, before, after, detail: dict) -> None:
    ctx.audited("listing", action, f"live_session:{session['_id']}", subject=session["host_id"],
                rule_ids=rule_ids, versions={"policy": session.get("policy_version") or ""},
                before=before, after=after, detail=detail, request_id=None,
                key=f"{action}:{session['_id']}:{detail.get('number', '')}")
