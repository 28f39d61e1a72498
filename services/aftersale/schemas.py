"""Aftersale's RPC inputs (strict: unknown fields refused) and outputs (every answer leaves through one)."""

from marshmallow import Schema, validate, validates_schema

from tianping.lib import fields
from tianping.lib.schemas import DECIMAL_TEXT, ID, Strict, money
from tianping.lib.trail import HistoryOut, StepOut
from tianping.platform.deadlines import DeadlineOut, SweepOut  # noqa: F401 - part of this service's outputs  # noqa: F401 - part of this service's outputs

from . import rules, terms_rules
from .terms_schemas import (  # noqa: F401 - part of this service's inputs and outputs
    ChannelTermsIn,
    ChannelTermsOut,
    ContactIn,
    ContactOut,
    LiveCommitmentsIn,
    TermsIn,
    TermsOut,
)

TEXT = validate.Length(min=1, max=2000)


class ItemIn(Strict):
    sku = fields.String(required=True, validate=ID)
    name = fields.String(load_default="", validate=validate.Length(max=200))
    category = fields.String(required=True, validate=ID)
    quantity = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    amount = money(required=True)
    customised = fields.Boolean(load_default=False)
    exclusion = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(rules.LABELLED_EXCLUSIONS))
    buyer_confirmed_excluded = fields.Boolean(load_default=False)


class ReceiptIn(Strict):
    type = fields.String(required=True, validate=validate.OneOf(("invoice", "e_receipt", "paper_receipt")))
    reference = fields.String(required=True, validate=validate.Length(min=1, max=128))
    consumer_consented = fields.Boolean(load_default=False, metadata={
        "description": "an electronic receipt needs the consumer's consent, stored with it (R-AFT-14)"})


class OrderIn(Strict):
    order_id = fields.String(required=True, validate=ID)
    consumer_id = fields.String(required=True, validate=ID)
    merchant_id = fields.String(required=True, validate=ID)
    host_id = fields.String(load_default=None, allow_none=True, validate=ID)
    room_id = fields.String(load_default=None, allow_none=True, validate=ID)
    items = fields.List(fields.Nested(ItemIn), required=True, validate=validate.Length(min=1, max=200))
    total_amount = money(required=True)
    currency = fields.String(load_default="CNY", validate=validate.OneOf(("CNY", "HKD", "USD")))
    paid_at = fields.PastDateTime(required=True)
    shipped_at = fields.PastDateTime(load_default=None, allow_none=True)
    delivered_at = fields.PastDateTime(load_default=None, allow_none=True)
    receipt = fields.Nested(ReceiptIn, load_default=None, allow_none=True)
    made_to_order = fields.Boolean(load_default=False, metadata={
        "description": "goods or a service made to the buyer's order (R-AFT-13): needs agreed_delivery_date"})
    agreed_delivery_date = fields.Date(load_default=None, allow_none=True, metadata={
        "description": "the delivery date agreed in the order (platform time zone); undelivered at its end, the "
                       "merchant breaches R-AFT-13"})

    live_commitments = fields.Nested(LiveCommitmentsIn, load_default=None, allow_none=True, metadata={
        "description": "after-sales commitments made on air (R-AFT-09): honoured where better than the published terms"})

    @validates_schema
    def times_in_order(self, data, **_):
        fields.in_order(data, "paid_at", "shipped_at", "delivered_at")  # delivered >= shipped >= paid
        if data.get("made_to_order") and not data.get("agreed_delivery_date"):
            raise fields.inconsistent("a made-to-order order states the agreed delivery date (R-AFT-13)",
                                      "agreed_delivery_date")
        if data.get("live_commitments") and not data.get("room_id"):
            raise fields.inconsistent("commitments made on air belong to an order sold in a live room", "room_id")
        skus = [i["sku"] for i in data.get("items", [])]
        if len(skus) != len(set(skus)):
            raise fields.inconsistent("each sku once per order", "items")


class RequestBody(Strict):
    """What the buyer sends; the gateway adds the buyer from its token."""
    order_id = fields.String(required=True, validate=ID)
    kind = fields.String(required=True, validate=validate.OneOf(rules.KINDS))
    skus = fields.List(fields.String(validate=ID), load_default=list, validate=validate.Length(max=200))
    reason = fields.String(load_default="", validate=validate.Length(max=2000))
    channel = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(terms_rules.CHANNELS),
                            metadata={"description": "the after-sales channel the request came through (R-AFT-04)"})
    not_as_shown = fields.Boolean(load_default=False, metadata={
        "description": "a quality claim that the goods differ from those shown in the livestream they were sold in "
                       "(R-AFT-08); accepted by the merchant, it is a violation of the merchant and the host"})

    REQUIRED_WHEN = ("kind", {rules.QUALITY: {"reason": "a quality claim says what is wrong"}})


class RequestIn(RequestBody):
    buyer_id = fields.String(required=True, validate=ID)


RESPONSES = ("accept", "reject", "propose_repair", "propose_partial_refund", "request_info", "confirm_receipt",
             "refunded", "fulfilled")
BUYER_ACTIONS = ("ship_return", "accept_proposal", "decline_proposal", "reply", "withdraw")


class ResponseIn(Strict):
    """The merchant's move (or the platform's, on a blacklisted merchant's request)."""
    action = fields.String(required=True, validate=validate.OneOf(RESPONSES))
    reason = fields.String(load_default="", validate=validate.Length(max=2000))
    amount = money(load_default=None, allow_none=True)
    reference = fields.String(load_default="", validate=validate.Length(max=128))

    REQUIRED_WHEN = ("action", {
        ("reject", "request_info"): {"reason": "needs a reason the buyer can read (R-AFT-05)"},
        ("propose_partial_refund",): {"amount": "a partial refund names its amount"},
        ("refunded", "fulfilled"): {"reference": "names its payment or shipment reference"}})


class BuyerActionIn(Strict):
    action = fields.String(required=True, validate=validate.OneOf(BUYER_ACTIONS))
    tracking_number = fields.String(load_default="", validate=validate.Length(max=64))
    carrier = fields.String(load_default="", validate=validate.Length(max=64))
    message = fields.String(load_default="", validate=validate.Length(max=2000))

    REQUIRED_WHEN = ("action", {
        ("ship_return",): {"tracking_number": "shipping the goods back names the tracking number"},
        ("reply",): {"message": "a reply carries the information asked for"}})


class EscalationIn(Strict):
    reason = fields.String(required=True, validate=TEXT)


class SurveyIn(Strict):
    """R-AFT-16 / R-AFT-21: the buyer's follow-up answer once the request is closed."""
    satisfaction = fields.Integer(required=True, validate=validate.Range(min=1, max=5))
    resolved = fields.Boolean(required=True)
    comment = fields.String(load_default="", validate=validate.Length(max=1000))


# -- outputs ----------------------------------------------------------------------------------------------------
class ItemOut(Schema):
    sku = fields.String()
    name = fields.String()
    category = fields.String()
    quantity = fields.Integer()
    amount = fields.Decimal(places=2, as_string=True, metadata=DECIMAL_TEXT)
    customised = fields.Boolean()
    exclusion = fields.String(allow_none=True)
    buyer_confirmed_excluded = fields.Boolean()


class OrderOut(Schema):
    order_id = fields.String()
    consumer_id = fields.String()
    merchant_id = fields.String()
    host_id = fields.String(allow_none=True)
    room_id = fields.String(allow_none=True)
    items = fields.List(fields.Nested(ItemOut))
    total_amount = fields.Decimal(places=2, as_string=True, metadata=DECIMAL_TEXT)
    currency = fields.String()
    paid_at = fields.DateTime()
    shipped_at = fields.DateTime(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    receipt = fields.Dict(allow_none=True)
    made_to_order = fields.Boolean()
    live_commitments = fields.Dict(allow_none=True)
    agreed_delivery_date = fields.String(allow_none=True)
    delivery_due_at = fields.DateTime(allow_none=True)
    delivery_overdue_at = fields.DateTime(allow_none=True)
    anomaly = fields.Dict(allow_none=True)
    history = fields.List(fields.Nested(StepOut))
    recorded_at = fields.DateTime()
    retention_class = fields.String(allow_none=True)
    retain_until = fields.DateTime(allow_none=True)


class FlaggedOrdersOut(Schema):
    """A merchant's orders marked as suspected fabricated transactions (R-REP-02), newest first."""
    merchant_id = fields.String()
    items = fields.List(fields.Nested(OrderOut))
    rule_ids = fields.List(fields.String())


class SurveyInvitationOut(Schema):
    """The platform's follow-up of a closed request (R-AFT-16): answerable until answer_by (exclusive)."""
    invited_at = fields.DateTime()
    answer_by = fields.DateTime()
    rule_ids = fields.List(fields.String())


class RequestOut(HistoryOut):
    request_id = fields.String()
    order_id = fields.String()
    buyer_id = fields.String()
    merchant_id = fields.String()
    kind = fields.String()
    skus = fields.List(fields.String())
    reason = fields.String()
    channel = fields.String(allow_none=True)
    not_as_shown = fields.Boolean()
    status = fields.String()
    decision_rule_ids = fields.List(fields.String())
    deadline_owner = fields.String()
    due_at = fields.DateTime(allow_none=True)
    due_kind = fields.String(allow_none=True)
    terms = fields.Dict()
    policy_version = fields.String()
    proposal = fields.Dict()
    refund_amount = fields.Decimal(places=2, as_string=True, allow_none=True, metadata=DECIMAL_TEXT)
    tracking = fields.Dict()
    breaches = fields.Integer()
    survey = fields.Dict()
    survey_invitation = fields.Nested(SurveyInvitationOut, allow_none=True)
    deadlines = fields.List(fields.Nested(DeadlineOut))
    opened_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)
    retention_class = fields.String(allow_none=True)
    retain_until = fields.DateTime(allow_none=True)


class StatsOut(Schema):
    merchant_id = fields.String()
    window = fields.String()
    since = fields.DateTime()
    until = fields.DateTime()
    requests = fields.Integer()
    refused_by_rule = fields.Integer()
    acceptance_rate = fields.Float(allow_none=True)
    response_hours_p50 = fields.Float(allow_none=True)
    response_hours_p90 = fields.Float(allow_none=True)
    deadline_breaches = fields.Integer()
    breach_threshold = fields.Integer()
    orders = fields.Integer()
    quality_complaint_rate = fields.Float(allow_none=True)
    surveys = fields.Integer()
    satisfaction_mean = fields.Float(allow_none=True)
    unresolved_share = fields.Float(allow_none=True)  # buyers whose survey said the issue was not resolved (R-AFT-21)
    rule_ids = fields.List(fields.String())
