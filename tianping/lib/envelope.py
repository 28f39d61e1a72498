"""The event envelope every published event travels in."""

import uuid
from datetime import datetime

from marshmallow import EXCLUDE, Schema

from tianping.lib import clock, fields

SCHEMA_VERSION = 1


class EnvelopeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True)
    event_type = fields.String(required=True)
    schema_version = fields.Integer(required=True)
    occurred_at = fields.DateTime(required=True)
    producer = fields.String(required=True)
    correlation_id = fields.String(allow_none=True, load_default=None)
    payload = fields.Dict(required=True)


_schema = EnvelopeSchema()


def wrap(event_type: str, producer: str, payload: dict, correlation_id: str | None = None,
         event_id: str | None = None, occurred_at: datetime | None = None) -> dict:
    """Build a JSON-ready envelope; `payload` must already be serialised by its own schema."""
    return _schema.dump({
        "event_id": event_id or uuid.uuid4().hex,
        "event_type": event_type,
        "schema_version": SCHEMA_VERSION,
        "occurred_at": occurred_at or clock.now(),
        "producer": producer,
        "correlation_id": correlation_id,
        "payload": payload,
    })


def unwrap(message: dict) -> dict:
    """Validate an incoming envelope; raises marshmallow.ValidationError if malformed."""
    return _schema.load(message)
