"""RPC commands that take effect once, although RabbitMQ delivers at least once.

A request that was processed but not acked (broker restart, connection drop, SIGKILL after the commit) is
delivered again. A command — an RPC that changes state — is therefore keyed: by the caller's key when the
gateway forwards a client's Idempotency-Key, otherwise by the AMQP correlation id of the request message,
which a redelivery keeps. The first delivery claims the key in the service's own `rpc_commands`
collection, runs, and stores its answer; a redelivery replays that answer, waits while the first is still
running, or takes over a claim whose owner died (its lease ran out). Domain keys (the blacklist authority's
request key, a violation's dedupe key) make a take-over after a crash mid-command safe as well.

The records are transport bookkeeping, not decisions (those live in each service's own collections), so
they expire after COMMAND_TTL_DAYS.
"""

import functools
import inspect

from nameko.extensions import DependencyProvider

from tianping.infra import db
from tianping.infra.rpc import REQUEST_KEY, rpc
from tianping.lib.errors import ServiceUnavailable
from tianping.platform.claims import ClaimLedger, StillRunning

COLLECTION = "rpc_commands"
COMMAND_TTL_DAYS = 7
LEASE_SECONDS = 10.0  # longer than any command runs; a dead owner holds its key this long


class CommandLog(DependencyProvider):
    """Gives each worker a CommandRun bound to its request key (None when the call carries none)."""

    def setup(self):
        self._ledger = None

    def ledger(self) -> ClaimLedger:
        if self._ledger is None:  # lazily: a component with no command never touches a database
            collection = db.database(self.container.config, self.container.service_name)[COLLECTION]
            self._ledger = ClaimLedger(collection, LEASE_SECONDS, LEASE_SECONDS * 2, COMMAND_TTL_DAYS)
        return self._ledger

    def get_dependency(self, worker_ctx):
        return CommandRun(self, worker_ctx.data.get(REQUEST_KEY))


class CommandRun:
    def __init__(self, log: CommandLog | None, request_key: str | None):
        self.log = log
        self.request_key = request_key

    def once(self, name: str, run):
        if not self.request_key:
            return run()
        ledger, key = self.log.ledger(), f"{name}:{self.request_key}"
        try:
            done = ledger.claim(key)
        except StillRunning:
            raise ServiceUnavailable(f"{name} with this request key is still running; retry with the same key",
                                     {"request_key": ["in progress"]}) from None
        if done is not None:
            return done.get("result")
        try:
            result = run()
        except BaseException:
            ledger.release(key)  # not done: a redelivery may try again
            raise
        ledger.complete(key, result=result)
        return result


def command(fn=None, slots: str | None = None, **rpc_options):
    """Declare an RPC that changes state: `@command` instead of `@rpc`. The service needs a CommandLog
    dependency named `commands` (every ServiceBase has one). `slots`: the name of the service's
    tianping.infra.slots.Slots bounding how many run at once — taken before the command log is touched, so a call
    refused past the bound costs the store nothing."""
    if fn is None:
        return functools.partial(command, slots=slots, **rpc_options)

    @functools.wraps(fn)
    def once(self, *args, **kwargs):
        def run():
            return self.commands.once(fn.__name__, lambda: fn(self, *args, **kwargs))
        if slots is None:
            return run()
        with getattr(self, slots).take():
            return run()

    once.__signature__ = inspect.signature(fn)  # nameko checks call signatures against it
    once.changes_state = True
    return rpc(**rpc_options)(once)


def keyed_command(fn=None, **rpc_options):
    """An RPC that changes state and is exactly-once by its own domain key instead of the command log — for a hot
    path whose store already records the request key with the change it commits, in the same transaction (the
    blacklist authority): a redelivery gets the committed change back, and no extra writes are spent per call."""
    if fn is None:
        return functools.partial(keyed_command, **rpc_options)
    fn.changes_state = True
    return rpc(**rpc_options)(fn)
