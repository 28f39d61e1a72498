"""Store round trips, counted per service and per kind of work with pymongo's command monitoring.

Every command a process sends to the store is counted under the service whose database it addresses and the
kind of work the sending greenthread declared (`with doing("blacklist_replica"): ...`; "other" otherwise), so
a dashboard or a benchmark can divide the round trips of blacklist work by the changes that work handled
(`handled(...)`). Counting happens in the calling greenthread, before the command is sent: the cost is a dict
update, not a round trip.
"""

import collections
import contextlib
import logging
import threading

from pymongo import monitoring

from tianping import SERVICE_NAMES
from tianping.infra import metrics
from tianping.lib import config as cfg

log = logging.getLogger(__name__)
SLOW_MICROS = int(float(cfg.env("TIANPING_SLOW_STORE_COMMAND_MS", "250")) * 1000)

AUTHORITY_WORK, REPLICA_WORK, OTHER_WORK = "blacklist_authority", "blacklist_replica", "other"
_scope = threading.local()  # green under eventlet: one value per greenthread
_installed = False
# (service, work) -> commands sent by this process; and changes that work handled
COMMANDS: collections.Counter = collections.Counter()
HANDLED: collections.Counter = collections.Counter()
_counters: dict = {}  # (service, work) -> its child of metrics.STORE_COMMANDS


def service_of(database_name: str) -> str:
    suffix = database_name.rsplit("_", 1)[-1]
    return suffix if suffix in SERVICE_NAMES else "other"


class _Listener(monitoring.CommandListener):
    def __init__(self):
        self._targets: dict[int, str] = {}  # request id -> "command collection" of commands in flight

    def started(self, event):
        key = (service_of(event.database_name), getattr(_scope, "work", OTHER_WORK))
        COMMANDS[key] += 1
        counter = _counters.get(key)
        if counter is None:  # the labelled child made once per key: labels() locks and validates on every call
            counter = _counters[key] = metrics.STORE_COMMANDS.labels(*key)
        counter.inc()
        target = event.command.get(event.command_name)
        self._targets[event.request_id] = f"{event.command_name} {target if isinstance(target, str) else ''}"

    def succeeded(self, event):
        self._finished(event)

    def failed(self, event):
        self._finished(event)

    def _finished(self, event):
        target = self._targets.pop(event.request_id, event.command_name)
        if event.duration_micros >= SLOW_MICROS:  # a scan the store should not be doing, or a store out of CPU
            metrics.STORE_SLOW_COMMANDS.labels(service_of(event.database_name), event.command_name).inc()
            log.warning("slow store command: %s took %.0f ms", target, event.duration_micros / 1000,
                        extra={"event": "slow_store_command"})


def install() -> None:
    """Register the listener for every client made after this call (pymongo's rule); idempotent."""
    global _installed
    if not _installed:
        monitoring.register(_Listener())
        _installed = True


@contextlib.contextmanager
def doing(work: str):
    """Count the store commands of this greenthread under `work` until the block ends."""
    before = getattr(_scope, "work", OTHER_WORK)
    _scope.work = work
    try:
        yield
    finally:
        _scope.work = before


def handled(service: str, work: str, changes: int) -> None:
    HANDLED[(service, work)] += changes
    metrics.STORE_WORK_HANDLED.labels(service, work).inc(changes)


def per_change(service: str, work: str) -> dict:
    """This process's round trips and handled changes for one kind of work, since it started."""
    commands, changes = COMMANDS[(service, work)], HANDLED[(service, work)]
    return {"store_round_trips": commands, "changes": changes,
            "round_trips_per_change": round(commands / changes, 3) if changes else None}


def by_work(service: str) -> dict[str, int]:
    """Every store command this process sent to `service`'s database so far, by kind of work."""
    return {work: n for (name, work), n in COMMANDS.items() if name == service}
