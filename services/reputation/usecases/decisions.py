"""Every decision reputation takes is appended with the rules that fired and the policy version in force."""

from .. import models
from . import Context


def record(ctx: Context, subject_id, kind, outcome, rule_ids, policy_version, reason, evidence=(), caused_by="",
           actor="reputation", key=None) -> models.Decision:
    """Append a decision, and to the audit log. A `key` makes it once-only: a resumed request does not decide twice."""
    fresh = models.Decision(
        subject_id=subject_id, kind=kind, outcome=outcome, rule_ids=list(rule_ids), policy_version=policy_version,
        reason=reason, evidence=list(evidence), caused_by=caused_by, actor=actor, key=key)
    decision = ctx.repo.insert_decision(fresh)
    # keyed by the decision: a resumed request does not audit it twice, nor forget it
    ctx.audited(decision.actor, f"{decision.kind}_{decision.outcome}", f"decision:{decision.id}",
                subject=decision.subject_id, rule_ids=decision.rule_ids,
                versions={"points_policy": decision.policy_version}, after=decision.outcome,
                key=f"decision:{decision.id}",
                detail={"reason": decision.reason, "evidence": list(decision.evidence),
                        "caused_by": decision.caused_by})
    return decision
