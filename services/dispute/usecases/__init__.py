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
    policy: dict = field(default_factory=lambda: POLICY)
