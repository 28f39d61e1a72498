"""The authority as a nameko dependency: one per reputation process, with its writer's heartbeat."""

import logging

import eventlet
from nameko.extensions import DependencyProvider

from tianping.infra import db
from tianping.platform.audit import AuditTrail
from tianping.platform.outbox import OutboxRelay

from .authority import Authority
from .writers import HEARTBEAT_SECONDS

log = logging.getLogger(__name__)


class AuthorityProvider(DependencyProvider):
    """One Authority — and so one writer lock and one announced session — per reputation process."""

    def setup(self):
        self.authority = Authority(db.database(self.container.config, self.container.service_name))
        self.authority.ensure_log()

    def start(self):
        # the service's own audit trail (set up by its provider): the writer audits each batch's decisions with it
        trails = [d for d in self.container.dependencies if isinstance(d, AuditTrail)]
        self.authority.audit = trails[0].log if trails else None
        # and its outbox relay: the writer hands each batch's changes over as soon as they are committed
        relays = [d for d in self.container.dependencies if isinstance(d, OutboxRelay)]
        self.authority.on_commit = relays[0].hand_off if relays else None
        self.container.spawn_managed_thread(self._beat, identifier="authority-heartbeat")

    def _beat(self):
        while True:
            try:
                self.authority.writers.heartbeat()
            except Exception:  # noqa: BLE001 - store briefly away: the next beat retries
                log.warning("authority heartbeat failed", exc_info=True)
            eventlet.sleep(HEARTBEAT_SECONDS)

    def get_dependency(self, worker_ctx):
        return self.authority
