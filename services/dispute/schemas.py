from marshmallow import Schema, fields, validate

from tianping.schemas import ID, Strict
from tianping.trail import StepOut


class CaseIn(Strict):
    consumer_id = fields.String(required=True, validate=ID)
    merchant_id = fields.String(required=True, validate=ID)
    order_id = fields.String(required=True, validate=ID)
    claim = fields.String(required=True, validate=validate.Length(min=1, max=4000))



class CaseOut(Schema):
    case_id = fields.String()
    consumer_id = fields.String()
    merchant_id = fields.String()
    order_id = fields.String()
    claim = fields.String()
    status = fields.String()
    flags = fields.List(fields.String())
    advance_compensation_available = fields.Boolean()
    trail = fields.List(fields.Nested(StepOut))
    opened_at = fields.DateTime()
