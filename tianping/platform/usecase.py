"""What a use case is given: its dependencies, explicitly, so it runs in tests without a broker."""

from dataclasses import dataclass
from types import ModuleType
from typing import Any


@dataclass
class Context:
    repo: ModuleType                  # the service's repository module (the only code touching collections)
    replica: Any = None               # the service's blacklist replica (tianping.platform.blacklist_replica.Replica)
    publish: Any = None               # (contracts.Event, payload) -> None, checked against the contract
    request_key: str | None = None    # the RPC request's key: a redelivery resumes, never applies twice
