"""The merchant's side of a request (or the platform's, for a blacklisted merchant or an operator acting on its
behalf): accept, reject with a reason, propose a repair or a partial refund, ask the buyer for information
(the merchant's clock stops meanwhile), confirm receipt of the returned goods, report the refund or the fulfilment."""


from tianping.lib import clock
from tianping.lib.errors import Conflict, load

from .. import contracts, order_rules, rules, schemas
from . import Context, moves, request_money
from .requests import view


def respond(ctx: Context, request_id: str, data: dict, actor: dict) -> dict:
    """The move and what it does to the money, audited in one append (ctx.audit_together). Exactly once by the
    request's key without a command log (service.respond is a keyed command): the move records the key in its own
    conditional update, so a redelivery finds it on the request it reads anyway and answers with the request, and a
    delivery that lost the race to its twin finds it after the refusal — no claim and completion around each answer."""
    a = load(schemas.ResponseIn(), data)
    with ctx.audit_together():
        try:
            return _respond(ctx, request_id, a, actor)
        except Conflict:
            answered = ctx.repo.request(request_id) if ctx.request_key else None
            if answered is None or ctx.request_key not in answered.answer_keys:
                raise
            request_money.reported_refund_paid(ctx, answered)
            return view(ctx, answered)


def _respond(ctx: Context, request_id: str, a: dict, actor: dict) -> dict:
    request = ctx.repo.request_or_404(request_id)
    who = moves.party(actor, request, "merchant")
    if ctx.request_key and ctx.request_key in request.answer_keys:  # a redelivery: this answer was applied
        request_money.reported_refund_paid(ctx, request)  # and its payout, had a crash come between
        return view(ctx, request)
    action = a["action"]
    if action in ("accept", "reject", "propose_repair", "propose_partial_refund", "request_info"):
        moves.require_status(request, rules.AWAITING_MERCHANT)
        first = _first_response(request)
        if action == "accept":
            to, due = rules.after_acceptance(request.kind)
            moved = _move(ctx, request, to=to, event="accepted", actor=who, rule_ids=["R-AFT-05", "R-AFT-06"],
                              next_deadline=due, sets={"accepted": True, **first})
            _admitted_mismatch(ctx, moved)
        elif action == "reject":
            moved = _move(ctx, request, to="rejected", event="rejected", actor=who, rule_ids=["R-AFT-05"],
                              reasons=[a["reason"]], sets={"accepted": False, **first})
            moves.signal(ctx, moved, "aftersale_rejected")
        elif action == "request_info":
            # The merchant's response clock stops while the request waits on the buyer (resumed on the reply).
            ctx.deadlines.pause(request.due_key, "waiting on the buyer")
            moved = _move(ctx, request, to=rules.AWAITING_BUYER_INFO, event="info_requested", actor=who,
                              rule_ids=["R-AFT-05"], reasons=[a["reason"]], next_deadline="answer_info",
                              sets={"paused_key": request.due_key, **first}, keep_old=True)
        else:
            moved = _propose(ctx, request, a, who, first)
        if first:
            moves.signal(ctx, moved, "aftersale_response", round(first["first_response_seconds"] / 3600, 3))
        return view(ctx, moved)
    if action == "confirm_receipt":
        moves.require_status(request, rules.RETURN_IN_TRANSIT)
        to, due = rules.after_receipt(request.kind)
        return view(ctx, _move(ctx, request, to=to, event="receipt_confirmed", actor=who,
                                   rule_ids=["R-AFT-07"], next_deadline=due))
    if action == "refunded":
        moves.require_status(request, rules.REFUND_DUE)
        return view(ctx, _move(ctx, request, to="completed", event="refunded", actor=who,
                                   rule_ids=["R-AFT-06"], reasons=[f"reference {a['reference']}"]))
    moves.require_status(request, rules.FULFILMENT_DUE)  # fulfilled: repaired or replacement shipped
    return view(ctx, _move(ctx, request, to="completed", event="fulfilled", actor=who, rule_ids=["R-AFT-07"],
                               reasons=[f"shipment {a['reference']}"]))


def _move(ctx: Context, request, **how):
    """A merchant's move, its request key recorded with it (a redelivery of the answer finds the key there)."""
    return moves.move(ctx, request, answer_key=ctx.request_key, **how)


def _admitted_mismatch(ctx: Context, request) -> None:
    """R-AFT-08: an accepted claim that live-sold goods differ from those shown is reported against the sellers."""
    if not request.not_as_shown:  # no claim of a mismatch: nothing to report, the order is not read
        return
    order = ctx.repo.order_or_404(request.order_id)
    plain = {"request_id": request.request_id, "merchant_id": request.merchant_id, "not_as_shown": request.not_as_shown}
    for finding in order_rules.mismatch_findings(plain, {"order_id": order.order_id, "room_id": order.room_id,
                                                         "host_id": order.host_id}):
        ctx.publish(contracts.VIOLATION_DETECTED, finding)


def _first_response(request) -> dict:
    if request.first_response_seconds is not None:
        return {}
    return {"first_response_seconds": (clock.now() - clock.aware(request.opened_at)).total_seconds()}


def _propose(ctx: Context, request, a: dict, who: str, first: dict):
    if a["action"] == "propose_partial_refund":
        request_money.check_proposal(ctx, request, a["amount"])  # what the lines paid and still have left
        proposal = {"kind": "partial_refund", "amount": str(a["amount"]), "note": a["reason"]}
    else:
        proposal = {"kind": "repair", "note": a["reason"]}
    return _move(ctx, request, to=rules.AWAITING_BUYER_DECISION, event=f"proposed_{proposal['kind']}",
                     actor=who, rule_ids=["R-AFT-05"], reasons=[a["reason"]], next_deadline="answer_proposal",
                     sets={"proposal": proposal, **first})
