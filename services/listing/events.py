"""Events listing publishes."""

from marshmallow import Schema, fields

LISTING_WITHDRAWN = "listing_withdrawn"


class ListingWithdrawn(Schema):
    listing_id = fields.String(required=True)
    operator_id = fields.String(required=True)
    rule_ids = fields.List(fields.String(), required=True)
    cause = fields.String(required=True)
