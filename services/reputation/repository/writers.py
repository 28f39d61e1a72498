"""The blacklist authority's writer sessions (repository.authority).

A writer killed mid-commit leaves its transaction, and its lock on the counter, to the store's transaction lifetime
(60 s on mongod and the embedded store). Each process therefore commits through one session it announces with a
heartbeat; the others abort a silent writer's session (killSessions).
"""

import logging
import time
import uuid
from datetime import timedelta

from bson import Binary

from tianping.lib import clock

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 1.0
DEAD_AFTER_SECONDS = 5.0     # a writer silent this long is dead: its transaction is aborted, its locks freed


class Writers:
    """This process's announced writer session, and the reaping of the others' dead ones."""

    def __init__(self, database):
        self.db = database
        self.announced = database["authority_writers"]
        self.instance = uuid.uuid4().hex
        self._session = None
        self._last_reap = 0.0

    def session(self):
        if self._session is None or self._session.has_ended:
            self._session = self.db.client.start_session()
            self.announced.replace_one({"_id": self.instance},
                                       {"lsid": self._session.session_id, "beat_at": clock.now()}, upsert=True)
        return self._session

    def heartbeat(self) -> None:
        if self._session is not None:
            self.announced.update_one({"_id": self.instance}, {"$set": {"beat_at": clock.now()}})
        if time.monotonic() - self._last_reap > DEAD_AFTER_SECONDS:
            self.reap_dead()

    def reap_dead(self) -> int:
        """Abort the transactions of writers that stopped beating; returns how many were reaped."""
        self._last_reap = time.monotonic()
        silent = clock.now() - timedelta(seconds=DEAD_AFTER_SECONDS)
        dead = list(self.announced.find({"beat_at": {"$lt": silent}, "_id": {"$ne": self.instance}}))
        if not dead:
            return 0
        # stored ids come back as uuid.UUID; the command is encoded with the default codec, which wants Binary
        lsids = [{"id": Binary.from_uuid(d["lsid"]["id"]) if isinstance(d["lsid"]["id"], uuid.UUID)
                  else d["lsid"]["id"]} for d in dead]
        self.db.client.admin.command("killSessions", lsids)
        self.announced.delete_many({"_id": {"$in": [d["_id"] for d in dead]}})
        log.warning("aborted the open transactions of %d dead blacklist writer(s)", len(dead))
        return len(dead)
