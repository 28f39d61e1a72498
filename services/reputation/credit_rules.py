"""Reputation's credit score (R-REP-01, R-REP-04, R-REP-05): a pure function of a subject's 90-day signals and its
active points, weighted and penalised by the points policy (policy data, never constants here). No I/O."""

from tianping.lib.enforcement import enforces

CREDIT_FORMULA = """\
score = goods_quality + service_quality + dispute + compliance + evaluation   (0..100, 90-day window)
goods_quality   = w_g * max(0, 1 - (quality_complaints*5 + invalid_certificates*10) / 100)
service_quality = w_s * max(0, 1 - (slow_responses*3 + deadline_breaches*5 + rejected_requests*2) / 100)
dispute         = w_d * (1 - merchant_fault_cases / max(1, decided_cases))      (no cases -> full)
compliance      = w_c * max(0, 1 - (active_points*2 + live_warnings*2) / 100)
evaluation      = w_e * (mean periodic evaluation result in 0..1; none -> full)
live_warnings   = warnings given to a live host in the window (R-LST-32; a stopped stream counts as its violation)
weights (w_g, w_s, w_d, w_c, w_e) = (25, 25, 20, 20, 10) by default; penalties are policy data.
buyer credit (R-REP-05), 0..100 over the same window, from the buyer's decided disputes:
buyer_score     = max(0, 100 - unfounded_claims * unfounded_claim_penalty)   (consumer_fault outcomes)"""


@enforces("R-REP-04", neutral={}, partly="listing and onboarding do not send the formula's certificate and "
                                         "periodic-evaluation inputs yet (those components stay full)")
def credit_components(policy: dict, signals, points: int) -> dict:
    """Per-component credit from 90-day signals. Each signal: {kind, value}. Pure; see CREDIT_FORMULA."""
    c = policy["credit"]
    w = c["weights"]
    count = {}
    evaluations, decided, fault = [], 0, 0
    for s in signals:
        kind = s["kind"]
        value = _number(s.get("value"))
        if kind == "evaluation_result":
            if value is not None:
                evaluations.append(max(0.0, min(1.0, value)))
        elif kind == "dispute_decided":
            decided += 1
            fault += 1 if s.get("value") == "merchant_fault" else 0
        elif kind == "aftersale_response":
            if value is not None and value > c["slow_response_hours"]:
                count["slow_responses"] = count.get("slow_responses", 0) + 1
        else:
            count[kind] = count.get(kind, 0) + 1
    goods_pen = count.get("quality_complaint", 0) * c["quality_complaint_penalty"] + \
        count.get("invalid_certificate", 0) * c["invalid_certificate_penalty"]
    service_pen = count.get("slow_responses", 0) * c["slow_response_penalty"] + \
        count.get("deadline_breach", 0) * c["deadline_breach_penalty"] + \
        count.get("aftersale_rejected", 0) * c["rejected_request_penalty"]
    return {
        "goods_quality": round(w["goods_quality"] * max(0.0, 1 - goods_pen / 100), 2),
        "service_quality": round(w["service_quality"] * max(0.0, 1 - service_pen / 100), 2),
        "dispute": round(w["dispute"] * (1 - fault / decided if decided else 1.0), 2),
        "compliance": round(w["compliance"] * max(0.0, 1 - (points * c["points_to_compliance"] + count.get(
            "live_warning", 0) * c.get("live_warning_penalty", 0)) / 100), 2),
        "evaluation": round(w["evaluation"] * (sum(evaluations) / len(evaluations) if evaluations else 1.0), 2),
    }


UNFOUNDED_CLAIM_PENALTY = 10  # a policy version that does not set it


@enforces("R-REP-05", neutral=None)
def buyer_credit(policy: dict, signals) -> dict | None:
    """R-REP-05: a buyer's credit beside a seller's, from the disputes it opened that were decided: each one decided
    against the buyer (consumer_fault: the claim was unfounded) costs the policy's penalty; None when the subject
    has no decided dispute as a buyer."""
    decided = [s for s in signals if s["kind"] == "buyer_dispute_decided"]
    if not decided:
        return None
    unfounded = sum(1 for s in decided if s.get("value") == "consumer_fault")
    upheld = sum(1 for s in decided if s.get("value") == "merchant_fault")
    score = max(0, 100 - unfounded * policy["credit"].get("unfounded_claim_penalty", UNFOUNDED_CLAIM_PENALTY))
    return {"score": score, "decided_claims": len(decided), "unfounded_claims": unfounded, "upheld_claims": upheld}


def _number(value) -> float | None:
    """A signal's numeric value, or None when it has none (such a signal is ignored, never a failure)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or abs(value) == float("inf"):
        return None
    return float(value)


def credit_score(components: dict) -> float:
    return round(min(100.0, max(0.0, sum(components.values()))), 2)
