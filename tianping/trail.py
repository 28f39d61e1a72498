"""The audit trail every case-like record carries: who did what, when, under which rules (append-only)."""

from datetime import UTC, datetime

import mongoengine as me
from marshmallow import Schema, fields


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime | None) -> datetime | None:
    """A datetime read back from the store, as UTC-aware (None stays None)."""
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


class TrailStep(me.EmbeddedDocument):
    event = me.StringField(required=True)
    actor = me.StringField()
    rule_ids = me.ListField(me.StringField())
    cause = me.StringField()  # e.g. "blacklist:17": makes reactions idempotent and explainable
    at = me.DateTimeField(default=utcnow)


class TrailStepOut(Schema):
    event = fields.String()
    actor = fields.String()
    rule_ids = fields.List(fields.String())
    cause = fields.String()
    at = fields.DateTime()
