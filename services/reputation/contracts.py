"""Reputation's contract with the rest of the system: the events it publishes (payload schemas) and its RPC
inputs and outputs. Other services and the gateway import this module, nothing else of reputation."""

from marshmallow import Schema

from tianping import fields
from tianping.blacklist import BatchSchema
from tianping.contracts import Event
from tianping.schemas import RULE_ID
from tianping.testclock import TestClockOut  # noqa: F401 - advance_test_clock, test_clock_status (test clocks only)

from .rules import SUBJECT_TYPES  # noqa: F401 - part of the contract
from .schemas import (  # noqa: F401 - RPC inputs and outputs
    AppealDecisionIn,
    AppealIn,
    AppealOut,
    BlacklistAddIn,
    BlacklistLiftIn,
    BlacklistRecordOut,
    ChangeOut,
    CommitStatsOut,
    DecisionOut,
    EntryOut,
    EntryPage,
    GradingIn,
    GradingOut,
    HeadOut,
    PolicyDryRunIn,
    PolicyDryRunOut,
    ReputationOut,
    SanctionRecordOut,
    SignalIn,
    SignalResultOut,
    ViolationIn,
    ViolationOut,
    ViolationResultOut,
)

SERVICE = "reputation"


class ViolationRecorded(Schema):
    violation_id = fields.String(required=True)
    subject_id = fields.String(required=True)
    rule_id = fields.String(required=True, validate=RULE_ID)
    serious = fields.Boolean(required=True)
    points = fields.Integer(required=True)
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True)
    policy_version = fields.String(required=True)


# Published by the outbox relay in batches, gap-free sequence numbers; every service keeps a replica from it.
# Sanctions travel in it too (action "sanction", tianping.sanctions): one log, one order per subject, one set of
# replicas, gap fill and anti-entropy — not a second event with a second sequence to keep in step with the first.
BLACKLIST_CHANGED = Event(SERVICE, "blacklist_changed", BatchSchema,
                          "a batch of platform-state changes in sequence order: blacklist add / lift, and sanction "
                          "(level, refused and reviewed actions, since, until, rule IDs, decision)")
VIOLATION_RECORDED = Event(SERVICE, "violation_recorded", ViolationRecorded, "a violation was recorded")
EVENTS = (BLACKLIST_CHANGED, VIOLATION_RECORDED)
