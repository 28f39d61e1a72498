"""The health RPC every service exposes, and the base every service class builds on."""

import gc
import os
import time

from nameko.extensions import DependencyProvider
from nameko.timer import timer

from tianping.infra import db, roundtrips
from tianping.infra.deadletters import DeadLetters
from tianping.infra.metrics import Metrics
from tianping.infra.probes import Probes
from tianping.infra.rpc import rpc
from tianping.infra.ttlpurge import Purger, purge_seconds
from tianping.lib import clock
from tianping.lib.logs import Correlation
from tianping.platform.commands import CommandLog

_STARTED = time.time()
TTL_PURGE_WORK = "ttl_purge"


class Warmup(DependencyProvider):
    """Work a service does once before its entrypoints start (listing compiles its lexicon: the word segmenter's
    dictionary and the matcher took seconds out of the first live batch or review after every start)."""

    def __init__(self, work, database: str | None = None):
        self.work = work
        self.database = database  # the work reads this service database (its connection is made first)

    def setup(self):
        if self.database is not None:
            db.database(self.container.config, self.database)
        self.work()


class FrozenHeap(DependencyProvider):
    """Once the container has started, everything it built (modules, schemas, pools, caches) moves out of the
    collector's reach (gc.freeze), as listing already did for its lexicon: a full collection walks the ~100,000
    long-lived objects a service holds after start (0.05-0.1 s each on this machine), and long-lived survivors of
    requests trigger one now and then (issue 30). Objects made later are collected as before; garbage is collected
    first so none is frozen. Once per process (a service runs one container; tests start many)."""

    frozen = False

    def start(self):
        if not FrozenHeap.frozen:
            FrozenHeap.frozen = True
            gc.collect()
            gc.freeze()


class TtlPurge(DependencyProvider):
    """The component's TTL-indexed collections (command log, idempotency keys, rate windows, buyer days) purged of
    what their TTL index would delete, by the kit's clock (tianping.infra.ttlpurge: the embedded store's sweeper is
    off). Every replica runs it; two at once delete each document once."""

    def setup(self):
        self.purger = Purger(purge_seconds())

    def get_dependency(self, worker_ctx):
        return self

    def run(self) -> dict[str, int]:
        with roundtrips.doing(TTL_PURGE_WORK):  # counted apart from the requests' round trips
            return self.purger.purge_database(db.database(self.container.config, self.container.service_name),
                                              clock.now())


class ServiceBase:
    """Entrypoints and dependencies common to all five services."""

    name = "override-me"
    correlation_id = Correlation()
    commands = CommandLog()
    dead_letters = DeadLetters()
    metrics = Metrics()
    probes = Probes()
    frozen_heap = FrozenHeap()
    ttl_purge = TtlPurge()

    @timer(interval=purge_seconds())
    def purge_expired_records(self):
        """Delete what the component's TTL indexes expire, in small batches (TIANPING_TTL_PURGE_SECONDS)."""
        self.ttl_purge.run()

    @rpc
    def ping(self):
        """Health: service name, pid, uptime."""
        return {"service": self.name, "status": "ok", "pid": os.getpid(),
                "uptime_s": round(time.time() - _STARTED, 3)}
