"""Service-quality grading of enterprises over the 33 indicators of 004 (A–AAAAA, R-REP-08..11)."""

from tianping.lib.errors import Conflict, RuleRefused, load

from .. import models, rules, schemas
from . import Context, decisions

FIRED = ["R-REP-08", "R-REP-09", "R-REP-10", "R-REP-11"]


def grade(ctx: Context, enterprise_id: str, data: dict, actor: str) -> dict:
    g = load(schemas.GradingIn(), data)
    policy = ctx.policy()
    record = ctx.repo.subject(enterprise_id)
    if record is not None and record.frozen:
        raise Conflict("grading is frozen while the enterprise is blacklisted", {"enterprise_id": ["frozen"]})
    try:
        total = rules.grading_total(policy, g["scores"])
    except ValueError as exc:
        raise RuleRefused(str(exc), {"scores": [str(exc)]}) from None
    result = rules.grade_for_total(policy, total)
    run = models.Grading(enterprise_id=enterprise_id, enterprise_type=g["enterprise_type"], scores=g["scores"],
                         total=total, grade=result, policy_version=policy["version"], rule_ids=FIRED)
    ctx.repo.insert(run)
    decisions.record(ctx, enterprise_id, "grading", result, FIRED, policy["version"], f"total {total}", actor=actor)
    return schemas.GradingOut().dump(run)
