from marshmallow import Schema, fields, validate

from tianping.schemas import ID, Strict
from tianping.trail import StepOut

from . import rules


class RequestIn(Strict):
    order_id = fields.String(required=True, validate=ID)
    buyer_id = fields.String(required=True, validate=ID)
    merchant_id = fields.String(required=True, validate=ID)
    kind = fields.String(required=True, validate=validate.OneOf(rules.KINDS))



class RequestOut(Schema):
    request_id = fields.String()
    order_id = fields.String()
    buyer_id = fields.String()
    merchant_id = fields.String()
    kind = fields.String()
    status = fields.String()
    deadline_owner = fields.String()
    response_due = fields.DateTime()
    trail = fields.List(fields.Nested(StepOut))
    opened_at = fields.DateTime()
