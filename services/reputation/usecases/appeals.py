"""Appeals against a violation, a blacklisting or a sanction: upheld, or overturned — which reverses the points,
lowers the sanction they caused and lifts the blacklisting, each recorded with the appeal's id and propagated like
any other change (R-REP-19)."""

import uuid

from tianping.lib import clock
from tianping.lib.errors import Conflict, NotFound, ValidationFailed, found, load
from tianping.platform.sanctions import SANCTION

from .. import models, rules, schemas
from . import Context, blacklist, decisions, sanctions


def file(ctx: Context, data: dict, actor: str) -> dict:
    a = load(schemas.AppealIn(), data)
    if not a["violation_id"] and not a["blacklist_seq"]:
        raise ValidationFailed("an appeal names a violation or a blacklist change",
                               {"violation_id": ["violation_id or blacklist_seq is required"]})
    if a["violation_id"] and not ctx.repo.violation_of(a["subject_id"], a["violation_id"]):
        raise NotFound("no such violation for this subject", {"violation_id": ["unknown"]})
    appeal = models.Appeal(appeal_id=f"apl_{uuid.uuid4().hex[:16]}", subject_id=a["subject_id"],
                           violation_id=a["violation_id"], blacklist_seq=a["blacklist_seq"], grounds=a["grounds"])
    ctx.repo.insert(appeal)
    return schemas.AppealOut().dump(appeal)


def decide(ctx: Context, appeal_id: str, data: dict, actor: str) -> dict:
    d = load(schemas.AppealDecisionIn(), data)
    appeal = found(ctx.repo.appeal(appeal_id), "such appeal", "appeal_id")
    if not rules.can_decide_appeal(appeal.status, d["outcome"]):
        raise Conflict(f"appeal is already {appeal.status}", {"outcome": [f"appeal is {appeal.status}"]})
    decided = ctx.repo.decide_appeal(appeal_id, appeal.status, d["outcome"], d["reason"], actor, clock.now())
    if decided is None:  # another reviewer's decision came between this one's read and its write: it stands
        raise Conflict("the appeal was decided meanwhile", {"outcome": ["decided"]})
    appeal = decided
    policy = ctx.policy()
    decisions.record(ctx, appeal.subject_id, "appeal", d["outcome"], ["R-REP-19"], policy["version"], d["reason"],
                     actor=actor, caused_by=appeal.appeal_id)
    if d["outcome"] == "overturned":
        if appeal.violation_id:
            ctx.repo.overturn_violation(appeal.violation_id)
            sanctions.reassess(ctx, appeal.subject_id, None, policy, appeal.appeal_id, [], lower_only=True)
        elif _names_a_sanction(ctx, appeal):
            sanctions.reverse(ctx, appeal.subject_id, appeal.appeal_id,
                              f"appeal {appeal.appeal_id} overturned: {d['reason']}", actor)
        entry = ctx.authority.entry(appeal.subject_id)
        if entry and entry.get("status") == "blacklisted":
            blacklist.lift(ctx, appeal.subject_id, {"reason": f"appeal {appeal.appeal_id} overturned: {d['reason']}"},
                           actor, appeal.appeal_id)
    return schemas.AppealOut().dump(appeal)


def withdraw_detected(ctx: Context, dedupe_keys: list[str], reason: str, cause: str, actor: str = "reputation") \
        -> list[str]:
    """Violations their reporting service withdrew (a reviewer cleared the finding behind them: a live stream's stop
    overturned), reversed as an overturned appeal reverses one — the points no longer count, the sanction they caused
    is lowered, never raised — recorded once each with the cause (R-REP-19). A violation not recorded yet (its event
    is still on its way) is a Conflict: the message is retried. Returns the violation ids reversed now."""
    reversed_ = []
    for key in dedupe_keys:
        violation = ctx.repo.violation_by_dedupe(key)
        if violation is None:
            raise Conflict(f"no violation {key} recorded yet", {"dedupe_key": ["not recorded yet"]})
        if violation.status == "overturned":
            continue
        policy = ctx.policy()
        ctx.repo.overturn_violation(violation.violation_id)
        decisions.record(ctx, violation.subject_id, "violation", "overturned", ["R-REP-19"], policy["version"],
                         reason, actor=actor, caused_by=cause, key=f"withdrawn:{key}")
        sanctions.reassess(ctx, violation.subject_id, None, policy, cause, [], lower_only=True)
        reversed_.append(violation.violation_id)
    return reversed_


def withdraw_notified(ctx: Context, notice: dict) -> list[str]:
    """Listing's `stream_stop_overturned`: the stop's violations (host, MCN) withdrawn."""
    return withdraw_detected(ctx, notice.get("violation_keys") or [], f"live stream stop overturned by "
                             f"{notice.get('actor') or 'a reviewer'}", f"live_session:{notice['session_id']}")


def _names_a_sanction(ctx: Context, appeal) -> bool:
    """The appeal's change (`blacklist_seq`: sanctions share the log's sequence) is a sanction of its subject."""
    if not appeal.blacklist_seq:
        return False
    found_ = ctx.authority.changes_after(appeal.blacklist_seq - 1, 1)
    return bool(found_) and found_[0]["seq"] == appeal.blacklist_seq and found_[0]["action"] == SANCTION \
        and found_[0]["subject_id"] == appeal.subject_id
