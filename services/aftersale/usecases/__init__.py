"""Aftersale's use cases, one module per thing users do. Each function takes its dependencies explicitly in a
Context (repository, blacklist replica, event publisher, the request's key, the deadline book, policy) and so runs
in tests without a broker; the clock is the kit's."""

from dataclasses import dataclass, field
from typing import Any

from tianping.platform import usecase

POLICY = usecase.load_policy(__file__)


@dataclass
class Context(usecase.Context):
    deadlines: Any = None             # tianping.platform.deadlines.DeadlineBook over the service's database
    policy: dict = field(default_factory=lambda: POLICY)
    terms_cache: Any = None           # terms_cache.TermsCache of the service process (None: read the store each time)
