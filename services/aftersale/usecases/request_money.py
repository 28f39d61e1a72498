"""What a request does to its order's money. Opening a refund-type request claims its lines (one open refund-type
request per line, refused once the lines were refunded in full); a refund falling due promises the lines' money (all
that is left, or the accepted partial amount — refused above what remains); the merchant's reported refund pays the
promise out once its move to completed won (never before: a report losing to an escalation pays nothing); a request that closes any other way hands its unpaid promise back and frees its lines."""

from tianping.lib.errors import RefundedInFull, RequestOpen

from .. import ledger_rules as lr
from .. import models, rules
from . import Context, money


def source(request: models.Request) -> str:
    return f"request:{request.request_id}"


def claim_lines(ctx: Context, request: models.Request, order: models.Order | None = None) -> None:
    """Atomically claim the request's lines (a conditional update on the order's ledger, not read-then-write)."""
    if request.kind not in rules.REFUNDS:
        return
    if order is not None:  # the order in hand: its ledger opened (most are, by a request) or read in one round trip
        doc = ctx.repo.open_money(_claimed(money.new_ledger(order), request))
    else:
        doc = money.ledger(ctx, request.order_id)
    request.claimed_lefts = {k: doc["lines"][k]["left"] for k in money.line_keys(doc, request.skus)}
    if order is not None and _holds(doc, request):  # opened now with the lines claimed by it: nothing more to write
        return
    keys = _claimable(doc, request)
    if keys and ctx.repo.claim_lines(request.order_id, keys, request.request_id):
        return
    doc = ctx.repo.money(request.order_id)
    holders = sorted({doc["lines"][k]["open_request"] for k in keys} - {None})
    if holders:
        raise RequestOpen(f"request {holders[0]} is already open on these order lines; one refund-type request per "
                          "line at a time", {"request_id": holders, "skus": _skus(doc, keys)})
    raise RefundedInFull(f"order {request.order_id} was refunded in full on these lines (paid "
                         f"{lr.text(doc['paid'])}, refundable {lr.text(money.refundable(doc, request.skus))})",
                         {"skus": _skus(doc, keys) or ["all"]})


def _claimable(doc: dict, request: models.Request) -> list[str]:
    """The lines the request claims: the named skus', or the whole order's that still have money left."""
    keys = money.line_keys(doc, request.skus)
    return keys if request.skus else [k for k in keys if doc["lines"][k]["left"] > 0]


def _held(request: models.Request) -> list[str] | None:
    """The lines the request claimed, from what they had left when it claimed them (None: opened before that was
    kept, or not a refund-type request)."""
    if not request.claimed_lefts:
        return None
    lefts = request.claimed_lefts
    return list(lefts) if request.skus else [k for k, left in lefts.items() if left > 0]


def _claimed(ledger: dict, request: models.Request) -> dict:
    """A new ledger as it stands once the request claimed its lines (inserted so, when the order had none yet)."""
    for key in _claimable(ledger, request):
        ledger["lines"][key]["open_request"] = request.request_id
    return ledger


def _holds(doc: dict, request: models.Request) -> bool:
    keys = _claimable(doc, request)
    return bool(keys) and all(doc["lines"][k]["open_request"] == request.request_id for k in keys)


def _skus(doc: dict, keys) -> list[str]:
    return [doc["lines"][k]["sku"] or "rest" for k in keys]


def check_proposal(ctx: Context, request: models.Request, amount) -> None:
    """A partial refund the merchant proposes is capped by what the lines actually paid and still have left."""
    doc = money.ledger(ctx, request.order_id)
    ceiling = money.refundable(doc, request.skus)
    if lr.cents(amount) > ceiling:
        raise money.exceeds(doc, lr.cents(amount), ceiling, "what remains refundable on these lines")


def promises(request: models.Request, to: str) -> bool:
    """Does this move promise the buyer money first (a refund falling due, or reported as paid)?"""
    return to == rules.REFUND_DUE or (to == "completed" and request.status == rules.REFUND_DUE)


def promise_id(request: models.Request) -> str:
    """The entry id of the promise a move of the request in its present state makes."""
    return f"{source(request)}:promise:{len(request.trail)}"


def payout_id(request: models.Request) -> str:
    return f"{source(request)}:refunded"


def before_move(ctx: Context, request: models.Request, to: str, sets: dict, actor: str) -> None:
    """A refund falling due is promised first (the transition follows only if the money is there)."""
    if promises(request, to):
        partial = sets.get("refund_amount", request.refund_amount if to == "completed" else None)
        # the lines' money as the request found it when it claimed them: the promise's first guess (one conditional
        # update, no read, while it still holds; a refund promised already is read, as before)
        guess = request.claimed_lefts if to == rules.REFUND_DUE and request.status != rules.REFUND_DUE else None
        entry = money.promise(ctx, request.order_id, promise_id(request), source(request),
                              "refund_due" if partial is None else "partial_refund",
                              None if partial is None else lr.cents(partial), request.skus, actor=actor,
                              rule_ids=["R-AFT-06"], reason=f"request {request.request_id} ({request.kind})",
                              guess=guess)
        sets["refund_amount"] = lr.text(entry["cents"])


def pay_refund(ctx: Context, request: models.Request, actor: str) -> None:
    """The reported refund paid out of the request's promise: only once the move to completed won (a report that lost
    to an escalation pays nothing, its promise released by the move that won), once by its entry id — so a
    redelivered report pays what a crash after the move left unpaid, and never twice."""
    money.pay(ctx, request.order_id, payout_id(request), source(request), "refunded", None,
              actor=actor, rule_ids=["R-AFT-06"], reason=f"refund of request {request.request_id}")


def reported_refund_paid(ctx: Context, request: models.Request) -> None:
    """A redelivered refund report finding its move applied: the payout that move made owed (a no-op once paid)."""
    reported = next((s for s in request.trail if s.event == "refunded"), None)
    if request.status == "completed" and reported is not None:
        pay_refund(ctx, request, reported.actor)


def after_move(ctx: Context, request: models.Request, to: str, actor: str, previous: str) -> None:
    if to == "completed" and previous == rules.REFUND_DUE:  # the move won: the payout follows it (R-AFT-06)
        pay_refund(ctx, request, actor)
    if to in rules.CLOSED_STATUSES:
        if to != "completed":
            money.release(ctx, request.order_id, f"{source(request)}:release:{len(request.trail)}", source(request),
                          actor=actor, rule_ids=["R-AFT-06"], reason=f"request {request.request_id} {to}")
        if request.kind in rules.REFUNDS:  # only a refund-type request claims lines (claim_lines)
            ctx.repo.free_lines(request.order_id, request.request_id, _held(request))


def after_failed_move(ctx: Context, request: models.Request, to: str, actor: str) -> None:
    """The transition lost a race: a promise made for it (falling due, or completing a refund due) goes back unless
    the request is where it needs it."""
    if to != rules.REFUND_DUE and not (to == "completed" and request.status == rules.REFUND_DUE):
        return
    now = ctx.repo.request(request.request_id)
    if now is None or now.status not in (rules.REFUND_DUE, "completed"):
        money.release(ctx, request.order_id, f"{source(request)}:release:{len(request.trail)}", source(request),
                      actor=actor, rule_ids=["R-AFT-06"], reason="the refund did not fall due")

