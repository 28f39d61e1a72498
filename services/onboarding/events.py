"""Events onboarding publishes."""

from marshmallow import Schema, fields

SUBJECT_STATUS_CHANGED = "subject_status_changed"
VIOLATION_DETECTED = "violation_detected"


class SubjectStatusChanged(Schema):
    subject_id = fields.String(required=True)
    subject_type = fields.String(required=True)
    status = fields.String(required=True)
    previous = fields.String(required=True)
    rule_ids = fields.List(fields.String(), required=True)
    cause = fields.String(required=True)


# violation_detected carries reputation's ViolationIn payload (with a dedupe_key).

APPLICATION_SUBMITTED = "application_submitted"
APPLICATION_DECIDED = "application_decided"


class ApplicationSubmitted(Schema):
    application_id = fields.String(required=True)
    subject_id = fields.String(required=True)
    status = fields.String(required=True)
    rule_ids = fields.List(fields.String(), required=True)


class ApplicationDecided(ApplicationSubmitted):
    reviewer = fields.String(required=True)
