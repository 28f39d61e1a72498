"""Listing's use cases, one module per thing users do. Each function takes its dependencies explicitly in a Context
(repository, blacklist replica, event publisher, the request's key, the subject-status replica, policy,
deadline book) and so runs
in tests without a broker; the clock is the kit's."""

from dataclasses import dataclass, field
from typing import Any

from tianping.platform import usecase

POLICY = usecase.load_policy(__file__)


@dataclass
class Context(usecase.Context):
    subjects: Any = None              # tianping.platform.subjects.SubjectStatuses: onboarding's statuses, replicated here
    policy: dict = field(default_factory=lambda: POLICY)
    deadlines: Any = None             # tianping.platform.deadlines.DeadlineBook: re-check batches, IP restorations
    broadcast_check: Any = None       # onboarding's broadcast_check(host_id, data): is the person on air the host?
    room_operator: Any = None         # onboarding's room_operator(subject_id): a host's MCN (R-ONB-36)
