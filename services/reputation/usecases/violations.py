"""Violations: recorded with the rule that fired (R-REP-22), points per policy (R-REP-12), serious ones
blacklisted at once (R-REP-13, R-REP-14)."""

import uuid

from tianping.lib import clock
from tianping.lib.errors import ValidationFailed, load
from tianping.platform import retention

from .. import contracts, models, rules, schemas, staff_rules
from . import Context, blacklist, decisions, sanctions


def record(ctx: Context, data: dict) -> dict:
    """Record a violation and take its consequences. Resumable: a request redelivered after a crash finds its
    violation by dedupe key and finishes whatever consequence had not been committed yet."""
    v = load(schemas.ViolationIn(), data)
    gaps = rules.record_gaps(v["evidence"])
    if gaps:
        raise ValidationFailed("a violation is recorded with its evidence (R-REP-22)",
                               {**{gap: ["at least one item of evidence is required (R-REP-22)"] for gap in gaps},
                                "rule_ids": ["R-REP-22"]})
    if not v["dedupe_key"] and ctx.request_key:
        v["dedupe_key"] = f"request:{ctx.request_key}"
    # insert first: the unique dedupe key answers "seen before?" in the same round trip (a read first cost one more)
    violation, duplicate = _assessed(ctx, v), False
    try:
        ctx.repo.insert(violation)
    except ctx.repo.Duplicate:  # a redelivery, or a concurrent duplicate of the same detected violation
        violation, duplicate = ctx.repo.violation_by_dedupe(v["dedupe_key"]), True
    # keyed: a redelivery or a resumed request finds the entry it (maybe) wrote
    ctx.audited(violation.source_service or "reputation", "violation_recorded",
                f"violation:{violation.violation_id}", subject=violation.subject_id,
                rule_ids=violation.rule_ids, versions={"points_policy": violation.policy_version},
                after=f"{violation.points} points{', serious' if violation.serious else ''}",
                key=f"violation:{violation.violation_id}",
                detail={"rule_id": violation.rule_id, "severity": violation.severity,
                        "evidence": list(violation.evidence), "explanation": violation.explanation})
    taken, seq = _consequences(ctx, violation, v["identity_keys"], resumed=duplicate)
    if not duplicate:
        ctx.publish(contracts.VIOLATION_RECORDED, {
            "violation_id": violation.violation_id, "subject_id": violation.subject_id, "rule_id": violation.rule_id,
            "serious": violation.serious, "points": violation.points, "rule_ids": violation.rule_ids,
            "policy_version": violation.policy_version})
    return schemas.ViolationResultOut().dump({"violation": violation, "duplicate": duplicate, "decisions": taken,
                                              "blacklist_seq": seq, "explanation": violation.explanation})


def _assessed(ctx: Context, v: dict) -> models.Violation:
    occurred, policy = v["occurred_at"] or clock.now(), ctx.policy()
    assessment = rules.assess_violation(policy, rules.ViolationFacts(
        v["subject_type"], v["rule_id"], v["severity"], occurred))
    published_until = staff_rules.penalty_published_until(policy, v["subject_type"], v["rule_id"], occurred)
    dishonesty = staff_rules.dishonesty(policy, v["subject_type"], v["rule_id"])
    staff_ids = ["R-REP-20"] * bool(published_until) + ["R-REP-21"] * bool(dishonesty)
    return models.Violation(
        violation_id=f"vio_{uuid.uuid4().hex[:16]}", subject_id=v["subject_id"], subject_type=v["subject_type"],
        rule_id=v["rule_id"], severity=v["severity"], evidence=v["evidence"], source_service=v["source_service"],
        occurred_at=occurred, points=assessment.points, serious=assessment.serious,
        rule_ids=assessment.rule_ids + staff_ids, published_until=published_until, dishonesty=dishonesty,
        policy_version=assessment.policy_version, explanation=assessment.explanation, dedupe_key=v["dedupe_key"],
        correlation_id=ctx.correlation_id, **retention.stamp("sanction", occurred))


def _consequences(ctx: Context, violation: models.Violation, identity_keys,
                  resumed: bool) -> tuple[list[dict], int | None]:
    """Every step is idempotent (keyed decisions, blacklist only if not yet), so a re-run (`resumed`) completes."""
    policy, vid = ctx.policy(), violation.violation_id
    taken, change = [], None
    if violation.serious:  # R-REP-13 / R-REP-14: blacklisted at once
        ctx.repo.note_violation_moment(violation.subject_id, violation.occurred_at)  # shown on its page (scores.py)
        change = blacklist.add_if_needed(ctx, violation.subject_id, violation.subject_type, violation.rule_ids,
                                         f"serious violation {violation.rule_id}: {violation.explanation}",
                                         identity_keys, actor="reputation", caused_by=vid)
        taken.append(decisions.record(ctx, violation.subject_id, "blacklist", "blacklisted", violation.rule_ids,
                                      violation.policy_version, violation.explanation, violation.evidence, vid,
                                      key=f"blacklist:{vid}"))
    else:
        sanction_decisions, sanction = sanctions.reassess(ctx, violation.subject_id, violation.subject_type, policy,
                                                          vid, violation.evidence, occurred_at=violation.occurred_at)
        taken += sanction_decisions
        if sanction == policy["blacklist_sanction"]:
            change = blacklist.add_if_needed(ctx, violation.subject_id, violation.subject_type,
                                             ["R-REP-13", "R-REP-19", "R-REP-12"], "points threshold for clear-out reached",
                                             identity_keys, "reputation", vid)
    if change is None and resumed:  # committed by an earlier run of this request (a new violation has none)
        change = ctx.authority.change_caused_by(vid)
    return taken, change["seq"] if change else None
