"""Reputation's contract with the rest of the system: the events it publishes (payload schemas) and its RPC
inputs and outputs. Other services and the gateway import this module, nothing else of reputation."""

from marshmallow import Schema, fields

from tianping.lib.schemas import RULE_ID
from tianping.platform.blacklist import BatchSchema
from tianping.platform.contracts import Event

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


class SanctionChanged(Schema):
    subject_id = fields.String(required=True)
    sanction = fields.String(required=True)
    previous = fields.String(required=True)
    points = fields.Integer(required=True)
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True)
    policy_version = fields.String(required=True)


# Published by the outbox relay in batches, gap-free sequence numbers; every service keeps a replica from it.
BLACKLIST_CHANGED = Event(SERVICE, "blacklist_changed", BatchSchema,
                          "a batch of blacklist changes (add / lift), in sequence order")
VIOLATION_RECORDED = Event(SERVICE, "violation_recorded", ViolationRecorded, "a violation was recorded")
SANCTION_CHANGED = Event(SERVICE, "sanction_changed", SanctionChanged, "a subject's points sanction changed")
EVENTS = (BLACKLIST_CHANGED, VIOLATION_RECORDED, SANCTION_CHANGED)
