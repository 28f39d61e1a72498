"""Dispute's use cases, one module per thing users do. Each function takes its dependencies explicitly in a
Context (repository, blacklist replica, event publisher, the request's key, the deadline book, the order and
identity lookups of the other services, policy) and so runs in tests without a broker; the clock is the kit's."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tianping.platform import usecase

POLICY = usecase.load_policy(__file__)


@dataclass
class Context(usecase.Context):
    deadlines: Any = None                          # tianping.platform.deadlines.DeadlineBook
    orders: Callable[[str], dict | None] = None    # order id -> the order as aftersale recorded it, or None
    identities: Callable[[str, str], dict | None] = None  # (merchant id, purpose) -> verified identity, or None
    money: Callable[[dict], dict] = None           # an entry on the order's ledger (aftersale.record_money)
    ledger: Callable[[str], dict] = None           # order id -> the order's money (aftersale.order_money)
    # order id -> {order, money} in one call (aftersale.order_with_money), or None for an unknown order
    order_with_money: Callable[[str], dict | None] | None = None
    policy: dict = field(default_factory=lambda: POLICY)

    def order_and_money(self, order_id: str) -> tuple[dict | None, dict | None]:
        """The order as aftersale recorded it (None: unknown) and its money: in one call where the service wired
        one (two round trips in aftersale, opening the ledger included), else the order and then the ledger."""
        if self.order_with_money is not None:
            both = self.order_with_money(order_id)
            return (None, None) if both is None else (both["order"], both["money"])
        order = self.orders(order_id)
        return order, None if order is None else self.ledger(order_id)
