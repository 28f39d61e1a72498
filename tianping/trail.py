"""The audit trail every case-like record carries: who did what, when, under which rules (append-only)."""

import mongoengine as me
from marshmallow import Schema, fields

from .clock import aware  # noqa: F401 - re-exported
from .clock import now as utcnow  # noqa: F401 - document defaults follow the one clock


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
