"""What a live room operator reads of the people it may hire (R-REP-20, R-REP-21)."""

from marshmallow import Schema, validate

from tianping.lib import fields
from tianping.lib.schemas import ID, Strict

from .schemas import ViolationOut


class StaffRecordOut(Schema):
    """What a live room operator sees of a person it may hire (R-REP-20, R-REP-21, R-ONB-39, R-ONB-45)."""
    subject_id = fields.String()
    published_penalties = fields.List(fields.Nested(ViolationOut))
    dishonesty_records = fields.List(fields.Nested(ViolationOut))
    eligible_for_jewelry_hosting = fields.Boolean()
    preferred = fields.Boolean(metadata={"description": "no dishonesty record: to be preferred when hiring"})


class StaffRecordsOut(Schema):
    as_of = fields.DateTime()
    items = fields.List(fields.Nested(StaffRecordOut), metadata={
        "description": "the people asked about, those without a dishonesty record first (R-ONB-45)"})
    rule_ids = fields.List(fields.String())


class StaffRecordsIn(Strict):
    subject_ids = fields.List(fields.String(validate=ID), required=True, validate=validate.Length(min=1, max=50))
