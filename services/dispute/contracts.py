"""Dispute's contract with the rest of the system: its RPC inputs and outputs and the events it publishes.
Other services and the gateway import this module, nothing else of dispute."""

from tianping.lib import fields
from tianping.platform.contracts import Event, StepChanged
from tianping.platform.operations import Operations, command, query
from tianping.platform.signals import SignalObserved, ViolationDetected

from .rules import ESCALATED_EXTERNAL, EXTERNAL_ROUTES, OPEN_STATUSES, OUTCOMES, RESOLVED  # noqa: F401 - part of the contract
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
    ProcedureOut,
    ProposalIn,
    RecoveryClaimOut,
    RecoveryPage,
    ResolutionIn,
    SettlementIn,
    StatsOut,
    SweepOut,
    TransactionRecordOut,
)

CASE_STATES = (*OPEN_STATUSES, RESOLVED, ESCALATED_EXTERNAL)  # what a case's status can be (list filter)

SERVICE = "dispute"


class CaseChanged(StepChanged):
    case_id = fields.String(required=True)
    order_id = fields.String(required=True)
    consumer_id = fields.String(required=True)
    merchant_id = fields.String(required=True)
    outcome = fields.String(allow_none=True)


CASE_CHANGED = Event(SERVICE, "case_changed", CaseChanged,
                     "a dispute case changed (opened, answered, proposal, resolution, external, compensation)")
VIOLATION_DETECTED = Event(SERVICE, "violation_detected", ViolationDetected,
                           "a mediation outcome went against the merchant")
SIGNAL_OBSERVED = Event(SERVICE, "signal_observed", SignalObserved,
                        "a decided dispute and who was at fault, for the credit score's dispute component")
EVENTS = (CASE_CHANGED, VIOLATION_DETECTED, SIGNAL_OBSERVED)

OPERATIONS = Operations(
    SERVICE,
    command("advance_compensation", ("case_id", "data", "actor"), CompensationIn, CompensationOut,
            'The platform pays the buyer first (CompensationIn, never above the decided amount) and opens a recovery claim'),
    command("answer_proposal", ("case_id", "data", "actor"), AnswerIn, CaseOut,
            'A side accepts or rejects the proposal (AnswerIn)'),
    query("get_case", ("case_id", "viewer"), None, CaseOut,
          'A case with evidence, proposal, outcome, deadlines and full history'),
    query("list_cases", ("viewer", "status", "cursor", "limit", "due_before"), None, CasePage,
          "A buyer's or merchant's own cases; mediators the queue; with due_before, the open cases about to lapse"),
    command("merchant_identity", ("case_id", "viewer", "purpose"), None, IdentityOut,
            'The merchant identity behind a case, for a party entitled to it (each read logged)'),
    command("open_dispute", ("data",), DisputeBody, CaseOut,
            'A buyer asks the platform to mediate (DisputeIn)'),
    command("propose", ("case_id", "data", "actor"), ProposalIn, CaseOut,
            'The mediator proposes an outcome (ProposalIn)'),
    query("recovery_claims", ("merchant_id", "status", "cursor", "limit"), None, RecoveryPage,
          'Recovery claims against merchants, oldest first'),
    command("report_payment", ("case_id", "data", "actor"), PaymentIn, CaseOut,
            'The merchant reports paying the decided amount (PaymentIn)'),
    command("resolve", ("case_id", "data", "actor"), ResolutionIn, CaseOut,
            'The mediator resolves the case (ResolutionIn)'),
    command("settle_recovery", ("claim_id", "data", "actor"), SettlementIn, RecoveryClaimOut,
            'A recovery claim recovered or written off (SettlementIn), with its reference'),
    query("procedure", (), None, ProcedureOut,
          "The published complaint and dispute procedure: each step, who takes it, after which states, its time limit"),
    query("transaction_record", ("case_id", "viewer"), None, TransactionRecordOut,
          "The livestream transaction's record a case is handled on (R-DSP-14), for its mediator and parties"),
    query("stats", ("since", "until"), None, StatsOut,
          'Public statistics over local days'),
    command("submit_evidence", ("case_id", "data", "actor"), EvidenceIn, CaseOut,
            'Evidence from the buyer or the merchant (EvidenceIn)'),
    command("take_outside", ("case_id", "data", "actor"), ExternalIn, CaseOut,
            'The case goes to the regulator, arbitration or court (ExternalIn), recorded with its reference'),
    command("withdraw", ("case_id", "actor"), None, CaseOut,
            'The buyer withdraws its case'),

)
