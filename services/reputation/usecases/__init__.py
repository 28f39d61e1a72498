"""Reputation's use cases, one module per thing users do. Each function takes its dependencies explicitly in a
Context (the kit's: repository, event publisher, the request's key, audit log; and its own: blacklist authority,
outbox relay, correlation id, deadline book) and so runs in tests without a broker; the clock is the kit's."""

import time
from dataclasses import dataclass
from typing import Any

from tianping.platform import usecase

POLICY_CACHE_SECONDS = 5.0  # a newly activated policy is in force everywhere within this many seconds
_policy_cache: dict = {"at": 0.0, "body": None, "refreshing": False}


@dataclass
class Context(usecase.Context):
    authority: Any = None             # repository.authority.Authority: the blacklist log (reputation keeps no replica)
    relay: Any = None                 # the outbox relay, notified after each blacklist commit
    correlation_id: str | None = None
    deadlines: Any = None             # tianping.platform.deadlines.DeadlineBook: a suspension's end

    def request_id(self) -> str | None:
        return self.request_key or self.correlation_id

    def policy(self) -> dict:
        """The points, credit and grading policy in force (versioned data, R-REP-12), cached briefly."""
        now = time.monotonic()
        if _policy_cache["body"] is None or now - _policy_cache["at"] >= POLICY_CACHE_SECONDS:
            if _policy_cache["refreshing"] and _policy_cache["body"] is not None:
                return _policy_cache["body"]  # one greenthread refreshes; under load the others keep the last one
            _policy_cache["refreshing"] = True
            try:
                _policy_cache.update(at=now, body=self.repo.latest_policy())
            finally:
                _policy_cache["refreshing"] = False
        return _policy_cache["body"]
