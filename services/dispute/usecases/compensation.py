"""Advance compensation (R-DSP-05, R-DSP-06): when the merchant cannot be reached, refuses the decided refund, or is
blacklisted, the platform pays the buyer first — a ledger entry, never more than the decided amount in total — and
opens a recovery claim against the merchant, tracked until recovered or written off."""

import uuid

from tianping.infra import metrics
from tianping.lib import clock, paging
from tianping.lib.errors import Conflict, ValidationFailed, load
from tianping.lib.trail import step

from .. import models, schemas
from . import Context, money, moves


def advance(ctx: Context, case_id: str, data: dict, actor: dict) -> dict:
    c = load(schemas.CompensationIn(), data)
    case = ctx.repo.case_or_404(case_id)
    moves.require_step(case, "advance_compensation")
    if not case.advance_compensation_available:
        raise Conflict("advance compensation needs an unreachable, refusing or blacklisted merchant (R-DSP-06)",
                       {"advance_compensation_available": ["false"]})
    if case.decided_amount is None:
        raise Conflict("nothing was decided in the buyer's favour", {"decided_amount": ["none"]})
    if case.paid_by_merchant:
        raise Conflict("the merchant has paid", {"paid_by_merchant": [case.paid_by_merchant]})
    amount = f"{c['amount']:.2f}"
    compensation_id = f"cmp_{uuid.uuid4().hex[:16]}"
    # The ledger first: one conditional update against what the decision still owes (never above it, nor above what
    # the order paid, whatever runs concurrently); the case's total is its mirror.
    money.ensure_promise(ctx, case, f"platform:{actor['id']}")
    ctx.money(money.entry(case, "advance_compensation", f"cmp:{compensation_id}", amount, f"platform:{actor['id']}",
                          c["reason"], ["R-DSP-05", "R-DSP-06"]))
    ctx.repo.add_compensation(case_id, moves.cents(amount), step(
        "advance_compensation", f"platform:{actor['id']}", ["R-DSP-06"], [c["reason"], amount]))
    compensation = models.Compensation(compensation_id=compensation_id, case_id=case_id,
                                       merchant_id=case.merchant_id, consumer_id=case.consumer_id, amount=amount,
                                       reason=c["reason"], paid_by=actor["id"], at=clock.now())
    claim = models.RecoveryClaim(claim_id=f"rc_{uuid.uuid4().hex[:16]}", case_id=case_id,
                                 compensation_id=compensation.compensation_id, merchant_id=case.merchant_id,
                                 amount=amount, opened_at=clock.now(),
                                 history=[step("opened", "platform", ["R-DSP-05", "R-DSP-06"], status="open")])
    ctx.repo.insert_compensation(compensation, claim)
    metrics.COMPENSATION_PAID.inc(moves.cents(amount))
    ctx.repo.count_day(clock.local_now().date().isoformat(), {"compensation_cents": moves.cents(amount)})
    moves.announce(ctx, ctx.repo.case_or_404(case_id), "advance_compensation", case.status,
                   f"platform:{actor['id']}", ["R-DSP-06"])
    return schemas.CompensationOut().dump(compensation) | {"recovery_claim_id": claim.claim_id}


def claims(ctx: Context, merchant_id: str | None, status: str | None, cursor: str | None, limit: int = 50) -> dict:
    if status not in (None, "open", "recovered", "written_off"):
        raise ValidationFailed("status is open, recovered or written_off", {"status": ["unknown"]})
    docs, next_cursor = ctx.repo.recovery_claims(merchant_id, status, cursor, paging.clamp(limit, 50, 200))
    return schemas.RecoveryPage().dump({"items": docs, "next_cursor": next_cursor})


def settle(ctx: Context, claim_id: str, data: dict, actor: dict) -> dict:
    s = load(schemas.SettlementIn(), data)
    claim = ctx.repo.recovery_claim_or_404(claim_id)
    if not ctx.repo.settle_claim(claim_id, s["status"], s["reference"],
                                 step(s["status"], f"platform:{actor['id']}", ["R-DSP-06"], [s["reference"]],
                                      status=s["status"], previous="open")):
        claim = ctx.repo.recovery_claim_or_404(claim_id)
        if (claim.status, claim.reference) != (s["status"], s["reference"]):
            raise Conflict("this recovery claim is settled already", {"status": ["settled"]})
        # the settlement that stood, redelivered: its ledger entry below, which a crash may have kept from landing
    kind = "recovery" if s["status"] == "recovered" else "write_off"  # the ledger's entry for the claim, once
    ctx.money(money.entry(ctx.repo.case_or_404(claim.case_id), kind, f"recovery:{claim_id}", claim.amount,
                          f"platform:{actor['id']}", s["reference"], ["R-DSP-06"]))
    return schemas.RecoveryClaimOut().dump(ctx.repo.recovery_claim_or_404(claim_id))
