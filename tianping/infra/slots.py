"""A bound on how many workers one RPC entrypoint takes at once, for a route a caller may flood.

A service's RPCs share its worker pool (nameko's max_workers, 20). An entrypoint the platform's live system may call
as fast as it likes — a batch of live segments over HTTP — would otherwise take every worker during a peak, and the
service's reads and reviews would wait behind it until the gateway gave up (504). `Slots(setting)` holds that many
slots per process (the setting read and clamped as the AMQP path's prefetch is, tianping.infra.amqp.bound: at least
one, and all the workers but one at most) and a queue as long; a command takes its slot before its command log
(`@command(slots=...)`, tianping.platform.commands), so a refusal costs the store nothing. A
call finding every slot taken waits its turn for up to `wait_s` (a burst is absorbed, never a 504: the wait is well
under the gateway's RPC timeout); a call finding the queue full too, or still waiting at the end, is refused at once
as RateLimited (429 `rate_limited`, Retry-After), having done nothing. So the entrypoint holds at most twice the bound
of the service's workers, however many callers push, and the rest stay with the other RPCs."""

import contextlib

import eventlet
from nameko.extensions import DependencyProvider

from tianping.infra.amqp import bound
from tianping.lib.errors import RateLimited

WAIT_S = 2.0


class Slots(DependencyProvider):
    def __init__(self, setting: str, what: str, wait_s: float = WAIT_S):
        self.setting, self.what, self.wait_s = setting, what, wait_s
        self.free: eventlet.semaphore.Semaphore | None = None
        self.size = self.waiting = 0

    def setup(self):
        self.size = bound(self.container.config, self.setting, self.container.max_workers)
        self.free = eventlet.semaphore.Semaphore(self.size)

    def get_dependency(self, worker_ctx):
        return self

    @contextlib.contextmanager
    def take(self):
        """One slot for the body; RateLimited (nothing done) when the queue is full or the wait runs out."""
        if self.free.locked() and self.waiting >= self.size:
            self.refuse("and as many wait")
        self.waiting += 1  # green threads switch only at I/O: the count needs no lock
        try:
            taken = self.free.acquire(timeout=self.wait_s)
        finally:
            self.waiting -= 1
        if not taken:
            self.refuse(f"for {self.wait_s:g} s")
        try:
            yield
        finally:
            self.free.release()

    def refuse(self, why: str):
        raise RateLimited(f"{self.what} is at its bound of {self.size} at once ({self.setting}) {why}: retry shortly",
                          {"retry_after_s": ["1"]})
