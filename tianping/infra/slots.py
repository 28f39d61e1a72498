"""A bound on how many workers one RPC entrypoint takes at once, for a route a caller may flood.

A service's RPCs share its worker pool (nameko's max_workers, 20). An entrypoint the platform's live system may call
as fast as it likes — a batch of live segments over HTTP — would otherwise take every worker during a peak, and the
service's reads and reviews would wait behind it until the gateway gave up (504). `Slots(setting)` holds a
semaphore of that many slots per process (the same bound as the AMQP path's prefetch, tianping.infra.amqp.bound); a
call that finds none free within a short wait is refused at once as RateLimited (429 `rate_limited`, Retry-After),
having stored nothing, so the caller retries later and the service's other workers stay free."""

import contextlib

import eventlet
from nameko.extensions import DependencyProvider

from tianping.infra.amqp import bound
from tianping.lib.errors import RateLimited

WAIT_S = 0.25  # a short queue for the slot: a burst of a few concurrent posts is absorbed, a flood is refused


class Slots(DependencyProvider):
    def __init__(self, setting: str, what: str, wait_s: float = WAIT_S):
        self.setting, self.what, self.wait_s = setting, what, wait_s
        self.free: eventlet.semaphore.Semaphore | None = None
        self.size = 0

    def setup(self):
        self.size = bound(self.container.config, self.setting, self.container.max_workers)
        self.free = eventlet.semaphore.Semaphore(self.size)

    def get_dependency(self, worker_ctx):
        return self

    @contextlib.contextmanager
    def take(self):
        """One slot for the body; RateLimited (nothing done) when all are busy for longer than the wait."""
        if not self.free.acquire(timeout=self.wait_s):
            raise RateLimited(f"{self.what} is at its bound of {self.size} at once ({self.setting}): retry shortly",
                              {"retry_after_s": ["1"]})
        try:
            yield
        finally:
            self.free.release()
