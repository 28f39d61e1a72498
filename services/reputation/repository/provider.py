"""The authority as a nameko dependency: one per reputation process, with its writer's heartbeat."""

import logging

import eventlet
from nameko.extensions import DependencyProvider

from tianping import db

from .authority import HEARTBEAT_SECONDS, Authority

log = logging.getLogger(__name__)


class AuthorityProvider(DependencyProvider):
    """One Authority — and so one writer lock and one announced session — per reputation process."""

    def setup(self):
        self.authority = Authority(db.database(self.container.config, self.container.service_name))
        self.authority.ensure_log()

    def start(self):
        self.container.spawn_managed_thread(self._beat, identifier="authority-heartbeat")

    def _beat(self):
        while True:
            try:
                self.authority.heartbeat()
            except Exception:  # noqa: BLE001 - store briefly away: the next beat retries
                log.warning("authority heartbeat failed", exc_info=True)
            eventlet.sleep(HEARTBEAT_SECONDS)

    def get_dependency(self, worker_ctx):
        return self.authority
