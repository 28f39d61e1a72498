"""Request guards of the gateway: idempotency of POSTs and per-principal rate limits."""

import hashlib
import logging
import time
from datetime import UTC, datetime

from nameko.extensions import DependencyProvider
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError, PyMongoError

from tianping.infra import db
from tianping.lib.errors import IdempotencyKeyReused, RateLimited, UpstreamTimeout
from tianping.platform.claims import ClaimLedger, FingerprintMismatch, StillRunning

IDEMPOTENCY_WAIT_S = 15
IDEMPOTENCY_LEASE_S = 12  # over two RPC timeouts: a claim older than this has no live owner
IDEMPOTENCY_KEEP_DAYS = 1
SHARED_WINDOW_S = 10
log = logging.getLogger(__name__)


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


class PerKeyLimit:
    """A token bucket per key in this process (bounded memory: idle keys are forgotten)."""

    def __init__(self, rate: float, burst: float):
        self.rate, self.burst = rate, burst
        self.buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str) -> None:
        now = time.monotonic()
        tokens, last = self.buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            retry = max(1, int((1 - tokens) / self.rate + 0.999))
            self.buckets[key] = (tokens, now)
            raise RateLimited(f"rate limit of {self.rate:g}/s exceeded", {"retry_after_s": [str(retry)]})
        self.buckets[key] = (tokens - 1, now)
        if len(self.buckets) > 100_000:
            self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < 60}


class RateLimiter(DependencyProvider):
    """Per principal: a token bucket in this gateway instance (RATE_LIMIT_PER_SECOND, burst RATE_LIMIT_BURST), and
    with RATE_LIMIT_SHARED the same rate across every gateway replica — a SHARED_WINDOW_S fixed-window counter per
    principal in the gateway's database, one atomic upsert-$inc per request (a TTL index drops old windows). A store
    that does not answer fails open to the local limit: rate limiting must not take the API down with it."""

    def setup(self):
        config = self.container.config
        self.rate = float(config.get("RATE_LIMIT_PER_SECOND") or 200)
        self.burst = float(config.get("RATE_LIMIT_BURST") or 400)
        self.local = PerKeyLimit(self.rate, self.burst)
        self.shared = None
        if str(config.get("RATE_LIMIT_SHARED") or "0").lower() in ("1", "true", "yes"):
            self.shared = db.database(config, "gateway")["rate_windows"]
            self.shared.create_index("expires_at", expireAfterSeconds=0)

    def get_dependency(self, worker_ctx):
        return self

    def take(self, principal_key: str) -> None:
        self.local.take(principal_key)
        if self.shared is not None:
            self.take_shared(principal_key, time.time())

    def take_shared(self, principal_key: str, now: float) -> None:
        window = int(now // SHARED_WINDOW_S)
        try:
            count = self._count(f"{principal_key}|{window}", window)
        except PyMongoError as exc:
            log.warning("shared rate limit unavailable, local limit only: %s", type(exc).__name__)
            return
        if count > self.burst + self.rate * SHARED_WINDOW_S:
            retry = max(1, int((window + 1) * SHARED_WINDOW_S - now + 0.999))
            raise RateLimited(f"rate limit of {self.rate:g}/s exceeded (across gateways)",
                              {"retry_after_s": [str(retry)]})

    def _count(self, key: str, window: int) -> int:
        expires = datetime.fromtimestamp((window + 2) * SHARED_WINDOW_S, UTC)
        for attempt in (1, 2):  # two first requests of a window may race on the upsert: the loser retries once
            try:
                doc = self.shared.find_one_and_update({"_id": key}, {"$inc": {"n": 1},
                                                                     "$setOnInsert": {"expires_at": expires}},
                                                      upsert=True, return_document=ReturnDocument.AFTER)
                return doc["n"]
            except DuplicateKeyError:
                if attempt == 2:
                    raise
        return 0
