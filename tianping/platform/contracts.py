"""Event contracts: one object per event type, naming its publisher, routing key and payload schema.

Every service declares the events it publishes in its own `contracts.py`; publishing dumps the payload through
the schema and refuses one that breaks it (ContractBroken: a defect in the publisher, caught by its tests, never a
malformed event on the broker); consuming loads the payload through the same schema; handlers subscribe with
`subscribe(EVENT)`, never by string literals.
"""

import functools
from dataclasses import dataclass

from marshmallow import EXCLUDE, Schema
from nameko.events import SERVICE_POOL, EventDispatcher, EventHandler

from tianping.infra.amqp import BoundedQueueConsumer
from tianping.infra.deadletters import deliver
from tianping.lib import config as cfg
from tianping.lib import envelope, fields
from tianping.lib.logs import current_correlation_id
from tianping.lib.schemas import RULE_ID


class ContractBroken(Exception):
    """A payload that does not match its event's schema (a defect in the publishing code)."""


@dataclass(frozen=True)
class Event:
    source: str              # the publishing service
    name: str                # the routing key
    schema: type[Schema]     # the payload
    description: str = ""
    outside: str = ""        # a consumer outside the five services (e.g. the platform's live system) and its binding

    def dump(self, payload: dict) -> dict:
        schema = self.schema()
        data = schema.dump(payload)
        problems = schema.validate(data)
        if problems:
            raise ContractBroken(f"{self.source}.{self.name} payload breaks its contract: {problems}")
        return data

    def load(self, message: dict) -> dict:
        """The payload of an incoming envelope, loaded through the contract (raises ValidationError). Fields a newer
        publisher added are ignored: consumers upgrade after producers."""
        return self.schema().load(envelope.unwrap(message)["payload"], unknown=EXCLUDE)


class StateChanged(Schema):
    """The payload of "a record's state changed", written once: its status now and the rules behind the change. Each
    service's event extends it with the record's own fields (ids, parties)."""
    status = fields.String(required=True)
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True)


class StepChanged(StateChanged):
    """A state change that is a step of the record's history (tianping.lib.trail.Step): what happened, the state
    before, who did it and when."""
    event = fields.String(required=True)
    previous = fields.String(required=True, allow_none=True)
    actor = fields.String(required=True)
    at = fields.DateTime(required=True)


class DurableEventHandler(EventHandler):
    """nameko's SERVICE_POOL handler with reliable delivery, its queue declared with the same arguments as the
    launcher's topology step declares it (quorum on a RabbitMQ cluster: TIANPING_QUEUE_TYPE)."""

    def __init__(self, source_service, event_type):
        super().__init__(source_service, event_type, handler_type=SERVICE_POOL, reliable_delivery=True)

    def setup(self):
        super().setup()
        self.queue.queue_arguments = cfg.durable_queue_arguments()


class BoundedEventHandler(DurableEventHandler):
    """A durable handler that takes at most N of the service's workers, N read from the service's config (`setting`):
    its queue is consumed on a connection of its own whose prefetch is N (tianping.infra.amqp.BoundedQueueConsumer),
    so a backlog on its queue leaves the other workers to the RPCs and the other handlers."""

    def __init__(self, source_service, event_type, setting: str):
        super().__init__(source_service, event_type)
        self.queue_consumer = BoundedQueueConsumer(setting)


durable_event_handler = DurableEventHandler.decorator


def subscribe(event: Event, workers: str | None = None):
    """A durable SERVICE_POOL handler of `event` (one queue per service, declared by the launcher). A message the
    handler cannot process is retried a bounded number of times, then parked (tianping.infra.deadletters).
    `workers`: the config setting bounding how many workers the handler takes at once (BoundedEventHandler) — for a
    queue whose backlog must not make the service's RPCs wait (a live platform's peak of segment batches)."""

    def decorate(fn):
        @functools.wraps(fn)
        def handler(self, message):
            return deliver(self, event, fn.__name__, lambda: fn(self, message), message)

        if workers is not None:
            return BoundedEventHandler.decorator(event.source, event.name, workers)(handler)
        return durable_event_handler(event.source, event.name)(handler)

    return decorate


class EventPublisher(EventDispatcher):
    """`self.events.publish(contracts.SOME_EVENT, payload)`: checked against the contract, sent in the envelope with
    the worker's correlation id."""

    def get_dependency(self, worker_ctx):
        dispatch = super().get_dependency(worker_ctx)
        service = self.container.service_name

        def publish(event: Event, payload: dict) -> None:
            if event.source != service:
                raise ContractBroken(f"{service} cannot publish {event.source}.{event.name}")
            dispatch(event.name, envelope.wrap(event.name, service, event.dump(payload), current_correlation_id()))

        return publish
