"""What a use case is given: its dependencies, explicitly, so it runs in tests without a broker.

Every service's use cases take a Context derived from this one (the same names for the same things: repo, publish,
request_key, audit, ...), each adding what only it needs (a deadline book, a policy, another service's client)."""

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any


def load_policy(usecases_init: str) -> dict:
    """The service's policy.json (beside its usecases/ package, whose __init__ passes its __file__), as data."""
    return json.loads((Path(usecases_init).resolve().parent.parent / "policy.json").read_text())


@dataclass
class Context:
    repo: ModuleType                  # the service's repository module (the only code touching collections)
    replica: Any = None               # the service's blacklist replica (tianping.platform.blacklist_replica.Replica)
    publish: Any = None               # (contracts.Event, payload) -> None, checked against the contract
    request_key: str | None = None    # the RPC request's key: a redelivery resumes, never applies twice
    audit: Any = field(default=None, kw_only=True)  # tianping.platform.audit.AuditLog: every decision, hash-chained
    held: list | None = field(default=None, kw_only=True)  # entries held by `audit_together`, appended at its end

    def versions(self) -> dict:
        """The versions an audited decision names when it names none of its own (none by default)."""
        return {}

    def request_id(self) -> str | None:
        """What ties an audited decision to the request that took it."""
        return self.request_key

    def audited(self, actor: str, action: str, record: str, **entry) -> dict | None:
        """Append a decision to the audit log, when the service has one (use-case tests may run without); the entry's
        fields as AuditLog.append takes them, `versions` and `request_id` defaulting to the context's."""
        if self.audit is None:
            return None
        if self.held is not None:
            self.held.append((actor, action, record, entry))
            return None
        return self.audit.append(actor, action, record, **self._entry(entry))

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

    def commit_audited(self, writes, entries: list[tuple[str, str, str, dict]]) -> None:
        """Commit `writes` (a tianping.infra.together.Together) and append the decisions `entries` audit, as
        audited_many takes them, in the same round trip. Raises Stopped when one of `writes` failed: nothing is
        audited then."""
        if self.audit is None or not entries:
            writes.commit()
            return
        drafts = [self.audit.draft(actor, action, record, **self._entry(entry)) for actor, action, record, entry in entries]
        taken = self.audit.append_with(drafts, writes)
        if taken is None or len(writes):  # not taken along (another append of this process under way): the writes,
            writes.commit()  # then the entries
            self.audit.append_many(drafts)

    def audited_many(self, entries: list[tuple[str, str, str, dict]]) -> None:
        """Several decisions, (actor, action, record, fields) each, appended in one insert."""
        if self.audit is not None and entries:
            self.audit.append_many([self.audit.draft(actor, action, record, **self._entry(entry))
                                    for actor, action, record, entry in entries])

    def _entry(self, entry: dict) -> dict:
        return {"versions": self.versions(), "request_id": self.request_id(), **entry}
