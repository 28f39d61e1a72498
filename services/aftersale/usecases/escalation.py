"""The buyer takes a rejected, refused or stalled request to mediation: the request closes here with the step, and
an event carries the request and its whole history to the dispute service."""

from tianping.lib import clock
from tianping.lib.errors import Conflict, load

from .. import contracts, rules, schemas
from . import Context, moves
from .requests import view


def escalate(ctx: Context, request_id: str, data: dict, actor: dict) -> dict:
    e = load(schemas.EscalationIn(), data)
    request = ctx.repo.request_or_404(request_id)
    who = moves.party(actor, request, "buyer")
    now = clock.now()
    if not rules.may_escalate(request.to_mongo().to_dict() | {"opened_at": clock.aware(request.opened_at)}, now,
                              ctx.policy):
        raise Conflict("only a rejected or refused request, or one that is stalled (a missed deadline, or open "
                       f"{ctx.policy['stalled_days']} days), can be escalated", {"status": [request.status]})
    previous = request.status
    moved = moves.move(ctx, request, to="escalated", event="escalated", actor=who, rule_ids=["R-DSP-01"],
                           reasons=[e["reason"]])
    ctx.publish(contracts.REQUEST_ESCALATED, {
        "request_id": moved.request_id, "order_id": moved.order_id, "buyer_id": moved.buyer_id,
        "merchant_id": moved.merchant_id, "kind": moved.kind, "previous": previous, "reason": e["reason"],
        "amount": str(moved.refund_amount) if moved.refund_amount is not None else None,
        "history": list(moved.trail), "trail": list(moved.trail), "escalated_at": now})
    return view(ctx, moved)
