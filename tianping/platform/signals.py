"""What any service reports to reputation: a violation it found, or an observation that feeds the credit score.
Each reporting service declares its own Event with these schemas in its contracts; reputation subscribes to each."""

from marshmallow import Schema, validate

from tianping.lib import fields
from tianping.lib.schemas import RULE_ID


class ViolationDetected(Schema):
    """A violation a service found, for reputation to record (its dedupe key makes redelivery harmless)."""
    subject_id = fields.String(required=True, validate=validate.Length(min=1, max=128))
    subject_type = fields.String(required=True)
    rule_id = fields.String(required=True, validate=RULE_ID)
    severity = fields.String(required=True, validate=validate.OneOf(("general", "serious")))
    source_service = fields.String(required=True)
    evidence = fields.List(fields.String(), required=True)
    identity_keys = fields.List(fields.String(), load_default=list)
    dedupe_key = fields.String(required=True)


class SignalObserved(Schema):
    """One input of a subject's credit score (reputation's SignalIn): kind, value, when, and a dedupe key."""
    subject_id = fields.String(required=True, validate=validate.Length(min=1, max=128))
    kind = fields.String(required=True)
    value = fields.Raw(allow_none=True)
    source_service = fields.String(required=True)
    occurred_at = fields.String(required=True)  # ISO 8601 with offset, passed on to SignalIn as written
    dedupe_key = fields.String(required=True, validate=validate.Length(min=1, max=256))
