"""Service-quality grading of enterprises over the 33 indicators of 004 (A–AAAAA, R-REP-08..11): each enterprise
type on its own weights (R-REP-08), the policy's weights kept with each run (R-REP-11), ranked within its type."""

from tianping.lib.errors import Conflict, RuleRefused, load

from .. import grading_rules, grading_schemas, models, rules, schemas
from . import Context, decisions

FIRED = ["R-REP-08", "R-REP-09", "R-REP-10", "R-REP-11"]


def grade(ctx: Context, enterprise_id: str, data: dict, actor: str) -> dict:
    g = load(schemas.GradingIn(), data)
    policy = ctx.policy()
    record = ctx.repo.subject(enterprise_id)
    if record is not None and record.frozen:
        raise Conflict("grading is frozen while the enterprise is blacklisted", {"enterprise_id": ["frozen"]})
    basis = grading_rules.grading_basis(policy, g["enterprise_type"])
    try:
        total = rules.grading_total(basis, g["scores"])
    except ValueError as exc:
        raise RuleRefused(str(exc), {"scores": [str(exc)]}) from None
    result = rules.grade_for_total(policy, total)
    run = models.Grading(enterprise_id=enterprise_id, enterprise_type=g["enterprise_type"], scores=g["scores"],
                         total=total, grade=result, policy_version=policy["version"], basis=basis, rule_ids=FIRED)
    ctx.repo.insert(run)
    decisions.record(ctx, enterprise_id, "grading", result, FIRED, policy["version"],
                     f"total {total} as a {g['enterprise_type']} enterprise", actor=actor)
    return grading_schemas.GradingOut().dump(run)


def ranking(ctx: Context, enterprise_type: str) -> dict:
    """R-REP-08: the latest grade of every enterprise of one type, ranked among that type only."""
    if enterprise_type not in rules.ENTERPRISE_TYPES:
        raise RuleRefused("grades are ranked within one enterprise type (R-REP-08)",
                          {"enterprise_type": [f"one of {', '.join(rules.ENTERPRISE_TYPES)}"]})
    ranked = grading_rules.rank_within_type(ctx.repo.latest_gradings(), enterprise_type)
    return grading_schemas.GradingRankingOut().dump({"enterprise_type": enterprise_type, "items": ranked,
                                             "rule_ids": ["R-REP-08", "R-REP-09"]})
