"""Reputation domain rules: pure functions over data (no I/O). Rule IDs cite ../shared/RULES.md.

The points policy is versioned data (policy_default.json or a stored policy document), never constants
here: R-REP-12 says no source defines points, so every number is platform policy and every decision
records the policy version that produced it.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from tianping.lib import periods
from tianping.lib.enforcement import enforces

SUBJECT_TYPES = ("merchant", "mcn", "host", "community_manager", "community_user", "enterprise", "lab")
SEVERITIES = ("general", "serious")
SANCTION_ORDER = ("none", "warning", "restricted", "suspended", "cleared_out")
COMMUNITY_TYPES = ("community_manager", "community_user")

# The 33 service-quality indicators of 004 Appendix A, grouped in the eight dimensions (R-REP-10).
GRADING_INDICATORS = (
    ("basic", ("website", "total_assets", "debt_to_asset_ratio", "credit_record", "financial_condition")),
    ("policy_building", ("organisation_and_policies", "statistics", "safety_and_incident_handling")),
    ("business_performance", ("own_platform_sales", "annual_online_sales", "sales_growth", "customer_growth",
                              "online_promotion_capability")),
    ("supporting_infrastructure", ("logistics_system", "platform_security", "online_service_norms",
                                   "online_trade_management", "credit_system", "online_payment")),
    ("consumer_rights_protection", ("customer_service", "customer_satisfaction", "customer_privacy",
                                    "product_quality_assurance")),
    ("human_resources", ("management_qualifications", "business_staff_certificates", "training")),
    ("innovation", ("technology_innovation", "planning", "intangible_assets")),
    ("contributions_and_honours", ("honours", "other_commendations", "annual_job_creation",
                                   "industry_contribution")),
)
INDICATORS = tuple(name for _, names in GRADING_INDICATORS for name in names)
ENTERPRISE_TYPES = ("transactional", "third_party_platform", "support_service")  # R-REP-08


@dataclass(frozen=True)
class ViolationFacts:
    subject_type: str
    rule_id: str
    severity: str
    occurred_at: datetime


@dataclass
class Assessment:
    """What recording one violation decides, with the rules that fired and the policy in force."""

    points: int
    serious: bool
    blacklist: bool
    rule_ids: list[str] = field(default_factory=list)
    policy_version: str = ""
    explanation: str = ""


@enforces("R-REP-13", "R-REP-14", neutral=False)
def is_serious(policy: dict, rule_id: str, severity: str) -> bool:
    """Serious violations blacklist at once (R-REP-13, R-REP-14). Some rules (false advertising, data fraud)
    are serious only when the reporter flags the case serious (e.g. buyers were harmed)."""
    if severity == "serious":
        return True
    return rule_id in policy["serious_rules"] and rule_id not in policy.get("serious_only_when_flagged", ())


@enforces("R-REP-22", neutral=[], partly="the evidence's content is not judged; the rule ID is checked against the "
          "catalogue by the input schema; the sanction follows from the points policy (R-REP-12, R-REP-19)")
def record_gaps(evidence: list[str]) -> list[str]:
    """R-REP-22: a prohibited behaviour found is recorded against its actor as a violation with its source rule and
    evidence: the fields the record would lack (a violation with no evidence names nothing a reviewer can check)."""
    return [] if any(item.strip() for item in evidence) else ["evidence"]


def assess_violation(policy: dict, facts: ViolationFacts) -> Assessment:
    """R-REP-22: each finding is recorded with its source rule; R-REP-12: points per platform policy."""
    serious = is_serious(policy, facts.rule_id, facts.severity)
    fired = [facts.rule_id, "R-REP-22", "R-REP-12"]
    if serious:
        fired.append("R-REP-14" if facts.subject_type in COMMUNITY_TYPES else "R-REP-13")
        why = policy["serious_rules"].get(facts.rule_id, "violation flagged serious")
        return Assessment(0, True, True, fired, policy["version"], f"serious violation ({why}): blacklisted at once")
    points = int(policy["points"].get(facts.rule_id, policy["default_points"]))
    return Assessment(points, False, False, fired, policy["version"], f"general violation: {points} points")


def window_start(policy: dict, now: datetime) -> datetime:
    """The first moment of the points window ending now: `window_years` calendar years in the platform's time zone
    (R-REP-12 policy), or `window_days` days in policies written before calendar windows."""
    if "window_years" in policy:
        return periods.start_of_years_window(now, policy["window_years"])
    return now - timedelta(days=policy["window_days"])


def window_text(policy: dict) -> str:
    years = policy.get("window_years")
    return f"{years} calendar year{'s' if years != 1 else ''}" if years else f"{policy['window_days']} days"


def active_points(policy: dict, violations, now: datetime) -> int:
    """Points of non-overturned general violations inside the points window (one calendar year by default)."""
    since = window_start(policy, now)
    return sum(v["points"] for v in violations
               if v.get("status", "active") == "active" and since <= v["occurred_at"] <= now)


@enforces("R-REP-12", neutral=None)
def points_lapse(policy: dict, violations, now: datetime) -> datetime | None:
    """The next moment the active points fall: the first moment the oldest counted violation is outside the window
    (with calendar years, the first moment after the anniversary day of its local day — the day itself still
    counts). None when no violation counts. A warning or a restriction lasts only while its points do."""
    since = window_start(policy, now)
    counted = [v["occurred_at"] for v in violations
               if v.get("status", "active") == "active" and since <= v["occurred_at"] <= now]
    if not counted:
        return None
    if "window_years" in policy:
        return periods.kept_until(min(counted), policy["window_years"])
    return min(counted) + timedelta(days=policy["window_days"], microseconds=1)


@enforces("R-REP-19", neutral="none")
def sanction_for_points(policy: dict, points: int) -> str:
    """Highest threshold reached: default 12 warning, 24 restricted, 36 suspended, 48 cleared out (R-REP-19:
    every sanction cites the rule and the evidence, recorded by the caller)."""
    reached = "none"
    for threshold, sanction in sorted(policy["thresholds"]):
        if points >= threshold:
            reached = sanction
    return reached


@enforces("R-REP-15", neutral={"refuses": [], "reviews": [], "hides_listings": False}, partly="rectification and reports: not modelled")
def sanction_effects(policy: dict, level: str) -> dict:
    """What a level does in every service, per the policy in force (R-REP-15, R-REP-18, R-REP-19): actions refused,
    actions sent to human review, whether live listings are hidden. A policy without effects blocks nothing."""
    effects = policy.get("sanction_effects", {}).get(level, {})
    return {"refuses": list(effects.get("refuses", ())), "reviews": list(effects.get("reviews", ())),
            "hides_listings": bool(effects.get("hides_listings", False))}


def sanction_until(policy: dict, level: str, since: datetime) -> datetime | None:
    """A suspension ends by itself: at the end of the `suspension_days`-th calendar day (platform time zone) after
    the day it began. Other levels last while the points keep them."""
    if level != "suspended":
        return None
    return periods.end_of_day_count(since, int(policy.get("suspension_days", 30)))


def after_suspension(policy: dict, points: int) -> str:
    """The level a served suspension falls back to: the highest rung below it that the points still reach."""
    reached = sanction_for_points(policy, points)
    below = SANCTION_ORDER[:SANCTION_ORDER.index("suspended")]
    return reached if reached in below else below[-1]


def no_higher(previous: str, computed: str) -> str:
    """A reversal (an appeal) only ever lowers a sanction."""
    return min(previous, computed, key=SANCTION_ORDER.index)


def no_lower(previous: str, computed: str) -> str:
    """A new violation only ever raises a sanction (points fall only by a lapse or a reversal, which have their own
    reassessments): one that read the window before others' violations landed must not undo their step."""
    return max(previous, computed, key=SANCTION_ORDER.index)


@enforces("R-REP-13", neutral=False)
def blacklist_on_points(policy: dict, sanction: str) -> bool:
    return sanction == policy["blacklist_sanction"]


# -- service-quality grading (004 §8; R-REP-08..11) ----------------------------------------------------

@enforces("R-REP-09", neutral="ungraded")
def grade_for_total(policy: dict, total: float) -> str:
    """R-REP-09: highest grade whose threshold is met; below 50 ungraded (platform policy)."""
    for threshold, grade in sorted(policy["grading"]["thresholds"], reverse=True):
        if total >= threshold:
            return grade
    return "ungraded"


@enforces("R-REP-10", neutral=[])
def missing_indicators(scores: dict) -> list[str]:
    """R-REP-10: the evaluation covers every indicator of the eight dimensions."""
    return [name for name in INDICATORS if name not in scores]


def grading_total(scale: dict, scores: dict) -> float:
    """R-REP-10/11: the 33 indicators each scored 0..max, weighted by a run's basis (grading_basis), scaled to a
    0..100 total; given the policy itself, every indicator weighs 1."""
    basis = scale if "max_per_indicator" in scale else {"max_per_indicator": scale["grading"]["max_per_indicator"]}
    top = basis["max_per_indicator"]
    if missing := missing_indicators(scores):
        raise ValueError(f"missing indicators: {', '.join(missing)}")
    unknown = [name for name in scores if name not in INDICATORS]
    if unknown:
        raise ValueError(f"unknown indicators: {', '.join(unknown)}")
    for name, value in scores.items():
        if not 0 <= value <= top:
            raise ValueError(f"indicator {name} must be between 0 and {top}")
    weights = basis.get("weights") or {name: 1 for name in INDICATORS}
    weighted = sum(Decimal(str(scores[name])) * weights[name] for name in INDICATORS)
    return float(round(weighted / (top * sum(weights.values())) * 100, 2))


# -- appeals ------------------------------------------------------------------------------------------

APPEAL_TRANSITIONS = {"pending": ("upheld", "overturned")}


def can_decide_appeal(state: str, outcome: str) -> bool:
    return outcome in APPEAL_TRANSITIONS.get(state, ())


# -- blacklist authority ------------------------------------------------------------------------------

def blacklist_transition(current_status: str | None, action: str) -> str | None:
    """Returns the error message for an invalid transition, else None."""
    if action == "add" and current_status == "blacklisted":
        return "subject is already blacklisted"
    if action == "lift" and current_status != "blacklisted":
        return "subject is not blacklisted"
    return None
