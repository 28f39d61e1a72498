"""Aftersale's contract with the rest of the system: its RPC inputs and outputs and the events it publishes.
Other services and the gateway import this module, nothing else of aftersale."""

from marshmallow import Schema, ValidationError, validates_schema

from tianping.lib import fields
from tianping.lib.trail import StepOut
from tianping.platform.contracts import Event, StepChanged
from tianping.platform.operations import Operations, command, query
from tianping.platform.signals import SignalObserved, ViolationDetected

from .ledger_rules import INVARIANT  # noqa: F401 - part of the contract
from .money_schemas import MoneyEntryIn, MoneyEntryOut, MoneyOut  # noqa: F401 - the order's money
from .rules import KINDS  # noqa: F401 - part of the contract
from .schemas import (  # noqa: F401 - RPC inputs and outputs
    BuyerActionIn,
    EscalationIn,
    FlaggedOrdersOut,
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


class RequestChanged(StepChanged):
    request_id = fields.String(required=True)
    order_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    merchant_id = fields.String(required=True)
    kind = fields.String(required=True)
    deadline_owner = fields.String(required=True)


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
    history = fields.List(fields.Nested(StepOut))  # always sent; an event from before it carries `trail` only
    trail = fields.List(fields.Nested(StepOut), metadata={"deprecated": True, "description":
                        "the same steps as `history`, kept for consumers written against v1; read `history`"})
    escalated_at = fields.DateTime(required=True)

    @validates_schema
    def carries_the_history(self, data, **_):
        if data.get("history") is None and data.get("trail") is None:
            raise ValidationError("an escalated request carries its history", "history")


REQUEST_CHANGED = Event(SERVICE, "request_changed", RequestChanged,
                        "an after-sale request changed state (opened, responded, automatic steps, closed)")
REQUEST_ESCALATED = Event(SERVICE, "request_escalated", RequestEscalated,
                          "the buyer escalated a rejected or stalled request to mediation")
VIOLATION_DETECTED = Event(SERVICE, "violation_detected", ViolationDetected,
                           "a merchant's missed after-sale deadlines passed the policy threshold (R-AFT-15); a merchant "
                           "accepted a claim that live-sold goods differ from those shown (R-AFT-08: merchant and host)")
SIGNAL_OBSERVED = Event(SERVICE, "signal_observed", SignalObserved,
                        "a credit-score input: response hours, a rejection, a missed deadline, a quality complaint")
EVENTS = (REQUEST_CHANGED, REQUEST_ESCALATED, VIOLATION_DETECTED, SIGNAL_OBSERVED)

OPERATIONS = Operations(
    SERVICE,
    command("answer_survey", ("request_id", "data", "actor"), SurveyIn, RequestOut,
            "The buyer's follow-up survey of a closed request (SurveyIn), once"),
    command("buyer_action", ("request_id", "data", "actor"), BuyerActionIn, RequestOut,
            "The buyer's move (BuyerActionIn)"),
    command("escalate", ("request_id", "data", "actor"), EscalationIn, RequestOut,
            'Take a rejected, refused or stalled request to mediation (EscalationIn)'),
    query("get_order", ("order_id",), None, None,
          'An order with its history'),
    query("flagged_orders", ("merchant_id",), None, FlaggedOrdersOut,
          "The merchant's orders marked as suspected fabricated transactions (R-REP-02), newest first"),
    query("get_request", ("request_id", "viewer"), None, RequestOut,
          'A request with its full history and its deadlines'),
    query("get_terms", ("merchant_id",), None, TermsOut,
          "The merchant's service terms in force (the platform defaults if it published none)"),
    query("merchant_stats", ("merchant_id", "window"), None, StatsOut,
          'Requests, acceptance rate, response p50/p90, deadline breaches, quality-complaint rate, satisfaction (30d|90d)'),
    command("open_request", ("data",), RequestBody, RequestOut,
            "Open a buyer's request (RequestIn) on its own order"),
    command("publish_terms", ("merchant_id", "data", "actor"), TermsIn, TermsOut,
            "Publish a new version of a merchant's service terms (TermsIn)"),
    command("record_money", ("data",), MoneyEntryIn, MoneyEntryOut,
            "An entry on the order's money ledger (a dispute decision, the merchant's payment, advance compensation, "
            "a release, a recovery or write-off); refused above what remains (amount_exceeds_refundable)"),
    query("order_with_money", ("order_id",), None, None,
          "The order and its money in one call, {order, money}, or None for an unknown order"),
    query("order_money", ("order_id", "viewer"), None, MoneyOut,
          "The order's money: paid, committed, refunded, compensated, recovered, what remains per order and line"),
    command("record_order", ("data", "actor"), OrderIn, OrderOut,
            "Record an order from the platform's order system (OrderIn)"),
    command("respond", ("request_id", "data", "actor"), ResponseIn, RequestOut,
            "The merchant's move (ResponseIn)"),

)
