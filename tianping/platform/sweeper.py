"""A service whose records run deadlines, the part each wrote for itself, written once: its deadline book, the timer
that sweeps it, the handler a test clock's advance calls, and the sweep a use case (or a test) runs.

    class DisputeService(..., sweeper.Sweeping, testclock.TestClockRpc):
        on_deadline = staticmethod(overdue.fire)      # (ctx, deadline) -> outcome word

The service's `ctx` carries the book as `deadlines` (tianping.platform.usecase.Context's services all do)."""

from collections.abc import Callable

from nameko.timer import timer

from tianping.platform.deadline_schemas import SweepOut
from tianping.platform.deadlines import Deadlines, sweep_seconds


def sweep(ctx, fire: Callable) -> dict:
    """Fire every due deadline of the context's book through `fire(ctx, deadline)`; what the sweep did (SweepOut)."""
    return SweepOut().dump(ctx.deadlines.sweep(lambda deadline: fire(ctx, deadline)))


class Sweeping:
    """Mixin for a service with deadlines (before testclock.TestClockRpc among its bases): `deadline_book`, swept every
    TIANPING_SWEEP_SECONDS through the handler the service names in `on_deadline`, which is also what a test clock's
    advance fires (`fire_deadline`)."""

    deadline_book = Deadlines()
    on_deadline: Callable  # staticmethod(use case): (ctx, deadline) -> outcome word

    @timer(interval=sweep_seconds())
    def sweep_deadlines(self):
        sweep(self.ctx, self.on_deadline)

    def fire_deadline(self, deadline: dict) -> str:
        """The sweeper's handler, for a test clock's advance (tianping.platform.testclock)."""
        return self.on_deadline(self.ctx, deadline)
