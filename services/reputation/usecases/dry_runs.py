"""Shadow mode for a points policy (issue 18): a candidate version is tried over the subjects with violations in a
period before it takes effect. For each, the sanction its recorded violations give under the policy in force and
under the candidate (window and thresholds; recorded points never change, each keeps the policy version that scored
it, R-REP-12), and how many of those violations would score differently if recorded under the candidate. Nothing is
stored, decided or announced: a dry run changes nothing."""

from tianping.lib import clock, periods
from tianping.lib.errors import load

from .. import policy_schemas, rules
from . import Context
from .sanctions import active_rows


def policy(ctx: Context, data: dict) -> dict:
    d = load(policy_schemas.PolicyDryRunIn(), data)
    candidate = {**d["policy"], "version": "dry-run"}
    in_force, now = ctx.policy(), clock.now()
    since, until = periods.day_range(d["since"], d["until"])
    changes, examined = [], 0
    for subject_id, subject_type in ctx.repo.subjects_with_violations_between(since, until):
        examined += 1
        recorded = ctx.repo.violations(subject_id)
        rows = active_rows(recorded)
        points_now, points_then = rules.active_points(in_force, rows, now), rules.active_points(candidate, rows, now)
        sanction_now = rules.sanction_for_points(in_force, points_now)
        sanction_then = rules.sanction_for_points(candidate, points_then)
        rescored = sum(1 for v in recorded if _score(in_force, subject_type, v) != _score(candidate, subject_type, v))
        if (sanction_now, points_now) == (sanction_then, points_then) and not rescored:
            continue
        changes.append({"subject_id": subject_id, "points_now": points_now, "points_with_candidate": points_then,
                        "sanction_now": sanction_now, "sanction_with_candidate": sanction_then,
                        "would_blacklist": rules.blacklist_on_points(candidate, sanction_then)
                        and not rules.blacklist_on_points(in_force, sanction_now),
                        "effects_now": rules.sanction_effects(in_force, sanction_now),
                        "effects_with_candidate": rules.sanction_effects(candidate, sanction_then),
                        "violations_rescored": rescored})
    order = rules.SANCTION_ORDER.index
    return policy_schemas.PolicyDryRunOut().dump({
        "policy_version_now": in_force["version"], "subjects_examined": examined, "changes": changes,
        "would_tighten": sum(order(c["sanction_with_candidate"]) > order(c["sanction_now"]) for c in changes),
        "would_ease": sum(order(c["sanction_with_candidate"]) < order(c["sanction_now"]) for c in changes)})


def _score(policy: dict, subject_type: str, violation) -> tuple[int, bool]:
    assessed = rules.assess_violation(policy, rules.ViolationFacts(subject_type, violation.rule_id, violation.severity,
                                                                   clock.aware(violation.occurred_at)))
    return assessed.points, assessed.serious
