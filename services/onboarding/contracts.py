"""Onboarding's contract with the rest of the system: the events it publishes (payload schemas) and its RPC
operations with their inputs and outputs. Other services and the gateway import this module, nothing else of
onboarding, and call it through `OPERATIONS.client(rpc)`."""

from marshmallow import Schema

from tianping.lib import fields
from tianping.lib.paging import QueueSummary
from tianping.lib.schemas import RULE_ID
from tianping.platform.contracts import Event, StateChanged
from tianping.platform.operations import Operations, command, query
from tianping.platform.signals import ViolationDetected

from .rules import ACTIONS, SUBJECT_TYPES  # noqa: F401 - part of the contract
from .schemas import (  # noqa: F401 - RPC inputs and outputs (also for callers)
    AllowedOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationPage,
    BroadcastCheckIn,
    BroadcastCheckOut,
    ContactIn,
    ContractIn,
    ContractOut,
    DecisionIn,
    DeregisterIn,
    DuePage,
    ErasedOut,
    EraseIn,
    EvaluationIn,
    EvaluationOut,
    LinksOut,
    ManagementReportsOut,
    PolicyChangeIn,
    PolicyChangeOut,
    PolicyNoticesOut,
    ResubmitIn,
    ReverificationIn,
    RoomOperatorOut,
    StatusPage,
    SubjectIn,
    SubjectOut,
    SupplierVerificationIn,
    SupplierVerificationOut,
    SupplierVerificationsOut,
)

SERVICE = "onboarding"


class ApplicationSubmitted(Schema):
    application_id = fields.String(required=True)
    subject_id = fields.String(required=True)
    status = fields.String(required=True)
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True)


class ApplicationDecided(ApplicationSubmitted):
    reviewer = fields.String(required=True)


class SubjectStatusChanged(StateChanged):
    subject_id = fields.String(required=True)
    subject_type = fields.String(required=True)
    previous = fields.String(required=True)
    cause = fields.String(required=True)
    version = fields.Integer(required=True)  # the subject's history length after the change: replicas keep the newest


class SubjectStatusesChanged(Schema):
    """Many subjects moved for one cause (an MCN's contracted hosts when it is blacklisted): one message per batch of
    them (usecases/status_moves.py), not one per subject, so a cascade of a thousand hosts is a few publishes and a
    few batches for each consumer; each item says what `subject_status_changed` would."""
    items = fields.List(fields.Nested(SubjectStatusChanged), required=True)


APPLICATION_SUBMITTED = Event(SERVICE, "application_submitted", ApplicationSubmitted,
                              "an application was submitted and checked automatically")
APPLICATION_DECIDED = Event(SERVICE, "application_decided", ApplicationDecided, "a reviewer decided an application")
SUBJECT_STATUS_CHANGED = Event(SERVICE, "subject_status_changed", SubjectStatusChanged,
                               "a subject's status changed (active, suspended, cleared_out, blacklisted, ...)")
VIOLATION_DETECTED = Event(SERVICE, "violation_detected", ViolationDetected,
                           "onboarding found a violation (forged documents, host mismatch, joint liability)")
SUBJECT_STATUSES_CHANGED = Event(SERVICE, "subject_statuses_changed", SubjectStatusesChanged,
                                 "many subjects' statuses changed for one cause (an MCN's hosts suspended or restored)")
EVENTS = (APPLICATION_SUBMITTED, APPLICATION_DECIDED, SUBJECT_STATUS_CHANGED, SUBJECT_STATUSES_CHANGED,
          VIOLATION_DETECTED)

OPERATIONS = Operations(
    SERVICE,
    command("submit_application", ("data", "actor"), ApplicationIn, ApplicationOut,
            "Submit an application; automatic checks answer per rule ID"),
    command("decide", ("application_id", "data", "reviewer"), DecisionIn, ApplicationOut,
            "A reviewer approves, rejects or asks to resubmit named documents"),
    command("resubmit", ("application_id", "data", "actor"), ResubmitIn, ApplicationOut,
            "The applicant resubmits the documents asked for"),
    query("get_application", ("application_id", "viewer"), None, ApplicationOut,
          "An application with its checks and history (personal data masked unless `viewer` is entitled)"),
    query("review_queue", ("applicant_type", "cursor", "limit"), None, ApplicationPage,
          "Applications pending review, oldest first"),
    query("review_summary", (), None, QueueSummary, "How many applications wait for a reviewer, since when the oldest"),
    command("register_subject", ("data",), SubjectIn, SubjectOut, "Register an already-verified subject (internal)"),
    query("get_subject", ("subject_id", "viewer"), None, SubjectOut, "A subject with its status history"),
    query("subject_statuses", ("cursor", "limit"), None, StatusPage,
          "Every subject's status and version, paged by id (how status replicas catch up)"),
    query("is_allowed", ("subject_id", "action"), None, AllowedOut, "May a subject take an action? (rule IDs)"),
    command("add_contract", ("mcn_id", "data"), ContractIn, ContractOut, "Record an MCN–host contract"),
    command("terminate_contract", ("mcn_id", "host_id"), None, ContractOut, "End an MCN–host contract"),
    command("broadcast_check", ("host_id", "data"), BroadcastCheckIn, BroadcastCheckOut,
            "Is the person on air the registered host?"),
    command("evaluate", ("subject_id", "data", "evaluator"), EvaluationIn, EvaluationOut,
            "Record a periodic evaluation"),
    query("evaluations_due", ("limit", "cursor"), None, DuePage, "Subjects whose periodic evaluation is due"),
    command("update_contact", ("subject_id", "data", "actor"), ContactIn, SubjectOut,
            "A subject changes its own contact details (R-XC-14, self-service)"),
    command("reverify", ("subject_id", "data", "reviewer"), ReverificationIn, SubjectOut,
            "A reviewer re-verified the registration file: next date set, a lapse restriction lifted (R-ONB-03)"),
    command("deregister", ("subject_id", "data", "actor"), DeregisterIn, SubjectOut,
            "Deregister (the record is kept 2 years)"),
    command("erase_personal_data", ("subject_id", "data", "actor"), EraseIn, ErasedOut,
            "Minimise a deregistered subject's personal data after its retention window"),
    command("publish_policy_change", ("data", "actor"), PolicyChangeIn, PolicyChangeOut,
            "Publish a change to onboarding's policy as a public notice; it takes effect on its day, at least the "
            "policy's notice period after publication (R-XC-23)"),
    query("policy_notices", (), None, PolicyNoticesOut,
          "The published policy changes (public notices) and the policy version in force"),
    query("room_operator", ("subject_id",), None, RoomOperatorOut,
          "Who must be set as the operator of the live rooms a subject broadcasts in (R-ONB-36)"),
    query("management_reports", (), None, ManagementReportsOut,
          "The published reports of how the platform managed its merchants, one per closed period (R-XC-31)"),
    command("file_supplier_verification", ("subject_id", "data", "actor"), SupplierVerificationIn,
            SupplierVerificationOut, "An MCN or host files its verification of a supplier (R-ONB-34)"),
    query("supplier_verifications", ("subject_id",), None, SupplierVerificationsOut,
          "A subject's supplier verifications, kept for inspection (R-ONB-34)"),
    query("subject_links", ("subject_id",), None, LinksOut,
          "The subject in the liability graph: subjects sharing its identities, the review flags and their causes"),
)
