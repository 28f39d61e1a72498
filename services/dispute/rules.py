"""Mediation rules (pure): the states of a case, what each deadline does when it passes, who may be compensated in
advance and how much, and the public statistics from their maintained daily aggregate."""

from datetime import datetime

from tianping.lib import periods
from tianping.lib.enforcement import enforces, unless_cited

# States. Open ones have a running deadline or wait for the mediator; closed ones are final.
AWAITING_MERCHANT = "awaiting_merchant"     # the merchant must answer the buyer's claim
EVIDENCE = "evidence"                       # both sides add evidence until the evidence deadline
MEDIATION = "mediation"                     # the mediator proposes; each side accepts or rejects
RESOLVED = "resolved"
ESCALATED_EXTERNAL = "escalated_external"   # complaint to the regulator, arbitration, court (R-DSP-03)
OPEN_STATUSES = (AWAITING_MERCHANT, EVIDENCE, MEDIATION)
CLOSED_STATUSES = (RESOLVED, ESCALATED_EXTERNAL)
OUTCOMES = ("buyer_favoured", "merchant_favoured", "partial_refund", "withdrawn")
AGAINST_MERCHANT = ("buyer_favoured", "partial_refund")
EXTERNAL_ROUTES = ("market_regulator", "arbitration", "court")
MERCHANT_BLACKLISTED = "merchant_blacklisted"
# What an evidence file is. R-DSP-15: electronic receipts, a jewelry order's packing video and recorded consent to a
# made-to-order deviation are evidence; R-DSP-13: the recording of the livestream an order was sold in.
RECORD_KINDS = ("livestream_recording", "electronic_receipt", "packing_video", "deviation_consent")
GENERIC_KINDS = ("photo", "chat_log", "logistics_record", "lab_report", "other")
EVIDENCE_KINDS = RECORD_KINDS + GENERIC_KINDS

DEADLINES = {
    "merchant_response": {"rule_id": "R-DSP-10", "days": "merchant_response_days"},
    "evidence": {"rule_id": "R-DSP-10", "days": "evidence_days"},
    "answer": {"rule_id": "R-DSP-10", "days": "answer_days"},
    "payment": {"rule_id": "R-DSP-06", "days": "payment_days"},
}

# Hours-to-resolution histogram bounds of the daily aggregate (the public median and p90 are bucket upper bounds).
HOUR_BUCKETS = (1, 4, 12, 24, 48, 72, 120, 168, 240, 336, 480, 720)


def due_at(kind: str, start: datetime, policy: dict) -> datetime:
    """Mediation deadlines run in calendar days in the platform's time zone, ending at local midnight."""
    return periods.end_of_day_count(start, policy[DEADLINES[kind]["days"]])


# What a mediation deadline passing would do if nothing enforced it: the case waits on, nobody is held to it.
NO_CONSEQUENCE = {"event": "no_consequence", "rule_ids": [], "reason": "the deadline passed without consequence"}


@enforces("R-DSP-10", neutral=unless_cited(NO_CONSEQUENCE, "the deadline passes without consequence"))
def on_deadline(kind: str) -> dict:
    """What the platform does when a mediation deadline passes (R-DSP-10: deadlines with consequences)."""
    if kind == "merchant_response":
        return {"event": "merchant_defaulted", "outcome": "buyer_favoured", "rule_ids": ["R-DSP-10", "R-DSP-05"],
                "reason": "the merchant did not answer the claim in time and loses by default; advance compensation "
                          "opens (the merchant could not be reached)"}
    if kind == "evidence":
        return {"event": "evidence_closed", "status": MEDIATION, "rule_ids": ["R-DSP-10"],
                "reason": "the evidence period ended; the case goes to the mediator"}
    if kind == "answer":
        return {"event": "proposal_deemed_accepted", "rule_ids": ["R-DSP-10", "R-DSP-04"],
                "reason": "a side that does not answer the mediator's proposal in time is taken to accept it"}
    return {"event": "payment_missed", "rule_ids": ["R-DSP-06"],
            "reason": "the merchant did not pay the decided amount in time; the platform may compensate in advance"}


@enforces("R-DSP-15", neutral=GENERIC_KINDS)
def attachable_kinds() -> tuple[str, ...]:
    """R-DSP-15: the kinds of file either side may attach to a case, the platform's records among them."""
    return EVIDENCE_KINDS


@enforces("R-DSP-13", neutral=None)
def livestream_evidence_missing(room_id: str | None, answering: bool, kinds: list[str]) -> str | None:
    """R-DSP-13: a merchant answering a claim on an order sold in a live room provides traceable evidence of the
    livestream (its recording); what is wrong, or None."""
    if room_id and answering and "livestream_recording" not in kinds:
        return f"the order was sold in live room {room_id}: the answer must include the livestream's recording"
    return None


@enforces("R-DSP-03", neutral=None)
def records_for_consumer(case: dict) -> dict | None:
    """R-DSP-03: what the platform supplies a buyer who takes a case to the regulator, arbitration or a court: the
    order and claim, every piece of evidence (side, time, text, files by hash and kind), the after-sale history and
    the case's trail, as recorded."""
    return {"order_id": case["order_id"], "claim": case["claim"], "amount_claimed": case["amount_claimed"],
            "evidence": [{"side": e["side"], "at": e["at"], "text": e.get("text", ""),
                          "files": [{"sha256": f["sha256"], "kind": f.get("kind", "other")} for f in e["files"]]}
                         for e in case["evidence"]],
            "aftersale_history": case["aftersale_history"],
            "trail": [{"event": s["event"], "actor": s.get("actor"), "at": s["at"]} for s in case["trail"]]}


@enforces("R-DSP-05", neutral=None)
def disclosable_identity(identity: dict | None) -> dict | None:
    """R-DSP-05: the merchant's true name with its address or contact, as the buyer is given them; None when the
    platform cannot give them (the buyer may then claim from the platform)."""
    if not (identity and identity.get("real_name") and (identity.get("address") or identity.get("contact_phone"))):
        return None
    return {"real_name": identity["real_name"], "address": identity.get("address"),
            "contact": identity.get("contact_phone")}


def decided_amount(outcome: str, claimed: str | None, proposed: str | None) -> str | None:
    """What the buyer is owed: the claim when the buyer is favoured, the mediator's amount for a partial refund."""
    if outcome == "buyer_favoured":
        return claimed
    if outcome == "partial_refund":
        return proposed
    return None


@enforces("R-DSP-01", neutral="no_fault", partly="telling users about the mechanism when the service is provided is "
                                               "not checked here")
def fault(outcome: str) -> str:
    """R-DSP-01: the party a case's outcome holds responsible, recorded on the merchant's credit (the credit score's
    dispute component counts merchant-fault cases)."""
    return "merchant_fault" if outcome in AGAINST_MERCHANT else ("consumer_fault" if outcome == "merchant_favoured"
                                                                 else "no_fault")


@enforces("R-DSP-04", neutral="binding", partly="the mediator's professionalism and impartiality are not checked; "
                                              "only that a proposal binds both sides alike")
def proposal_standing(answers: dict, deemed: bool = False) -> str:
    """R-DSP-04: a mediator's proposal binds only when both sides accept it (a side silent past the answer deadline is
    deemed to): 'failed' when either rejects, 'binding' when both accepted, else 'open'."""
    if "rejected" in answers.values():
        return "failed"
    if deemed or (answers.get("buyer") == "accepted" and answers.get("merchant") == "accepted"):
        return "binding"
    return "open"


def hour_bucket(hours: float) -> str:
    for bound in HOUR_BUCKETS:
        if hours <= bound:
            return str(bound)
    return "inf"


def bucket_percentile(counts: dict[str, int], p: float) -> float | None:
    """The upper bound of the bucket holding the p-th percentile (None for no cases; inf beyond the last bound)."""
    total = sum(counts.values())
    if not total:
        return None
    running = 0
    for bound in [*map(str, HOUR_BUCKETS), "inf"]:
        running += counts.get(bound, 0)
        if running >= p / 100 * total:
            return float(bound)
    return float("inf")


@enforces("R-DSP-06", "R-DSP-07", neutral=unless_cited((False, []), "no protection"))
def protection_on_blacklist(action: str) -> tuple[bool, list[str]]:
    """A blacklisted merchant's open cases are flagged and advance compensation becomes available
    (R-DSP-06, R-DSP-07); a lift keeps what buyers were already offered."""
    if action == "add":
        return True, ["R-DSP-06", "R-DSP-07", "R-REP-13"]
    return False, []
