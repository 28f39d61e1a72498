"""The order's money (pure): what each line actually paid, how an amount is spread over lines, and the kinds of
ledger entry. Amounts are integer cents here (exact; text with 2 places at the edges), never floats.

The invariant (R-AFT-06, R-DSP-06, R-XC-02): per order and per line, refunded + compensated <= committed <= paid.
A *promise* (a full refund due, an accepted partial refund, a decided dispute amount) commits money of the lines;
a *payout* (the merchant's refund or payment, the platform's advance compensation) draws on one promise and never
on more than that promise has left; a *release* hands an unpaid promise back (the request was withdrawn, lapsed or
taken to mediation); a *recovery* or *write-off* settles what the platform advanced.
"""

from decimal import Decimal

from tianping.lib.enforcement import enforces

PROMISES = ("refund_due", "partial_refund", "dispute_decision")
PAYOUTS = {"refunded": "refunded", "merchant_paid": "refunded", "advance_compensation": "compensated"}
SETTLEMENTS = {"recovery": "recovered", "write_off": "written_off"}
RELEASE = "release"
KINDS = (*PROMISES, *PAYOUTS, RELEASE, *SETTLEMENTS)
REST = "_rest"  # what the order paid beyond its lines' list prices (shipping): refundable with the whole order
INVARIANT = "refunded + compensated <= committed <= paid, per order and per line"


def cents(amount) -> int:
    """Exact cents of a decimal amount; more than 2 places is a caller's bug, refused rather than rounded."""
    value = Decimal(str(amount)) * 100
    if value != value.to_integral_value():
        raise ValueError(f"{amount} has more than 2 decimal places")
    return int(value)


def text(value: int) -> str:
    return f"{Decimal(value) / 100:.2f}"


def line_key(index: int) -> str:
    """Lines are stored by position (a sku may hold '.', which a store path cannot)."""
    return f"L{index}"


def paid_per_line(total: int, list_amounts: list[int]) -> tuple[list[int], int]:
    """What each line actually paid: the order's total spread over the lines in proportion to their list prices
    (a discount lowers every line), largest remainders taking the odd cents, so the lines add up exactly. A total
    above the list prices leaves the difference as the order's rest (shipping), returned with the lines."""
    listed = sum(list_amounts)
    if total >= listed:
        return list(list_amounts), total - listed
    if listed == 0:
        return [0] * len(list_amounts), total
    shares = [total * a // listed for a in list_amounts]
    remainders = sorted(range(len(list_amounts)), key=lambda i: (-(total * list_amounts[i] % listed), i))
    for i in remainders[:total - sum(shares)]:
        shares[i] += 1
    return shares, 0


@enforces("R-AFT-06", neutral=True)
def within_ceiling(amount: int, lefts: dict[str, int]) -> bool:
    """No refund or payout beyond what the lines paid and have not yet had back."""
    return amount <= sum(lefts.values())


def allocate(amount: int, lefts: dict[str, int]) -> dict[str, int] | None:
    """Spread `amount` over lines in their order, each up to what it has left; None when they do not hold it."""
    if not within_ceiling(amount, lefts):
        return None
    spread, rest = {}, amount
    for key, left in lefts.items():
        take = min(left, rest)
        if take:
            spread[key] = take
            rest -= take
    return spread



@enforces("R-AFT-14", neutral=None, partly="whether a receipt is issued at all is the order system's to report; the "
                                           "receipt recorded is checked")
def receipt_problem(receipt: dict | None) -> str | None:
    """R-AFT-14: an electronic receipt is issued only with the consumer's consent, stored with the receipt; what is
    wrong, or None."""
    if receipt and receipt["type"] == "e_receipt" and not receipt.get("consumer_consented"):
        return "an electronic receipt needs the consumer's consent"
    return None
