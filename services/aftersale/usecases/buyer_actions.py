"""The buyer's side of a request: ship the goods back, accept or decline the merchant's proposal, answer the
merchant's question (the merchant's clock runs again), or withdraw."""

from tianping.lib.errors import load

from .. import rules, schemas
from . import Context, moves
from .requests import view


def act(ctx: Context, request_id: str, data: dict, actor: dict) -> dict:
    a = load(schemas.BuyerActionIn(), data)
    request = ctx.repo.request_or_404(request_id)
    who = moves.party(actor, request, "buyer")
    action = a["action"]
    if action == "ship_return":
        moves.require_status(request, rules.AWAITING_RETURN)
        moved = moves.move(ctx, request, to=rules.RETURN_IN_TRANSIT, event="return_shipped", actor=who,
                               rule_ids=["R-AFT-01"], next_deadline="confirm_receipt",
                               sets={"tracking": {"number": a["tracking_number"], "carrier": a["carrier"]}})
    elif action == "accept_proposal":
        moves.require_status(request, rules.AWAITING_BUYER_DECISION)
        if request.proposal.get("kind") == "partial_refund":
            moved = moves.move(ctx, request, to=rules.REFUND_DUE, event="proposal_accepted", actor=who,
                                   rule_ids=["R-AFT-05", "R-AFT-06"], next_deadline="refund",
                                   sets={"refund_amount": request.proposal["amount"], "accepted": True})
        else:  # a repair: the goods come back first, then the repaired goods go out
            moved = moves.move(ctx, request, to=rules.AWAITING_RETURN, event="proposal_accepted", actor=who,
                                   rule_ids=["R-AFT-05", "R-AFT-06"], next_deadline="ship_return",
                                   sets={"kind": "repair", "accepted": True})
    elif action == "decline_proposal":
        moves.require_status(request, rules.AWAITING_BUYER_DECISION)
        moved = moves.move(ctx, request, to=rules.AWAITING_MERCHANT, event="proposal_declined", actor=who,
                               rule_ids=["R-AFT-05"], reasons=[a["message"]], next_deadline="respond")
    elif action == "reply":
        moves.require_status(request, rules.AWAITING_BUYER_INFO)
        ctx.deadlines.resume(request.paused_key, "the buyer answered")
        resumed = ctx.deadlines.get(request.paused_key)
        moved = moves.move(ctx, request, to=rules.AWAITING_MERCHANT, event="info_provided", actor=who,
                               rule_ids=["R-AFT-05"], reasons=[a["message"]],
                               sets={"due_key": request.paused_key, "due_kind": "respond",
                                     "due_at": resumed["due_at"], "paused_key": None})
    else:
        moves.require_status(request, *rules.OPEN_STATUSES)
        moved = moves.move(ctx, request, to="withdrawn", event="withdrawn", actor=who, rule_ids=["R-AFT-05"],
                               reasons=[a["message"]])
    return view(ctx, moved)
