"""Request guards of the gateway: idempotency of POSTs and per-principal rate limits."""

import hashlib
import time
from datetime import UTC, datetime

import eventlet
from nameko.extensions import DependencyProvider
from pymongo.errors import DuplicateKeyError

from tianping import db
from tianping.errors import IdempotencyKeyReused, RateLimited, UpstreamTimeout

IDEMPOTENCY_WAIT_S = 15


class Idempotency(DependencyProvider):
    """Remembers the first response to each (principal, route, Idempotency-Key) and replays it.

    The first request claims the key with a unique insert; concurrent and later copies wait for the
    claim's response and get it back unchanged, so a retried POST creates nothing twice. Kept in the
    gateway's own database (`<prefix>_gateway`); a failed (5xx) attempt releases its claim so it can be retried.
    """

    def setup(self):
        self.collection = db.database(self.container.config, "gateway")["idempotency"]
        self.collection.create_index("created_at")

    def get_dependency(self, worker_ctx):
        return self

    @staticmethod
    def record_id(principal: dict, method: str, path: str, key: str) -> str:
        raw = "|".join((principal["sub"], principal["role"], method, path, key))
        return hashlib.sha256(raw.encode()).hexdigest()

    def claim(self, record_id: str, body_hash: str) -> dict | None:
        """None if this request owns the key now; else the stored (or awaited) first response."""
        try:
            self.collection.insert_one({"_id": record_id, "state": "pending", "body_hash": body_hash,
                                        "created_at": datetime.now(UTC)})
            return None
        except DuplicateKeyError:
            pass
        deadline = time.monotonic() + IDEMPOTENCY_WAIT_S
        while time.monotonic() < deadline:
            existing = self.collection.find_one({"_id": record_id})
            if existing is None:  # the first attempt failed and released the key: take it over
                return self.claim(record_id, body_hash)
            if existing["body_hash"] != body_hash:
                raise IdempotencyKeyReused("this Idempotency-Key was used for a different request",
                                           {"Idempotency-Key": ["reused with a different body"]})
            if existing["state"] == "done":
                return existing
            eventlet.sleep(0.05)
        raise UpstreamTimeout("the first request with this Idempotency-Key is still running",
                              {"Idempotency-Key": ["in progress"]})

    def complete(self, record_id: str, status: int, body: str) -> None:
        if status >= 500:
            self.collection.delete_one({"_id": record_id, "state": "pending"})
        else:
            self.collection.update_one({"_id": record_id}, {"$set": {"state": "done", "status": status, "body": body}})


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
