"""How a deadline and a sweep leave a service (output schemas of tianping.deadlines)."""

from marshmallow import Schema, fields


class DeadlineOut(Schema):
    """A deadline as a record's reader sees it (its clock, the rule behind it, what became of it)."""
    kind = fields.String()
    due_at = fields.DateTime()
    status = fields.String()
    owner = fields.String(allow_none=True)
    rule_id = fields.String()
    seconds_left = fields.Float(allow_none=True)
    fired_at = fields.DateTime(allow_none=True)
    outcome = fields.String(allow_none=True)


class SweepOut(Schema):
    fired = fields.Integer()
    failed = fields.Integer()
    retry = fields.Integer()
    batches = fields.Integer()
