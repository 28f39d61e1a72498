"""The published complaint and dispute procedure (R-DSP-09) and the transaction record a case is handled on
(R-DSP-14), pure. The procedure: each step, who takes it, from which states of a
case, and the time limit the policy in force gives it. The same table decides every move of a case (a step the
procedure does not allow from the case's state is refused) and is served to anyone as the procedure."""

from tianping.lib.enforcement import enforces

from .rules import AWAITING_MERCHANT, EVIDENCE, MEDIATION, OPEN_STATUSES, RESOLVED

ORDER_FIELDS = ("order_id", "consumer_id", "merchant_id", "host_id", "room_id", "items", "total_amount", "currency",
                "paid_at", "shipped_at", "delivered_at", "receipt", "history")

# action: (who takes it, the states it may follow, the policy key of its time limit or None, what it is)
STEPS = {
    "submit_evidence": ("buyer or merchant", (AWAITING_MERCHANT, EVIDENCE), "evidence_days",
                        "the merchant answers the claim with its evidence within merchant_response_days; then both "
                        "sides add evidence until the evidence period ends"),
    "propose": ("mediator", (EVIDENCE, MEDIATION), "answer_days",
                "once the evidence is in, the mediator proposes a settlement; each side answers within answer_days"),
    "answer_proposal": ("buyer and merchant", (MEDIATION,), "answer_days",
                        "each side accepts or rejects the proposal; silence accepts it"),
    "resolve": ("mediator", OPEN_STATUSES, "resolve_within_days",
                "the mediator decides the case with reasons, within resolve_within_days of its opening"),
    "withdraw": ("buyer", OPEN_STATUSES, None, "the buyer may withdraw an open case"),
    "take_outside": ("buyer", OPEN_STATUSES, None,
                     "the buyer may take an open case to the regulator, arbitration or a court; the platform "
                     "supplies the case's records"),
    "report_payment": ("merchant", (RESOLVED,), "payment_days",
                       "the merchant pays what was decided within payment_days"),
    "advance_compensation": ("platform", (RESOLVED,), None,
                             "the platform compensates in advance when the merchant cannot be reached, refuses or "
                             "is blacklisted"),
}


@enforces("R-DSP-09", neutral=True)
def allows(action: str, status: str) -> bool:
    """R-DSP-09: disputes are handled under the published procedure: may `action` follow a case in `status`?"""
    return status in STEPS[action][1]


def published(policy: dict) -> dict:
    """The procedure as published: its version (the policy's), each step with its time limit in days."""
    return {"version": policy["version"], "rule_ids": ["R-DSP-09", "R-DSP-10"],
            "steps": [{"action": action, "by": by, "after": list(after), "description": text,
                       "time_limit_days": policy[limit] if limit else None}
                      for action, (by, after, limit, text) in STEPS.items()]}


@enforces("R-DSP-14", neutral=None)
def transaction_record(case: dict, order: dict | None) -> dict | None:
    """R-DSP-14: the livestream transaction's record, retrieved for mediation and complaint handling: the order as
    the order system recorded it (parties, items, amounts, times, receipt, its history), the live room and host it
    was sold by, the recordings of the livestream attached to the case, the after-sale history and the case's own;
    `missing` names what a complete record of this case lacks."""
    recordings = [{"sha256": f["sha256"], "name": f.get("name"), "side": e["side"], "at": e["at"]}
                  for e in case["evidence"] for f in e["files"] if f.get("kind") == "livestream_recording"]
    room = (order or {}).get("room_id") or case.get("room_id")
    missing = ["order"] * (order is None) + ["livestream_recording"] * bool(room and not recordings)
    return {"case_id": case["case_id"], "order": {k: order.get(k) for k in ORDER_FIELDS} if order else None,
            "room_id": room, "host_id": (order or {}).get("host_id"), "recordings": recordings,
            "aftersale_history": case.get("aftersale_history", []), "trail": case["trail"], "missing": missing,
            "rule_ids": ["R-DSP-14", "R-XC-01"]}
