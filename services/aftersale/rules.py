"""After-sale rules (pure): who may ask for what, until when, and what each state's deadline is.

Periods are calendar periods in the platform's time zone (tianping.lib.periods). The 7-day no-reason return counts
from the day after delivery (Measures for 7-day no-reason returns of online purchases, art. 6: the day after
signing for the goods), so goods delivered on the 1st may be returned until the end of the 8th, local time.
"""

from datetime import datetime, timedelta
from statistics import quantiles

from tianping.lib import periods
from tianping.lib.enforcement import enforces, unless_cited

from . import survey_rules

KINDS = ("no_reason_return", "quality_return", "exchange", "repair", "refund_only")
NEEDS_RETURN = ("no_reason_return", "quality_return", "exchange", "repair")  # the goods come back first
QUALITY = ("quality_return", "exchange", "repair")                            # a quality complaint (R-AFT-08)
REFUNDS = ("no_reason_return", "quality_return", "refund_only")              # end in a refund

# Statutory exclusions from the no-reason return (Consumer Rights Protection Law art. 25), which R-AFT-01 leaves to
# platform policy under applicable law. `customised` and `buyer_confirmed_excluded` are item flags.
EXCLUSIONS = {
    "customised": "customised goods are excluded from the no-reason return",
    "fresh_perishable": "fresh and perishable goods are excluded from the no-reason return",
    "digital_download": "downloaded digital goods are excluded from the no-reason return",
    "unsealed_av_software": "unsealed audio-visual goods and software are excluded from the no-reason return",
    "periodical": "newspapers and periodicals are excluded from the no-reason return",
    "buyer_confirmed_excluded": "the buyer confirmed at purchase that these goods are not returnable without reason",
}
LABELLED_EXCLUSIONS = ("fresh_perishable", "digital_download", "unsealed_av_software", "periodical")

# States. Open ones have a running deadline (or wait for an action that ends them); closed ones are final.
AWAITING_MERCHANT = "awaiting_merchant"
AWAITING_BUYER_INFO = "awaiting_buyer_info"
AWAITING_BUYER_DECISION = "awaiting_buyer_decision"
AWAITING_RETURN = "awaiting_return"
RETURN_IN_TRANSIT = "return_in_transit"
REFUND_DUE = "refund_due"
FULFILMENT_DUE = "fulfilment_due"
OPEN_STATUSES = (AWAITING_MERCHANT, AWAITING_BUYER_INFO, AWAITING_BUYER_DECISION, AWAITING_RETURN,
                 RETURN_IN_TRANSIT, REFUND_DUE, FULFILMENT_DUE)
CLOSED_STATUSES = ("refused", "rejected", "completed", "lapsed", "withdrawn", "escalated")

# Deadline kinds: whose obligation, the rule behind it, what happens when it passes.
DEADLINES = {
    "respond": {"party": "merchant", "rule_id": "R-AFT-05", "on": AWAITING_MERCHANT},
    "confirm_receipt": {"party": "merchant", "rule_id": "R-AFT-07", "on": RETURN_IN_TRANSIT},
    "refund": {"party": "merchant", "rule_id": "R-AFT-06", "on": REFUND_DUE},
    "fulfil": {"party": "merchant", "rule_id": "R-AFT-07", "on": FULFILMENT_DUE},
    "ship_return": {"party": "buyer", "rule_id": "R-AFT-01", "on": AWAITING_RETURN},
    "answer_proposal": {"party": "buyer", "rule_id": "R-AFT-05", "on": AWAITING_BUYER_DECISION},
    "answer_info": {"party": "buyer", "rule_id": "R-AFT-05", "on": AWAITING_BUYER_INFO},
}


def no_reason_window_closes(delivered_at: datetime, policy: dict, terms: dict) -> datetime:
    """R-AFT-01: the first moment after the no-reason period (the longer of the statute's and the merchant's)."""
    return periods.end_of_day_count(delivered_at, max(policy["no_reason_days"], terms["return_days"]))


def warranty_ends(delivered_at: datetime, terms: dict) -> datetime:
    """R-AFT-02: quality claims stay open until the end of the warranty, counted like the return period."""
    return periods.end_of_day_count(delivered_at, terms["warranty_days"])


@enforces("R-AFT-01", "R-AFT-02", neutral=unless_cited((True, [], []), "every request accepted"))
def eligibility(kind: str, order: dict, skus: list[str], now: datetime, policy: dict, terms: dict) \
        -> tuple[bool, list[str], list[str]]:
    """May this request be opened? (accepted, rule IDs that fired, reasons). Everything not refused is accepted."""
    delivered_at = order.get("delivered_at")
    items = [i for i in order["items"] if not skus or i["sku"] in skus]
    if kind == "no_reason_return":
        if delivered_at is None:
            return False, ["R-AFT-01"], ["the no-reason period starts at delivery; the order is not delivered yet"]
        reasons = []
        for item in items:
            if item.get("customised"):
                reasons.append(f"{item['sku']}: {EXCLUSIONS['customised']}")
            if item.get("exclusion") in LABELLED_EXCLUSIONS:
                reasons.append(f"{item['sku']}: {EXCLUSIONS[item['exclusion']]}")
            if item.get("buyer_confirmed_excluded"):
                reasons.append(f"{item['sku']}: {EXCLUSIONS['buyer_confirmed_excluded']}")
        if reasons:
            return False, ["R-AFT-01"], reasons
        closes = no_reason_window_closes(delivered_at, policy, terms)
        if now >= closes:
            return False, ["R-AFT-01"], [f"the no-reason period ended at {closes.isoformat()}"]
        return True, ["R-AFT-01"], []
    if kind in QUALITY:
        if delivered_at is None:
            return False, ["R-AFT-02"], ["a quality claim needs delivered goods; ask for a refund instead"]
        ends = warranty_ends(delivered_at, terms)
        if now >= ends and now >= no_reason_window_closes(delivered_at, policy, terms):
            return False, ["R-AFT-02"], [f"the warranty ended at {ends.isoformat()}"]
        return True, ["R-AFT-02", "R-AFT-06", "R-AFT-08"], []
    return True, ["R-AFT-05", "R-AFT-06"], []  # refund_only: the merchant decides, the platform supports (R-AFT-05)


@enforces("R-AFT-03", neutral={})
def terms_problems(terms: dict, minimum: dict) -> dict[str, list[str]]:
    """R-AFT-03: published terms may be better than the platform minimum, never worse."""
    problems = {}
    if terms["response_hours"] > minimum["max_response_hours"]:
        problems["response_hours"] = [f"at most {minimum['max_response_hours']} hours (platform minimum)"]
    if terms["return_days"] < minimum["min_return_days"]:
        problems["return_days"] = [f"at least {minimum['min_return_days']} days (platform minimum, R-AFT-01)"]
    if terms["warranty_days"] < minimum["min_warranty_days"]:
        problems["warranty_days"] = [f"at least {minimum['min_warranty_days']} days (platform minimum)"]
    return problems


def due_at(kind: str, start: datetime, policy: dict, terms: dict) -> datetime:
    """When a deadline of `kind` started at `start` falls due. Hours run as hours; days as calendar days."""
    if kind == "respond":
        return start + timedelta(hours=terms["response_hours"])
    if kind == "confirm_receipt":
        return start + timedelta(hours=policy["receipt_confirm_hours"])
    days = {"refund": policy["refund_days"], "fulfil": policy["fulfil_days"], "ship_return": policy["buyer_ship_days"],
            "answer_proposal": policy["buyer_answer_days"], "answer_info": policy["buyer_answer_days"]}[kind]
    return periods.end_of_day_count(start, days)


def after_acceptance(kind: str) -> tuple[str, str]:
    """The state and deadline once the merchant (or the clock) accepts: goods come back first, or a refund is due."""
    return (AWAITING_RETURN, "ship_return") if kind in NEEDS_RETURN else (REFUND_DUE, "refund")


def after_receipt(kind: str) -> tuple[str, str]:
    return (REFUND_DUE, "refund") if kind in REFUNDS else (FULFILMENT_DUE, "fulfil")


# What a deadline passing would do if nothing enforced it: nothing happens, the request waits on.
NO_CONSEQUENCE = {"event": "no_consequence", "status": None, "next": None, "breach": False, "rule_ids": [],
                  "reason": "the deadline passed without consequence"}


@enforces("R-AFT-05", "R-AFT-07", neutral=unless_cited(NO_CONSEQUENCE, "the deadline passes without consequence"))
def on_deadline(kind: str, kind_of_request: str) -> dict:
    """What the platform does when a deadline passes (every automatic step names its rule)."""
    rule = DEADLINES[kind]["rule_id"]
    if kind == "respond":
        status, due = after_acceptance(kind_of_request)
        return {"event": "auto_approved", "status": status, "next": due, "breach": True, "rule_ids": [rule],
                "reason": "the merchant did not respond within its published response time"}
    if kind == "confirm_receipt":
        status, due = after_receipt(kind_of_request)
        return {"event": "receipt_auto_confirmed", "status": status, "next": due, "breach": True, "rule_ids": [rule],
                "reason": "the merchant did not confirm receipt of the returned goods in time"}
    if kind in ("refund", "fulfil"):
        return {"event": f"{kind}_overdue", "status": None, "next": None, "breach": True,
                "rule_ids": [rule, "R-AFT-15"], "reason": f"the {kind} deadline passed; the request is stalled and "
                "the buyer may escalate to mediation"}
    return {"event": "lapsed", "status": "lapsed", "next": None, "breach": False, "rule_ids": [rule],
            "reason": "the buyer did not act within the period"}


def stalled(request: dict, now: datetime, policy: dict) -> bool:
    """A request the buyer may escalate although it is still open: a merchant deadline was missed, or it has been
    open longer than the policy's stalled period."""
    return request["status"] in OPEN_STATUSES and (
        request.get("breaches", 0) > 0 or now - request["opened_at"] >= timedelta(days=policy["stalled_days"]))


@enforces("R-DSP-02", neutral=False, partly="a request running within its deadlines goes to mediation once it stalls")
def may_escalate(request: dict, now: datetime, policy: dict) -> bool:
    """The buyer may ask the platform to mediate once the merchant said no or the request stalled."""
    return request["status"] in ("rejected", "refused") or stalled(request, now, policy)


@enforces("R-DSP-07", neutral=unless_cited(("merchant", ["R-AFT-05"]), "the merchant keeps the deadlines"))
def deadline_owner(merchant_blacklisted: bool) -> tuple[str, list[str]]:
    """Buyers of a blacklisted merchant keep their requests; the platform takes over the deadlines
    (R-AFT-05 the platform responds, R-DSP-07 the platform acts once it knows)."""
    if merchant_blacklisted:
        return "platform", ["R-AFT-05", "R-DSP-07", "R-REP-13"]
    return "merchant", ["R-AFT-05"]


def percentile(values: list[float], p: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return quantiles(values, n=100, method="inclusive")[p - 1]


def merchant_stats(requests: list[dict], orders: int, breaches: int) -> dict:
    """R-AFT-15: a merchant's after-sale figures over a window (the requests opened in it)."""
    counted = [r for r in requests if r["status"] != "refused"]
    responded = [r for r in counted if r.get("accepted") is not None]
    response_hours = [r["first_response_seconds"] / 3600 for r in counted if r.get("first_response_seconds") is not None]
    quality = [r for r in counted if r["kind"] in QUALITY]
    return {
        "requests": len(counted),
        "refused_by_rule": len(requests) - len(counted),
        "acceptance_rate": round(sum(1 for r in responded if r["accepted"]) / len(responded), 4) if responded else None,
        "response_hours_p50": _round(percentile(response_hours, 50)),
        "response_hours_p90": _round(percentile(response_hours, 90)),
        "deadline_breaches": breaches,
        "orders": orders,
        "quality_complaint_rate": round(len(quality) / orders, 4) if orders else None,
        **survey_rules.satisfaction([r["survey"] for r in counted if r.get("survey")]),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@enforces("R-AFT-15", neutral=False)
def breach_violation_due(breaches_in_window: int, policy: dict) -> bool:
    """R-AFT-15: past the policy threshold of missed deadlines, the platform records a violation."""
    return breaches_in_window >= policy["breach_violation"]["threshold"]
