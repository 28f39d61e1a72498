"""Dispute's contract with the rest of the system: its RPC inputs and outputs and the events it publishes.
Other services and the gateway import this module, nothing else of dispute."""

from marshmallow import Schema, fields

from tianping.lib.schemas import RULE_ID
from tianping.platform.contracts import Event
from tianping.platform.signals import SignalObserved, ViolationDetected

from .rules import EXTERNAL_ROUTES, OUTCOMES  # noqa: F401 - part of the contract
from .schemas import (  # noqa: F401 - RPC inputs and outputs
    AnswerIn,
    CaseOut,
    CasePage,
    CompensationIn,
    CompensationOut,
    DisclosureIn,
    DisputeBody,
    DisputeIn,
    EvidenceIn,
    ExternalIn,
    IdentityOut,
    PaymentIn,
    ProposalIn,
    RecoveryClaimOut,
    RecoveryPage,
    ResolutionIn,
    SettlementIn,
    StatsOut,
    SweepOut,
)

SERVICE = "dispute"


class CaseChanged(Schema):
    case_id = fields.String(required=True)
    order_id = fields.String(required=True)
    consumer_id = fields.String(required=True)
    merchant_id = fields.String(required=True)
    event = fields.String(required=True)
    status = fields.String(required=True)
    previous = fields.String(required=True, allow_none=True)
    outcome = fields.String(allow_none=True)
    actor = fields.String(required=True)
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True)
    at = fields.DateTime(required=True)


CASE_CHANGED = Event(SERVICE, "case_changed", CaseChanged,
                     "a dispute case changed (opened, answered, proposal, resolution, external, compensation)")
VIOLATION_DETECTED = Event(SERVICE, "violation_detected", ViolationDetected,
                           "a mediation outcome went against the merchant")
SIGNAL_OBSERVED = Event(SERVICE, "signal_observed", SignalObserved,
                        "a decided dispute and who was at fault, for the credit score's dispute component")
EVENTS = (CASE_CHANGED, VIOLATION_DETECTED, SIGNAL_OBSERVED)
