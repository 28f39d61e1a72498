from marshmallow import Schema, fields, validate

from tianping.schemas import Strict
from tianping.trail import StepOut

from . import rules


class RequestIn(Strict):
    order_id = fields.String(required=True, validate=validate.Length(min=1, max=128))
    buyer_id = fields.String(required=True, validate=validate.Length(min=1, max=128))
    merchant_id = fields.String(required=True, validate=validate.Length(min=1, max=128))
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
