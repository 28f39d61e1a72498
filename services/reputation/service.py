"""Reputation service: entrypoints only, each delegating to a use case (services/reputation/usecases/):
violations, points and sanctions, credit, grading, appeals, and the blacklist authority.
RPC reference: docs/rpc.md (generated)."""

from services.aftersale import contracts as aftersale
from services.dispute import contracts as dispute
from services.listing import contracts as listing
from services.onboarding import contracts as onboarding
from tianping.infra import db, roundtrips
from tianping.infra.rpc import rpc
from tianping.platform import blacklist as replica
from tianping.platform import health, sweeper, testclock
from tianping.platform.audit import audited
from tianping.platform.commands import command, keyed_command
from tianping.platform.contracts import EventPublisher, subscribe
from tianping.platform.outbox import OutboxRelay

from . import authority_schemas, contracts, models, repository
from .repository.provider import AuthorityProvider
from .usecases import (
    Context,
    appeals,
    blacklist,
    dry_runs,
    grading,
    reports,
    sanctions,
    scores,
    staff,
    violations,
)
from .usecases import live_notices as live  # listing's host_warned and stream_stopped (issue 26)


def _batch_payload(records):
    return {"changes": authority_schemas.ChangeOut(many=True).dump(records)}


class ReputationService(health.ServiceBase, replica.BlacklistEnforcing, audited("reputation"), sweeper.Sweeping,
                        testclock.TestClockRpc):
    name = "reputation"

    database = db.Database(models)
    authority = AuthorityProvider()
    relay = OutboxRelay("blacklist_changes", contracts.BLACKLIST_CHANGED.name, _batch_payload,
                        work=roundtrips.AUTHORITY_WORK)
    publish = EventPublisher()
    on_deadline = staticmethod(sanctions.on_deadline)  # a suspension's end, a lapse: sweeper.Sweeping

    @property
    def ctx(self) -> Context:
        return Context(repository, publish=self.publish, request_key=self.commands.request_key, audit=self.audit,
                       authority=self.authority, relay=self.relay, correlation_id=self.correlation_id,
                       deadlines=self.deadline_book)

    # -- violations and reputation --------------------------------------------------------------
    @keyed_command  # exactly once by the dedupe key the violation stores (`request:<key>`): a redelivery resumes it
    def record_violation(self, data):
        """Record a violation (ViolationIn); serious ones blacklist at once; answer lists decisions, rule IDs, policy version."""
        return violations.record(self.ctx, data)

    @subscribe(onboarding.VIOLATION_DETECTED)
    def on_violation_detected(self, message):
        violations.record(self.ctx, onboarding.VIOLATION_DETECTED.load(message))

    @subscribe(aftersale.VIOLATION_DETECTED)
    def on_aftersale_violation(self, message):
        violations.record(self.ctx, aftersale.VIOLATION_DETECTED.load(message))

    @subscribe(aftersale.SIGNAL_OBSERVED)
    def on_aftersale_signal(self, message):
        scores.record_signal(self.ctx, aftersale.SIGNAL_OBSERVED.load(message))

    @subscribe(dispute.VIOLATION_DETECTED)
    def on_dispute_violation(self, message):
        violations.record(self.ctx, dispute.VIOLATION_DETECTED.load(message))

    @subscribe(listing.VIOLATION_DETECTED)
    def on_listing_violation(self, message):
        violations.record(self.ctx, listing.VIOLATION_DETECTED.load(message))

    @subscribe(listing.STREAM_STOP_OVERTURNED)
    def on_stream_stop_overturned(self, message):
        appeals.withdraw_notified(self.ctx, listing.STREAM_STOP_OVERTURNED.load(message))

    @subscribe(listing.HOST_WARNED)
    def on_host_warned(self, message):
        live.warned(self.ctx, listing.HOST_WARNED.load(message))

    @subscribe(listing.STREAM_STOPPED)
    def on_stream_stopped(self, message):
        live.stopped(self.ctx, listing.STREAM_STOPPED.load(message))

    @subscribe(listing.STREAM_STOP_OVERTURNED)
    def on_live_stop_overturned(self, message):
        live.stop_overturned(self.ctx, listing.STREAM_STOP_OVERTURNED.load(message))

    @subscribe(dispute.SIGNAL_OBSERVED)
    def on_dispute_signal(self, message):
        scores.record_signal(self.ctx, dispute.SIGNAL_OBSERVED.load(message))

    @command
    def record_signal(self, data):
        """Record a credit-score input (quality complaint, after-sale response hours, dispute outcome, evaluation result)."""
        return scores.record_signal(self.ctx, data)

    @rpc
    def dry_run_policy(self, data):
        """A candidate points policy tried over the subjects with violations in a period: sanctions that would
        tighten or ease, subjects that would be blacklisted, violations that would score differently. Changes
        nothing."""
        return dry_runs.policy(self.ctx, data)

    @rpc
    def get_reputation(self, subject_id):
        """Score 0–100 with components, points, sanction, frozen state and the decisions behind them."""
        return scores.view(self.ctx, subject_id)

    @command
    def grade_enterprise(self, enterprise_id, data, actor="platform"):
        """Grade the 33 indicators of 004 (A–AAAAA, R-REP-09) on the enterprise type's weights (R-REP-08, R-REP-11)."""
        return grading.grade(self.ctx, enterprise_id, data, actor)

    @rpc
    def grading_ranking(self, enterprise_type):
        """The latest grade of every enterprise of one type, ranked within that type (R-REP-08)."""
        return grading.ranking(self.ctx, enterprise_type)

    @rpc
    def staff_records(self, data):
        """Published host penalties and dishonesty records of the people an operator may hire (R-REP-20, R-REP-21)."""
        return staff.records(self.ctx, data)

    @command
    def record_authority_report(self, report_id, data, actor="platform"):
        """What was reported to the authorities, to whom, when and under which reference (R-REP-14, R-XC-06)."""
        return reports.record(self.ctx, report_id, data, actor)

    @rpc
    def authority_reports(self, status=None, cursor=None, limit=50):
        """Reporting duties to the authorities, the earliest deadline first, overdue ones marked."""
        return reports.listing(self.ctx, status, cursor, limit)

    @command
    def file_appeal(self, data, actor="platform"):
        """Appeal a violation or blacklisting."""
        return appeals.file(self.ctx, data, actor)

    @command
    def decide_appeal(self, appeal_id, data, actor="platform"):
        """Uphold or overturn; overturning reverses points and lifts the blacklist (propagates)."""
        return appeals.decide(self.ctx, appeal_id, data, actor)

    # -- sanctions -------------------------------------------------------------------------------
    @rpc
    def sanction_get(self, subject_id):
        """The authority's sanction of a subject (level, refused and reviewed actions, since, until, rule IDs, decision)
        and its sanction changes, oldest first."""
        return sanctions.view(self.ctx, subject_id)

    # -- blacklist authority --------------------------------------------------------------------
    @keyed_command  # exactly-once by the request key the authority commits with the change
    def blacklist_add(self, data, actor="platform"):
        """Blacklist a subject (BlacklistAddIn); returns the committed change with its sequence number."""
        return blacklist.add(self.ctx, data, actor)

    @keyed_command
    def blacklist_lift(self, subject_id, data, actor="platform"):
        """Lift a blacklisting (reason required)."""
        return blacklist.lift(self.ctx, subject_id, data, actor)

    @rpc
    def blacklist_get(self, subject_id):
        """The authority's entry and full change history for a subject."""
        return blacklist.get(self.ctx, subject_id)

    @rpc
    def blacklist_list(self, status=None, subject_type=None, cursor=None, limit=50):
        """Authority entries, newest first, cursor paging, filter by status and subject type."""
        return blacklist.page(self.ctx, status, subject_type, cursor, limit)

    @rpc
    def blacklist_head(self, report=None):
        """The authority's head sequence number and the epoch of its log. `report` is the caller's replica cursor
        (service, epoch, applied_seq, tip): a replica ahead of the authority means its database was restored, and
        the epoch rotates so that every replica rebuilds (issue 29)."""
        return authority_schemas.HeadOut().dump(self.authority.head(report))

    @rpc
    def blacklist_commit_stats(self):
        """Group commit in this process since it started: transactions, changes, batch sizes, store round trips."""
        return authority_schemas.CommitStatsOut().dump(self.authority.commit_stats())

    @rpc
    def blacklist_changes(self, after, limit=500):
        """Changes after a sequence number (gap fill and anti-entropy)."""
        return blacklist.changes_after(self.ctx, after, limit)

    # The authority reads its own log directly: an RPC to itself could wait on its own busy workers.
    def _fetch_from_authority(self, after, limit):
        return blacklist.changes_after(self.ctx, after, limit)

    def _authority_head(self, report=None):
        return self.authority.head(report)

    def blacklist_reaction(self, changes):
        blacklist.freeze(self.ctx, changes)  # R-REP-13: a blacklisted operator's grade and score stop moving
