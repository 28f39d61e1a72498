"""Events the reputation service publishes, with their payload schemas."""

from marshmallow import Schema, fields

from tianping.blacklist import BatchSchema  # noqa: F401 - re-exported

VIOLATION_RECORDED = "violation_recorded"
SANCTION_CHANGED = "sanction_changed"


class ViolationRecorded(Schema):
    violation_id = fields.String(required=True)
    subject_id = fields.String(required=True)
    rule_id = fields.String(required=True)
    serious = fields.Boolean(required=True)
    points = fields.Integer(required=True)
    rule_ids = fields.List(fields.String(), required=True)
    policy_version = fields.String(required=True)


class SanctionChanged(Schema):
    subject_id = fields.String(required=True)
    sanction = fields.String(required=True)
    previous = fields.String(required=True)
    points = fields.Integer(required=True)
    rule_ids = fields.List(fields.String(), required=True)
    policy_version = fields.String(required=True)
