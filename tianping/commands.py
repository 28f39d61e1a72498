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
from datetime import timedelta

import eventlet
from nameko.extensions import DependencyProvider
from pymongo.errors import DuplicateKeyError

from . import clock, db
from .rpc import REQUEST_KEY, rpc

COLLECTION = "rpc_commands"
COMMAND_TTL_DAYS = 7
LEASE_SECONDS = 10.0  # longer than any command runs; a dead owner holds its key this long
POLL_SECONDS = 0.05


class CommandLog(DependencyProvider):
    """Gives each worker a CommandRun bound to its request key (None when the call carries none)."""

    def setup(self):
        self._collection = None

    def collection(self):
        if self._collection is None:  # lazily: a component with no command never touches a database
            collection = db.database(self.container.config, self.container.service_name)[COLLECTION]
            collection.create_index("at", expireAfterSeconds=COMMAND_TTL_DAYS * 86400)
            self._collection = collection
        return self._collection

    def get_dependency(self, worker_ctx):
        return CommandRun(self, worker_ctx.data.get(REQUEST_KEY))


class CommandRun:
    def __init__(self, log: CommandLog, request_key: str | None):
        self.log = log
        self.request_key = request_key

    def once(self, name: str, run):
        if not self.request_key:
            return run()
        return self._claim(self.log.collection(), f"{name}:{self.request_key}", run)

    def _claim(self, collection, key, run):
        try:
            collection.insert_one({"_id": key, "state": "running", "at": clock.now(),
                                   "lease_until": clock.now() + timedelta(seconds=LEASE_SECONDS)})
        except DuplicateKeyError:
            return self._replay(collection, key, run)
        return self._run(collection, key, run)

    @staticmethod
    def _run(collection, key, run):
        try:
            result = run()
        except BaseException:
            collection.delete_one({"_id": key, "state": "running"})  # not done: a redelivery may try again
            raise
        collection.update_one({"_id": key}, {"$set": {"state": "done", "result": result, "done_at": clock.now()}})
        return result

    def _replay(self, collection, key, run):
        deadline = clock.now() + timedelta(seconds=LEASE_SECONDS * 2)
        while clock.now() < deadline:
            doc = collection.find_one({"_id": key})
            if doc is None:  # the first attempt failed and let go: this delivery tries
                return self._claim(collection, key, run)
            if doc["state"] == "done":
                return doc.get("result")
            if clock.aware(doc["lease_until"]) < clock.now():
                taken = collection.update_one(
                    {"_id": key, "state": "running", "lease_until": doc["lease_until"]},
                    {"$set": {"lease_until": clock.now() + timedelta(seconds=LEASE_SECONDS)}})
                if taken.modified_count:  # the owner died mid-command: finish it
                    return self._run(collection, key, run)
            eventlet.sleep(POLL_SECONDS)
        raise TimeoutError(f"command {key} is still running elsewhere")


def command(fn=None, **rpc_options):
    """Declare an RPC that changes state: `@command` instead of `@rpc`. The service needs a CommandLog
    dependency named `commands` (every ServiceBase has one)."""
    if fn is None:
        return functools.partial(command, **rpc_options)

    @functools.wraps(fn)
    def once(self, *args, **kwargs):
        return self.commands.once(fn.__name__, lambda: fn(self, *args, **kwargs))

    once.__signature__ = inspect.signature(fn)  # nameko checks call signatures against it
    return rpc(**rpc_options)(once)
