"""Mediation (R-DSP-02, R-DSP-04): the mediator proposes an outcome and each side accepts or rejects; the mediator
resolves; the buyer may withdraw or take the case outside the platform (R-DSP-03: regulator, arbitration, court,
recorded with its reference); the merchant reports paying what was decided."""

import uuid

from tianping.lib import clock
from tianping.lib.errors import Conflict, Forbidden, load
from tianping.lib.schemas import jsonable
from tianping.lib.trail import step

from .. import rules, schemas
from . import Context, money, moves
from .cases import view


def _mediator(actor: dict) -> None:
    if not actor.get("platform"):
        raise Forbidden("only a mediator proposes and resolves", {"actor": ["not a mediator"]})


def propose(ctx: Context, case_id: str, data: dict, actor: dict) -> dict:
    p = load(schemas.ProposalIn(), data)
    _mediator(actor)
    case = ctx.repo.case_or_404(case_id)
    moves.require_step(case, "propose")
    if p["amount"] is not None:  # never above the claim nor what remains refundable on the order
        money.check(ctx, case, p["amount"])
    proposal = {"proposal_id": uuid.uuid4().hex[:12], "outcome": p["outcome"], "reasoning": p["reasoning"],
                "amount": None if p["amount"] is None else f"{p['amount']:.2f}", "by": actor["id"], "at": clock.now()}
    case = moves.move(ctx, case, to=rules.MEDIATION, event="proposed", actor=moves.name(actor),
                      rule_ids=["R-DSP-04"], reasons=[p["reasoning"]], next_deadline="answer",
                      sets={"proposal": proposal, "answers": {}},  # from mediation too: once per proposal read
                      require={"proposal.proposal_id": (case.proposal or {}).get("proposal_id")})
    return view(ctx, case)


def answer(ctx: Context, case_id: str, data: dict, actor: dict) -> dict:
    a = load(schemas.AnswerIn(), data)
    case = ctx.repo.case_or_404(case_id)
    side = moves.party(actor, case)
    moves.require_step(case, "answer_proposal")
    if side == "platform" or not case.proposal:
        raise Conflict("the buyer and the merchant answer a proposal", {"proposal": ["none to answer"]})
    verdict = "accepted" if a["accept"] else "rejected"
    if not ctx.repo.record_answer(case_id, case.proposal["proposal_id"], side, verdict,
                                  step(f"proposal_{verdict}_by_{side}", actor["id"], ["R-DSP-04"],
                                       [a["comment"]])):
        raise Conflict("this side has answered this proposal already", {"proposal": ["answered"]})
    return view(ctx, settle_answers(ctx, ctx.repo.case_or_404(case_id), actor["id"]))


def settle_answers(ctx: Context, case, actor: str, deemed: bool = False, require: dict | None = None):
    """Both accepted (or a silent side deemed to accept): resolved as proposed. A rejection: back to the mediator
    without a proposal, the answer clock stopped. A case already moved on (the other side's answer closed it between
    this side's answer and its read) is left as it stands: it is closed once. Either move holds only while the
    proposal read is still the case's (and `require`, e.g. the answer clock that deems): a proposal fails once."""
    if case.status != rules.MEDIATION or not case.proposal:
        return case
    standing = rules.proposal_standing(case.answers or {}, deemed)
    require = {**(require or {}), "proposal.proposal_id": case.proposal["proposal_id"]}
    try:
        if standing == "failed":
            return moves.move(ctx, case, to=rules.MEDIATION, event="proposal_failed", actor=actor,
                              rule_ids=["R-DSP-04"], sets={"proposal": {}, "answers": {}}, require=require)
        if standing == "binding":
            p = case.proposal
            return moves.close(ctx, case, p["outcome"], actor, ["R-DSP-01", "R-DSP-04"], [p["reasoning"]],
                               p["amount"], require=require)
    except Conflict:  # the other side's answer (or the clock) settled it in the same instant: that stands
        if deemed:
            raise
        fresh = ctx.repo.case_or_404(case.case_id)
        if fresh.status == rules.MEDIATION and fresh.proposal.get("proposal_id") == case.proposal["proposal_id"]:
            raise
        return fresh
    return case


def resolve(ctx: Context, case_id: str, data: dict, actor: dict) -> dict:
    r = load(schemas.ResolutionIn(), data)
    _mediator(actor)
    case = ctx.repo.case_or_404(case_id)
    moves.require_step(case, "resolve")
    return view(ctx, moves.close(ctx, case, r["outcome"], moves.name(actor), ["R-DSP-01", "R-DSP-04"],
                                 [r["reasoning"]], r["amount"], strict=True))


def withdraw(ctx: Context, case_id: str, actor: dict) -> dict:
    case = ctx.repo.case_or_404(case_id)
    if moves.party(actor, case) != "buyer":
        raise Forbidden("only the buyer withdraws its case", {"case_id": ["not the buyer"]})
    moves.require_step(case, "withdraw")
    return view(ctx, moves.close(ctx, case, "withdrawn", actor["id"], ["R-DSP-02"], ["withdrawn by the buyer"]))


def take_outside(ctx: Context, case_id: str, data: dict, actor: dict) -> dict:
    x = load(schemas.ExternalIn(), data)
    case = ctx.repo.case_or_404(case_id)
    if moves.party(actor, case) == "merchant":
        raise Forbidden("the buyer (or a mediator for it) takes a case outside", {"case_id": ["not the buyer"]})
    moves.require_step(case, "take_outside")
    supplied = rules.records_for_consumer(jsonable(case.to_mongo().to_dict()))  # R-DSP-03: the platform assists
    x = {**x, "records_supplied": supplied, "records_supplied_to": case.consumer_id if supplied else None}
    case = moves.move(ctx, case, to=rules.ESCALATED_EXTERNAL, event=f"external_{x['route']}", actor=moves.name(actor),
                      rule_ids=["R-DSP-03"], reasons=[x["reference"]], unset=["open_order"],
                      sets={"external": {**x, "at": clock.now()}, "resolved_at": clock.now()})
    ctx.repo.count_day(clock.local_now().date().isoformat(), {"escalated_external": 1})
    return view(ctx, case)


def report_payment(ctx: Context, case_id: str, data: dict, actor: dict) -> dict:
    p = load(schemas.PaymentIn(), data)
    case = ctx.repo.case_or_404(case_id)
    if moves.party(actor, case) == "buyer":
        raise Forbidden("the merchant reports its payment", {"case_id": ["not the merchant"]})
    moves.require_step(case, "report_payment")
    if case.decided_amount is None or case.paid_by_merchant:
        raise Conflict("nothing is owed on this case", {"decided_amount": [case.decided_amount or "none"]})
    money.ensure_promise(ctx, case, moves.name(actor))
    paid = ctx.money(money.entry(case, "merchant_paid", f"{money.source(case)}:merchant_paid", None, moves.name(actor),
                          f"payment {p['reference']}", ["R-DSP-06"]))  # all the promise still owes
    try:  # resolved -> resolved, once: only while no payment is recorded on the case (R-DSP-06)
        case = moves.move(ctx, case, to=rules.RESOLVED, event="merchant_paid", actor=moves.name(actor),
                          rule_ids=["R-DSP-06"], reasons=[p["reference"]], require={"paid_by_merchant": None},
                          sets={"paid_by_merchant": p["reference"], "merchant_paid_amount": paid["amount"]})
    except Conflict:
        raise Conflict("the payment on this case is reported already", {"paid_by_merchant": ["reported"]}) from None
    return view(ctx, case)
