"""Aftersale's contract with the rest of the system: its RPC inputs and outputs and the events it publishes.
Other services and the gateway import this module, nothing else of aftersale."""

from marshmallow import Schema, fields

from tianping.lib.schemas import RULE_ID
from tianping.lib.trail import StepOut
from tianping.platform.contracts import Event
from tianping.platform.signals import SignalObserved, ViolationDetected

from .rules import KINDS  # noqa: F401 - part of the contract
from .schemas import (  # noqa: F401 - RPC inputs and outputs
    BuyerActionIn,
    EscalationIn,
    OrderIn,
    OrderOut,
    RequestBody,
    RequestIn,
    RequestOut,
    ResponseIn,
    StatsOut,
    SurveyIn,
    SweepOut,
    TermsIn,
    TermsOut,
)

SERVICE = "aftersale"
WINDOWS = ("30d", "90d")


class RequestChanged(Schema):
    request_id = fields.String(required=True)
    order_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    merchant_id = fields.String(required=True)
    kind = fields.String(required=True)
    event = fields.String(required=True)
    status = fields.String(required=True)
    previous = fields.String(required=True, allow_none=True)
    actor = fields.String(required=True)
    deadline_owner = fields.String(required=True)
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True)
    at = fields.DateTime(required=True)


class RequestEscalated(Schema):
    """A request the buyer took to mediation, with everything that happened to it."""
    request_id = fields.String(required=True)
    order_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    merchant_id = fields.String(required=True)
    kind = fields.String(required=True)
    previous = fields.String(required=True)
    reason = fields.String(required=True)
    amount = fields.String(allow_none=True)
    trail = fields.List(fields.Nested(StepOut), required=True)
    escalated_at = fields.DateTime(required=True)


REQUEST_CHANGED = Event(SERVICE, "request_changed", RequestChanged,
                        "an after-sale request changed state (opened, responded, automatic steps, closed)")
REQUEST_ESCALATED = Event(SERVICE, "request_escalated", RequestEscalated,
                          "the buyer escalated a rejected or stalled request to mediation")
VIOLATION_DETECTED = Event(SERVICE, "violation_detected", ViolationDetected,
                           "a merchant's missed after-sale deadlines passed the policy threshold (R-AFT-15)")
SIGNAL_OBSERVED = Event(SERVICE, "signal_observed", SignalObserved,
                        "a credit-score input: response hours, a rejection, a missed deadline, a quality complaint")
EVENTS = (REQUEST_CHANGED, REQUEST_ESCALATED, VIOLATION_DETECTED, SIGNAL_OBSERVED)
