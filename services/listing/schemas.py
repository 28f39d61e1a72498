from marshmallow import Schema, fields, validate

from tianping.schemas import ID, Strict
from tianping.trail import StepOut


class ListingIn(Strict):
    operator_id = fields.String(required=True, validate=ID)
    host_id = fields.String(load_default=None, validate=ID)
    title = fields.String(required=True, validate=validate.Length(min=1, max=500))


class ListingOut(Schema):
    listing_id = fields.String()
    operator_id = fields.String()
    host_id = fields.String()
    title = fields.String()
    status = fields.String()
    trail = fields.List(fields.Nested(StepOut))
