"""What the platform does when a mediation deadline passes (the sweeper's handler): a merchant who never answers
loses by default (and advance compensation opens, it could not be reached); the evidence period closes into
mediation; a side silent on a proposal is taken to accept it; a decided amount unpaid opens advance compensation.
A deadline the case has moved past fires as "not_applicable"."""

from tianping.lib.errors import Conflict
from tianping.lib.trail import step
from tianping.platform import lifecycle, sweeper

from .. import rules
from . import Context, mediation, moves


def sweep(ctx: Context) -> dict:
    return sweeper.sweep(ctx, fire)


def fire(ctx: Context, deadline: dict) -> str:
    case = ctx.repo.case(deadline["subject"])
    if not lifecycle.applies(case, deadline):
        return "not_applicable"
    action = rules.on_deadline(deadline["kind"])
    cause = f"deadline:{deadline['_id']}"
    try:
        if deadline["kind"] == "merchant_response":
            moves.close(ctx, case, action["outcome"], "dispute", action["rule_ids"], [action["reason"]], cause=cause,
                        flags=["merchant_unreachable"])
        elif deadline["kind"] == "evidence":
            moves.move(ctx, case, to=action["status"], event=action["event"], actor="dispute",
                       rule_ids=action["rule_ids"], reasons=[action["reason"]], cause=cause)
        elif deadline["kind"] == "answer":  # deemed only while this answer clock still runs (R-DSP-10)
            running = {"due_key": deadline["_id"]}
            if not ctx.repo.append_step(case.case_id, step(action["event"], "dispute", action["rule_ids"],
                                                           [action["reason"]], cause), require=running):
                return "not_applicable"
            mediation.settle_answers(ctx, ctx.repo.case_or_404(case.case_id), "dispute", deemed=True, require=running)
        else:  # payment missed: only while its clock runs, a payment reported meanwhile stands (R-DSP-06)
            moves.move(ctx, case, to=rules.RESOLVED, event=action["event"], actor="dispute",
                       rule_ids=action["rule_ids"], reasons=[action["reason"]], cause=cause,
                       require={"due_key": deadline["_id"], "paid_by_merchant": None},
                       sets={"advance_compensation_available": True,
                             "flags": sorted(set(case.flags) | {"merchant_refused_payment"})})
    except Conflict:  # a party acted in the same instant: its action stands
        return "not_applicable"
    return action["event"]
