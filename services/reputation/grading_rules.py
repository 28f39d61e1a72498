"""Service-quality grading by enterprise type (pure): each type graded on its own indicator weights and ranked only
among its own type (R-REP-08); the weights of the policy in force kept with each grading run (R-REP-11)."""

from tianping.lib.enforcement import enforces, rewrite

from .rules import INDICATORS


def _one_scale(weights: dict, rule_ids: frozenset) -> dict:
    return {name: 1 for name in INDICATORS}


@enforces("R-REP-08", neutral=rewrite(_one_scale, "one scale for every enterprise type (every indicator weighs 1)"))
def type_weights(policy: dict, enterprise_type: str) -> dict:
    """R-REP-08: each enterprise type is graded on its own scale: its indicator weights in the policy (an indicator
    the type's weights do not name weighs 1)."""
    named = policy["grading"].get("weights", {}).get(enterprise_type, {})
    return {name: named.get(name, 1) for name in INDICATORS}


def _unversioned(basis: dict, rule_ids: frozenset) -> dict:
    return {**basis, "policy_version": None, "weights": {name: 1 for name in INDICATORS}}


@enforces("R-REP-11", neutral=rewrite(_unversioned, "weights not taken from the policy nor versioned"))
def grading_basis(policy: dict, enterprise_type: str) -> dict:
    """R-REP-11: the weights and per-indicator maximum of the policy in force, kept with the grading run (so a run
    is read, and re-checked, on the basis it was graded on, whatever the policy says later)."""
    return {"policy_version": policy["version"], "enterprise_type": enterprise_type,
            "max_per_indicator": policy["grading"]["max_per_indicator"],
            "weights": type_weights(policy, enterprise_type),
            "thresholds": [list(t) for t in policy["grading"]["thresholds"]]}


@enforces("R-REP-08", neutral=True)
def same_type(run: dict, enterprise_type: str) -> bool:
    """R-REP-08: enterprises are graded and ranked only against enterprises of their own type."""
    return run["enterprise_type"] == enterprise_type


def rank_within_type(latest_runs: list[dict], enterprise_type: str) -> list[dict]:
    """The latest run of each enterprise of the type, best total first (ties by ID), with its position."""
    ordered = sorted((r for r in latest_runs if same_type(r, enterprise_type)),
                     key=lambda r: (-r["total"], r["enterprise_id"]))
    return [{**r, "position": i + 1, "of": len(ordered)} for i, r in enumerate(ordered)]
