"""Every decision reputation takes is appended with the rules that fired and the policy version in force."""

from .. import models
from . import Context


def record(ctx: Context, subject_id, kind, outcome, rule_ids, policy_version, reason, evidence=(), caused_by="",
           actor="reputation", key=None) -> models.Decision:
    """Append a decision. A `key` makes it once-only: a resumed request does not decide twice."""
    decision = ctx.repo.insert_decision(models.Decision(
        subject_id=subject_id, kind=kind, outcome=outcome, rule_ids=list(rule_ids), policy_version=policy_version,
        reason=reason, evidence=list(evidence), caused_by=caused_by, actor=actor, key=key))
    return decision
