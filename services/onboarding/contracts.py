"""Onboarding's contract with the rest of the system: the events it publishes (payload schemas) and its RPC
inputs and outputs. Other services and the gateway import this module, nothing else of onboarding."""

from marshmallow import Schema

from tianping import fields
from tianping.contracts import Event
from tianping.schemas import RULE_ID
from tianping.signals import ViolationDetected
from tianping.testclock import TestClockOut  # noqa: F401 - advance_test_clock, test_clock_status (test clocks only)

from .rules import ACTIONS, SUBJECT_TYPES  # noqa: F401 - part of the contract
from .schemas import (  # noqa: F401 - RPC inputs and outputs
    AllowedOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationPage,
    BroadcastCheckIn,
    BroadcastCheckOut,
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
    ResubmitIn,
    StatusPage,
    SubjectIn,
    SubjectOut,
)

SERVICE = "onboarding"


class ApplicationSubmitted(Schema):
    application_id = fields.String(required=True)
    subject_id = fields.String(required=True)
    status = fields.String(required=True)
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True)


class ApplicationDecided(ApplicationSubmitted):
    reviewer = fields.String(required=True)


class SubjectStatusChanged(Schema):
    subject_id = fields.String(required=True)
    subject_type = fields.String(required=True)
    status = fields.String(required=True)
    previous = fields.String(required=True)
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True)
    cause = fields.String(required=True)
    version = fields.Integer(required=True)  # the subject's history length after the change: replicas keep the newest


class SubjectStatusesChanged(Schema):
    """Many subjects moved for one cause (an MCN's contracted hosts when it is blacklisted): one message, not one per
    subject, so a cascade of a thousand hosts is one publish and one batch for each consumer."""
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
