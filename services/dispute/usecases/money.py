"""Dispute's side of the order's money. The ledger is aftersale's (one per order, reached through its contract:
record_money, order_money); a case is one promise on it, keyed `case:<id>`. Proposals and decisions are checked
against what the buyer claimed and what remains refundable on the order (R-DSP-04, R-DSP-06); a decision commits
its amount before the case closes; the merchant's payment and every advance compensation draw on that promise,
so together they never exceed it — nor, the promise being carved out of what was paid, the order."""

from decimal import Decimal

from tianping.lib.errors import AmountExceedsRefundable

from .. import models
from . import Context


def source(case: models.Case) -> str:
    return f"case:{case.case_id}"


def entry(case: models.Case, kind: str, entry_id: str, amount, actor: str, reason: str, rule_ids,
          cap: bool = False) -> dict:
    return {"order_id": case.order_id, "entry_id": entry_id, "source": source(case), "kind": kind,
            "amount": None if amount is None else f"{Decimal(str(amount)):.2f}", "cap": cap, "actor": actor,
            "reason": reason[:2000], "rule_ids": list(rule_ids)}


def refundable(ctx: Context, order_id: str) -> Decimal:
    return left_on(ctx.ledger(order_id))


def left_on(ledger: dict) -> Decimal:
    """What remains refundable on the order, from its money (aftersale's MoneyOut)."""
    return Decimal(ledger["refundable"])


def ceiling(ctx: Context, case: models.Case) -> tuple[Decimal, str]:
    """The most a proposal or decision may give the buyer: its claim, and what remains refundable on the order."""
    left = refundable(ctx, case.order_id)
    claimed = Decimal(case.amount_claimed) if case.amount_claimed else left
    if claimed < left:
        return claimed, f"what the buyer claimed ({claimed:.2f})"
    return left, f"what remains refundable on order {case.order_id} ({left:.2f})"


def check(ctx: Context, case: models.Case, amount, field: str = "amount") -> None:
    most, what = ceiling(ctx, case)
    if Decimal(str(amount)) > most:
        raise AmountExceedsRefundable(f"{Decimal(str(amount)):.2f} is above {what}: at most {most:.2f}",
                                      {field: [f"at most {most:.2f}"], "ceiling": [f"{most:.2f}"]})


def decide(ctx: Context, case: models.Case, amount, actor: str, cap: bool) -> Decimal:
    """Commit the decided amount on the order's ledger (an automatic decision takes what is left, recorded so);
    returns what was committed."""
    out = ctx.money(entry(case, "dispute_decision", f"{source(case)}:decision:{len(case.trail)}", amount, actor,
                          f"decision of case {case.case_id}", ["R-DSP-01", "R-DSP-06"], cap))
    return Decimal(out["amount"])


def ensure_promise(ctx: Context, case: models.Case, actor: str) -> None:
    """A case decided before the ledger existed gets its promise now (a no-op when it has one)."""
    ctx.money(entry(case, "dispute_decision", f"{source(case)}:decision:ensure", case.decided_amount, actor,
                    f"decision of case {case.case_id}", ["R-DSP-06"]))


def release(ctx: Context, case: models.Case, actor: str, reason: str) -> None:
    ctx.money(entry(case, "release", f"{source(case)}:release:{len(case.trail)}", None, actor, reason, ["R-DSP-06"]))
