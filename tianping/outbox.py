"""Transactional outbox relay.

A producer commits a record with `published: False` in the same transaction as the decision it
describes, then calls `notify()`. The relay — one managed greenthread per process — publishes pending
records in sequence order, in batches (one message per batch, so throughput does not hinge on one
publisher confirm per change), waits for the broker's confirm, then marks them published. A crash
between commit and publish loses nothing: the relay finds the record on its next pass. Publishing twice
(a crash after the confirm, or two instances) is harmless: consumers apply by sequence number.
"""

import logging

import eventlet
from eventlet.queue import Empty, LightQueue
from nameko.amqp.publish import Publisher
from nameko.events import get_event_exchange
from nameko.extensions import DependencyProvider

from . import clock, db, envelope, metrics

log = logging.getLogger(__name__)


class OutboxRelay(DependencyProvider):
    def __init__(self, collection: str, event_type: str, to_payload, batch_size: int = 200,
                 poll_interval: float = 0.5):
        self.collection_name = collection
        self.event_type = event_type
        self.to_payload = to_payload          # list[record] -> JSON-ready payload dict
        self.batch_size = batch_size
        self.poll_interval = poll_interval

    def setup(self):
        service = self.container.service_name
        self.collection = db.database(self.container.config, service)[self.collection_name]
        # The owning service's model declares the (published, seq) index this relay's query needs.
        self.exchange = get_event_exchange(service, self.container.config)
        self.publisher = Publisher(self.container.config["AMQP_URI"], serializer="json", use_confirms=True,
                                   declare=[self.exchange])
        self._wake = LightQueue()
        self._running = False

    def start(self):
        self._running = True
        self.container.spawn_managed_thread(self._run, identifier="outbox-relay")

    def stop(self):
        self._running = False
        self._wake.put(None)

    def kill(self):
        self.stop()

    def notify(self) -> None:
        self._wake.put(None)

    def get_dependency(self, worker_ctx):
        return self

    def _run(self):
        while self._running:
            try:
                self._wake.get(timeout=self.poll_interval)
            except Empty:
                pass
            while self._running:
                try:  # drain queued wake-ups: one pass serves them all
                    self._wake.get_nowait()
                except Empty:
                    break
            try:
                while self._running and self.publish_pending() == self.batch_size:
                    pass
            except Exception:  # noqa: BLE001 - broker or store hiccup: retry on the next pass
                log.exception("outbox relay pass failed; will retry")
                eventlet.sleep(self.poll_interval)

    def publish_pending(self) -> int:
        records = list(self.collection.find({"published": False}).sort("seq", 1).limit(self.batch_size))
        metrics.OUTBOX_PENDING.set(len(records))
        if not records:
            return 0
        message = envelope.wrap(self.event_type, self.container.service_name, self.to_payload(records),
                                correlation_id=records[0].get("correlation_id"))
        self.publisher.publish(message, exchange=self.exchange, routing_key=self.event_type)
        self.collection.update_many({"_id": {"$in": [r["_id"] for r in records]}},
                                    {"$set": {"published": True, "published_at": clock.now()}})
        return len(records)
