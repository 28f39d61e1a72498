"""Request guards of the gateway: idempotency of POSTs and per-principal rate limits."""

import hashlib
import time

from nameko.extensions import DependencyProvider

from tianping.infra import db
from tianping.lib.errors import IdempotencyKeyReused, RateLimited, UpstreamTimeout
from tianping.platform.claims import ClaimLedger, FingerprintMismatch, StillRunning

IDEMPOTENCY_WAIT_S = 15
IDEMPOTENCY_LEASE_S = 12  # over two RPC timeouts: a claim older than this has no live owner
IDEMPOTENCY_KEEP_DAYS = 1


class Idempotency(DependencyProvider):
    """Remembers the first response to each (principal, route, Idempotency-Key) and replays it.

    The first request claims the key (tianping.platform.claims); concurrent and later copies wait for its response and get it
    back unchanged, so a retried POST creates nothing twice. Kept in the gateway's own database (`<prefix>_gateway`)
    for IDEMPOTENCY_KEEP_DAYS; a failed (5xx) attempt releases its claim, and a claim nobody could release (the
    store was down, the gateway died) is taken over once its lease runs out.
    """

    def setup(self):
        collection = db.database(self.container.config, "gateway")["idempotency"]
        self.ledger = ClaimLedger(collection, IDEMPOTENCY_LEASE_S, IDEMPOTENCY_WAIT_S, IDEMPOTENCY_KEEP_DAYS)

    def get_dependency(self, worker_ctx):
        return self

    @staticmethod
    def record_id(principal: dict, method: str, path: str, key: str) -> str:
        raw = "|".join((principal["sub"], principal["role"], method, path, key))
        return hashlib.sha256(raw.encode()).hexdigest()

    def claim(self, record_id: str, body_hash: str) -> dict | None:
        """None if this request owns the key now; else the stored (or awaited) first response."""
        try:
            return self.ledger.claim(record_id, fingerprint=body_hash)
        except FingerprintMismatch:
            raise IdempotencyKeyReused("this Idempotency-Key was used for a different request",
                                       {"Idempotency-Key": ["reused with a different body"]}) from None
        except StillRunning:
            raise UpstreamTimeout("the first request with this Idempotency-Key is still running",
                                  {"Idempotency-Key": ["in progress"]}) from None

    def complete(self, record_id: str, status: int, body: str) -> None:
        if status >= 500:
            self.ledger.release(record_id)
        else:
            self.ledger.complete(record_id, status=status, body=body)


class RateLimiter(DependencyProvider):
    """Token bucket per principal (per gateway instance): RATE_LIMIT_PER_SECOND, burst RATE_LIMIT_BURST."""

    def setup(self):
        config = self.container.config
        self.rate = float(config.get("RATE_LIMIT_PER_SECOND") or 200)
        self.burst = float(config.get("RATE_LIMIT_BURST") or 400)
        self.buckets: dict[str, tuple[float, float]] = {}

    def get_dependency(self, worker_ctx):
        return self

    def take(self, principal_key: str) -> None:
        now = time.monotonic()
        tokens, last = self.buckets.get(principal_key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            retry = max(1, int((1 - tokens) / self.rate + 0.999))
            self.buckets[principal_key] = (tokens, now)
            raise RateLimited(f"rate limit of {self.rate:g}/s exceeded", {"retry_after_s": [str(retry)]})
        self.buckets[principal_key] = (tokens - 1, now)
        if len(self.buckets) > 100_000:  # bound memory: forget idle principals
            self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < 60}
