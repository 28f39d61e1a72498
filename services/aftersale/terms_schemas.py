"""A merchant's published service terms (R-AFT-03) and each after-sales channel's hours, time limit and standard
(R-AFT-04): inputs and outputs."""

from marshmallow import Schema, validate

from tianping.lib import fields
from tianping.lib.schemas import Strict

from . import terms_rules

TEXT = validate.Length(min=1, max=2000)


class ContactIn(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    phone = fields.String(required=True, validate=validate.Regexp(r"^[0-9+\-() ]{5,32}$"))
    hours = fields.String(load_default="", validate=validate.Length(max=100))


HHMM = validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", error="a local time HH:MM")


class ChannelTermsIn(Strict):
    """R-AFT-04: one after-sales channel's published terms: its service hours, time limit and service standard."""
    channel = fields.String(required=True, validate=validate.OneOf(terms_rules.CHANNELS))
    days = fields.List(fields.Integer(validate=validate.Range(min=1, max=7)), required=True,
                       validate=validate.Length(min=1, max=7),
                       metadata={"description": "ISO weekdays the channel is staffed, 1 = Monday"})
    opens = fields.String(required=True, validate=HHMM, metadata={"description": "platform time zone"})
    closes = fields.String(required=True, validate=HHMM)
    response_hours = fields.Integer(required=True, validate=validate.Range(min=1, max=720), metadata={
        "description": "time limit to respond, counted from receipt within the hours, else from the next opening"})
    standard = fields.String(required=True, validate=TEXT)


class TermsIn(Strict):
    """R-AFT-03 / R-AFT-04: the merchant's published service terms."""
    response_hours = fields.Integer(required=True, validate=validate.Range(min=1, max=720))
    return_days = fields.Integer(required=True, validate=validate.Range(min=0, max=365))
    warranty_days = fields.Integer(required=True, validate=validate.Range(min=0, max=3650))
    return_policy = fields.String(required=True, validate=TEXT)
    warranty_policy = fields.String(required=True, validate=TEXT)
    service_hours = fields.String(required=True, validate=validate.Length(min=1, max=200))
    repair_contacts = fields.List(fields.Nested(ContactIn), required=True, validate=validate.Length(min=1, max=20))
    channels = fields.List(fields.Nested(ChannelTermsIn), load_default=list, validate=validate.Length(max=4))


class ContactOut(Schema):
    name = fields.String()
    phone = fields.String()
    hours = fields.String()


class ChannelTermsOut(Schema):
    channel = fields.String()
    days = fields.List(fields.Integer())
    opens = fields.String()
    closes = fields.String()
    response_hours = fields.Integer()
    standard = fields.String()


class TermsOut(Schema):
    merchant_id = fields.String()
    version = fields.Integer()
    response_hours = fields.Integer()
    return_days = fields.Integer()
    warranty_days = fields.Integer()
    return_policy = fields.String(allow_none=True)
    warranty_policy = fields.String(allow_none=True)
    service_hours = fields.String(allow_none=True)
    repair_contacts = fields.List(fields.Nested(ContactOut))
    channels = fields.List(fields.Nested(ChannelTermsOut))
    effective_from = fields.DateTime(allow_none=True)
    platform_default = fields.Boolean()


class LiveCommitmentsIn(Strict):
    """After-sales commitments made on air in the livestream the order was sold in (R-AFT-09)."""
    return_days = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=365))
    warranty_days = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=3650))
    statement = fields.String(required=True, validate=TEXT, metadata={"description": "what was said, as recorded"})
