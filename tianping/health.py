"""The health RPC every service exposes, and the base every service class builds on."""

import os
import time

from nameko.rpc import rpc

from .logs import Correlation
from .metrics import Metrics

_STARTED = time.time()


class ServiceBase:
    """Entrypoints and dependencies common to all five services."""

    name = "override-me"
    correlation_id = Correlation()
    metrics = Metrics()

    @rpc
    def ping(self):
        return {"service": self.name, "status": "ok", "pid": os.getpid(),
                "uptime_s": round(time.time() - _STARTED, 3)}
