"""Onboarding's use cases, one module per thing users do. Each function takes its dependencies explicitly in a
Context (repository, blacklist replica, event publisher, the request's key, deadline book, policy) and so runs in tests without a
broker; the clock is the kit's."""

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tianping.platform import usecase

POLICY = json.loads((Path(__file__).resolve().parent.parent / "policy.json").read_text())


@dataclass
class Context(usecase.Context):
    deadlines: Any = None             # tianping.platform.deadlines.DeadlineBook: evaluation and re-verification clocks
    policy: dict = field(default_factory=lambda: POLICY)
    audit: Any = None                 # tianping.platform.audit.AuditLog: every decision, hash-chained
    held: list | None = None          # audit entries of a use case appended together at its end (`audit_together`)

    def audited(self, actor: str, action: str, record: str, **entry) -> None:
        """Append a decision to the audit log (when the service has one: use-case tests may run without)."""
        if self.held is not None:
            self.held.append((actor, action, record, entry))
            return
        self.audited_many([(actor, action, record, entry)])

    @contextlib.contextmanager
    def audit_together(self):
        """The decisions audited inside are appended in one insert when it ends — also when it ends by an error, so
        what was done before the error is audited as it was without (one store round trip instead of one each)."""
        if self.held is not None:  # already holding: the outer block appends
            yield
            return
        self.held = []
        try:
            yield
        finally:
            held, self.held = self.held, None
            self.audited_many(held)

    def audited_many(self, entries: list[tuple[str, str, str, dict]]) -> None:
        """Several decisions, (actor, action, record, fields) each, appended in one insert."""
        if self.audit is not None and entries:
            self.audit.append_many([self.audit.draft(actor, action, record, versions={"policy": self.policy["version"]},
                                                     request_id=self.request_key, **entry)
                                    for actor, action, record, entry in entries])
