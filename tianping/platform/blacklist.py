"""Each service's own durable replica of the platform blacklist, and the entrypoints that keep it in step.

Reputation is the authority: every change (add / lift) has a gap-free sequence number. Each service keeps
a replica in its own database (tianping.platform.blacklist_replica) and checks it on its hot path with one indexed
read — never an RPC per check. Changes arrive as `reputation.blacklist_changed` events (batches, in an envelope) and
are applied idempotently and strictly in sequence order, a gap filled from the authority first
(tianping.platform.blacklist_follow). A timer (eager, so it also runs at start-up) compares the applied sequence with
the authority's head and catches up (anti-entropy). A service reacts in `blacklist_reaction(changes)` — a gap-free
run, so one bulk write can serve many changes — which must be idempotent: it runs before the cursor moves, so a crash
re-runs it.
"""

import logging
import time

import eventlet
from nameko.extensions import DependencyProvider
from nameko.timer import timer

from tianping.infra import db, probes, roundtrips
from tianping.infra.rpc import TimedRpc, rpc
from tianping.lib import config as cfg
from tianping.lib import envelope
from tianping.platform import sanctions
from tianping.platform.blacklist_replica import Replica
from tianping.platform.blacklist_schemas import BATCH_SCHEMA, REPLICA_ENTRY, REPLICA_STATUS
from tianping.platform.contracts import durable_event_handler
from tianping.platform.sanction_views import SanctionEnforcing

log = logging.getLogger(__name__)

AUTHORITY = "reputation"
EVENT_TYPE = "blacklist_changed"
ANTI_ENTROPY_SECONDS = float(cfg.env("TIANPING_ANTI_ENTROPY_SECONDS", "2"))


class BlacklistReplica(DependencyProvider):
    """Gives the worker this service's Replica (one per service process; one lock orders its appliers)."""

    def setup(self):
        service = self.container.service_name
        database = db.database(self.container.config, service)
        self.replica = Replica(database, service, eventlet.semaphore.Semaphore())
        self.replica.ensure_indexes()

    def get_dependency(self, worker_ctx):
        return self.replica


def replica_readiness(container) -> str:
    """/readyz's "replica" check: the replica has compared itself with the authority and is not behind it for
    longer than TIANPING_READY_REPLICA_SECONDS."""
    for provider in container.extensions:
        if isinstance(provider, BlacklistReplica):
            replica = getattr(provider, "replica", None)
            if replica is None or replica.checked_at is None:
                return "blacklist replica not yet compared with the authority"
            if replica.behind_since is not None and \
                    time.monotonic() - replica.behind_since > probes.replica_bound_seconds():
                return f"blacklist replica behind the authority for over {probes.replica_bound_seconds():g}s"
    return "ok"


probes.register_check("replica", replica_readiness)


class BlacklistEnforcing(SanctionEnforcing):
    """Mixin for every service: keeps the replica in step and reports on it.

    Subclasses override `blacklist_reaction(changes)` with their own idempotent reaction to a run of changes.
    """

    blacklist = BlacklistReplica()
    authority_rpc = TimedRpc()

    def blacklist_reaction(self, changes: list[dict]) -> None:
        """Service-specific reaction to a gap-free run of changes, in order; must be idempotent."""

    def sanction_reaction(self, changes: list[dict]) -> None:
        """Service-specific reaction to the sanction changes of a run (tianping.platform.sanctions); must be idempotent."""

    def replica_reaction(self, changes: list[dict]) -> None:
        blacklisted, sanctioned = sanctions.split(changes)
        if blacklisted:
            self.blacklist_reaction(blacklisted)
        if sanctioned:
            self.sanction_reaction(sanctioned)

    def _fetch_from_authority(self, after: int, limit: int) -> list[dict]:
        return self.authority_rpc.call(AUTHORITY, "blacklist_changes", after, limit)

    def _authority_head(self, report: dict | None = None) -> dict:
        return self.authority_rpc.call(AUTHORITY, "blacklist_head", report, timeout=2)

    @durable_event_handler(AUTHORITY, EVENT_TYPE)
    def on_blacklist_changed(self, message):
        body = envelope.unwrap(message)
        # every change of a real authority names its log; anything else is not ours to apply
        changes = [c for c in BATCH_SCHEMA.load(body["payload"])["changes"] if c.get("epoch")]
        self.blacklist.apply(changes, fetch=self._fetch_from_authority, reaction=self.replica_reaction)
        if self.blacklist.diverged:  # the authority's log changed under this replica: compare with it now
            self.blacklist_anti_entropy()

    @timer(interval=ANTI_ENTROPY_SECONDS, eager=True)
    def blacklist_anti_entropy(self):
        cursor = self.blacklist.cursor_doc()
        try:  # the report lets the authority notice a restore of its database (replica ahead of it)
            head = self._authority_head(self.blacklist.report(cursor))
        except Exception as exc:  # noqa: BLE001 - authority down: next tick retries
            log.debug("anti-entropy skipped: %s", exc)
            return
        repaired = self.blacklist.catch_up(head["head"], self._fetch_from_authority, self.replica_reaction,
                                           epoch=head.get("epoch"), cursor=cursor,
                                           upto=self.blacklist.overdue(head["head"], head.get("epoch")))
        if repaired:
            log.warning("anti-entropy applied %d missed blacklist changes", repaired)

    @rpc
    def blacklist_status(self):
        """This service's replica: applied sequence, last applied time, size."""
        return REPLICA_STATUS.dump({**self.blacklist.status(),
                                    "round_trips": roundtrips.per_change(self.name, roundtrips.REPLICA_WORK),
                                    "round_trips_by_work": roundtrips.by_work(self.name)})

    @rpc
    def blacklist_entry(self, subject_id):
        """This service's replica entry for a subject and the changes it applied (seq, committed_at, applied_at, path)."""
        return REPLICA_ENTRY.dump({"service": self.name, "entry": self.blacklist.entry(subject_id),
                                   "history": self.blacklist.history(subject_id)})
