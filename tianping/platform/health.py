"""The health RPC every service exposes, and the base every service class builds on."""

import os
import time

from nameko.extensions import DependencyProvider

from tianping.infra import db
from tianping.infra.deadletters import DeadLetters
from tianping.infra.metrics import Metrics
from tianping.infra.probes import Probes
from tianping.infra.rpc import rpc
from tianping.lib.logs import Correlation
from tianping.platform.commands import CommandLog

_STARTED = time.time()


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


class ServiceBase:
    """Entrypoints and dependencies common to all five services."""

    name = "override-me"
    correlation_id = Correlation()
    commands = CommandLog()
    dead_letters = DeadLetters()
    metrics = Metrics()
    probes = Probes()

    @rpc
    def ping(self):
        """Health: service name, pid, uptime."""
        return {"service": self.name, "status": "ok", "pid": os.getpid(),
                "uptime_s": round(time.time() - _STARTED, 3)}
