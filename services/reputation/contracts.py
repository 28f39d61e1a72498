"""Reputation's contract with the rest of the system: the events it publishes (payload schemas) and its RPC
inputs and outputs. Other services and the gateway import this module, nothing else of reputation."""

from marshmallow import Schema

from tianping.lib import fields
from tianping.lib.schemas import RULE_ID
from tianping.platform.blacklist_schemas import BatchSchema
from tianping.platform.contracts import Event
from tianping.platform.operations import Operations, command, query

from .authority_schemas import (  # noqa: F401 - RPC inputs and outputs
    BlacklistAddIn,
    BlacklistLiftIn,
    BlacklistRecordOut,
    ChangeOut,
    CommitStatsOut,
    EntryOut,
    EntryPage,
    HeadOut,
    SanctionRecordOut,
)
from .grading_schemas import GradingOut, GradingRankingOut  # noqa: F401 - RPC outputs
from .policy_schemas import PolicyDryRunIn, PolicyDryRunOut  # noqa: F401 - RPC inputs and outputs
from .rules import SUBJECT_TYPES  # noqa: F401 - part of the contract
from .schemas import (  # noqa: F401 - RPC inputs and outputs
    AppealDecisionIn,
    AppealIn,
    AppealOut,
    AuthorityReportIn,
    AuthorityReportOut,
    AuthorityReportPage,
    DecisionOut,
    GradingIn,
    ReputationOut,
    SignalIn,
    SignalResultOut,
    ViolationIn,
    ViolationOut,
    ViolationResultOut,
)
from .staff_schemas import StaffRecordsIn, StaffRecordsOut  # noqa: F401 - RPC inputs and outputs

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
# Sanctions travel in it too (action "sanction", tianping.platform.sanctions): one log, one order per subject, one set of
# replicas, gap fill and anti-entropy — not a second event with a second sequence to keep in step with the first.
BLACKLIST_CHANGED = Event(SERVICE, "blacklist_changed", BatchSchema,
                          "a batch of platform-state changes in sequence order: blacklist add / lift, and sanction "
                          "(level, refused and reviewed actions, since, until, rule IDs, decision)")
VIOLATION_RECORDED = Event(SERVICE, "violation_recorded", ViolationRecorded, "a violation was recorded")
EVENTS = (BLACKLIST_CHANGED, VIOLATION_RECORDED)

OPERATIONS = Operations(
    SERVICE,
    command("blacklist_add", ("data", "actor"), BlacklistAddIn, ChangeOut,
            'Blacklist a subject (BlacklistAddIn)'),
    query("blacklist_changes", ("after", "limit"), None, None,
          'Changes after a sequence number (gap fill and anti-entropy)'),
    query("blacklist_commit_stats", (), None, None,
          'Group commit in this process since it started'),
    query("blacklist_get", ("subject_id",), None, BlacklistRecordOut,
          "The authority's entry and full change history for a subject"),
    query("blacklist_head", ("report",), None, None,
          "The authority's head sequence number and the epoch of its log"),
    command("blacklist_lift", ("subject_id", "data", "actor"), BlacklistLiftIn, ChangeOut,
            'Lift a blacklisting (reason required)'),
    query("blacklist_list", ("status", "subject_type", "cursor", "limit"), None, EntryPage,
          'Authority entries, newest first, cursor paging, filter by status and subject type'),
    command("decide_appeal", ("appeal_id", "data", "actor"), AppealDecisionIn, AppealOut,
            'Uphold or overturn'),
    query("dry_run_policy", ("data",), PolicyDryRunIn, PolicyDryRunOut,
          'A candidate points policy tried over the subjects with violations in a period'),
    command("file_appeal", ("data", "actor"), AppealIn, AppealOut,
            'Appeal a violation or blacklisting'),
    query("get_reputation", ("subject_id",), None, ReputationOut,
          'Score 0–100 with components, points, sanction, frozen state and the decisions behind them'),
    command("grade_enterprise", ("enterprise_id", "data", "actor"), GradingIn, GradingOut,
            'Grade an enterprise on the 33 indicators (A to AAAAA) on its type\'s weights'),
    query("grading_ranking", ("enterprise_type",), None, GradingRankingOut,
          "The latest grade of every enterprise of one type, ranked within that type (R-REP-08)"),
    query("staff_records", ("data",), StaffRecordsIn, StaffRecordsOut,
          "Published host penalties and dishonesty records of the people an operator may hire (R-REP-20, R-REP-21)"),
    command("record_signal", ("data",), None, None,
            'Record a credit-score input (quality complaint, after-sale response hours, dispute outcome, evaluation result)'),
    query("sanction_get", ("subject_id",), None, SanctionRecordOut,
          "The authority's sanction of a subject and its sanction changes, oldest first"),
    command("record_violation", ("data",), ViolationIn, ViolationResultOut,
            'Record a violation (ViolationIn)'),
    command("record_authority_report", ("report_id", "data", "actor"), AuthorityReportIn, AuthorityReportOut,
            "Record what was reported to the authorities, to whom, when and under which reference (R-REP-14)"),
    query("authority_reports", ("status", "cursor", "limit"), None, AuthorityReportPage,
          "Reporting duties to the authorities, the earliest deadline first, with whether each is overdue"),

)
