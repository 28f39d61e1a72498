from marshmallow import EXCLUDE, Schema, fields, validate

from . import rules


class IdentityIn(Schema):
    class Meta:
        unknown = EXCLUDE

    real_name = fields.String(validate=validate.Length(max=200))
    id_number = fields.String(validate=validate.Length(max=64))
    credit_code = fields.String(validate=validate.Length(max=64))
    legal_representative_id = fields.String(validate=validate.Length(max=64))


class SubjectIn(Schema):
    class Meta:
        unknown = EXCLUDE

    subject_id = fields.String(required=True, validate=validate.Length(min=1, max=128))
    subject_type = fields.String(required=True, validate=validate.OneOf(rules.SUBJECT_TYPES))
    display_name = fields.String(load_default="", validate=validate.Length(max=200))
    identity = fields.Nested(IdentityIn, load_default=dict)


class ContractIn(Schema):
    class Meta:
        unknown = EXCLUDE

    host_id = fields.String(required=True, validate=validate.Length(min=1, max=128))


class StatusChangeOut(Schema):
    status = fields.String()
    previous = fields.String()
    reason = fields.String()
    rule_ids = fields.List(fields.String())
    cause = fields.String()
    at = fields.DateTime()


class SubjectOut(Schema):
    subject_id = fields.String()
    subject_type = fields.String()
    status = fields.String()
    display_name = fields.String()
    history = fields.List(fields.Nested(StatusChangeOut))
    created_at = fields.DateTime()
