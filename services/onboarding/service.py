"""Onboarding service: entrypoints only, each delegating to a use case (services/onboarding/usecases/).
RPC reference: docs/rpc.md (generated)."""

from nameko.timer import timer

from tianping.infra import db
from tianping.infra.rpc import rpc
from tianping.platform import blacklist, health, sweeper, testclock
from tianping.platform.audit import audited
from tianping.platform.commands import command, keyed_command
from tianping.platform.contracts import EventPublisher
from tianping.platform.retention import purge_seconds

from . import models, repository
from .usecases import (
    Context,
    applications,
    broadcasts,
    evaluations,
    links,
    mcn_contracts,
    policy_changes,
    reactions,
    reports,
    retention,
    reverification,
    review,
    rooms,
    subjects,
    suppliers,
)


class OnboardingService(health.ServiceBase, blacklist.BlacklistEnforcing, audited("onboarding"), sweeper.Sweeping,
                        testclock.TestClockRpc):
    name = "onboarding"

    database = db.Database(models)
    publish = EventPublisher()
    on_deadline = staticmethod(evaluations.on_deadline)  # the deadlines: sweeper.Sweeping

    @property
    def ctx(self) -> Context:
        return Context(repository, self.blacklist, self.publish, self.commands.request_key, self.deadline_book,
                       audit=self.audit)

    # -- applications -------------------------------------------------------------------------------
    @keyed_command  # exactly-once by the request key stored with the application (unique): a redelivery resumes it
    def submit_application(self, data, actor="applicant"):
        """Submit an application (ApplicationIn); automatic checks answer per rule ID: approved, rejected or pending_review."""
        return applications.submit(self.ctx, data, actor)

    @command
    def decide(self, application_id, data, reviewer):
        """Reviewer decision: approve / reject / resubmit (named documents), with reasons and rule IDs; `forged` reports PB-22."""
        return review.decide(self.ctx, application_id, data, reviewer)

    @command
    def resubmit(self, application_id, data, actor="applicant"):
        """Applicant resubmits requested documents; checks re-run; back to the review queue."""
        return applications.resubmit(self.ctx, application_id, data, actor)

    @rpc
    def get_application(self, application_id, viewer=None):
        """Application with per-rule checks and full history; `viewer` {sub, role} unmasks PII for entitled roles (logged)."""
        return applications.get(self.ctx, application_id, viewer)

    @rpc
    def review_queue(self, applicant_type=None, cursor=None, limit=50):
        """Applications pending review, oldest first; cursor paging; filter by applicant type."""
        return review.queue(self.ctx, applicant_type, cursor, limit)

    @rpc
    def review_summary(self):
        """How many applications wait for a reviewer and since when the oldest."""
        return review.summary(self.ctx)

    # -- subjects -----------------------------------------------------------------------------------
    @command
    def register_subject(self, data):
        """Register an already-verified subject directly (internal); refuses blacklisted ids and identities."""
        return subjects.register(self.ctx, data)

    @rpc
    def get_subject(self, subject_id, viewer=None):
        """Subject with status history; PII masked unless `viewer` is entitled (each full read logged)."""
        return subjects.view(self.ctx, subject_id, viewer)

    @rpc
    def subject_statuses(self, cursor=None, limit=500):
        """Every subject's status and version, paged by id: how other services' status replicas catch up."""
        return subjects.statuses(self.ctx, cursor, limit)

    @rpc
    def is_allowed(self, subject_id, action):
        """May `subject_id` take `action` (sell, publish_listing, livestream, run_community, apply)? Answer cites rule IDs."""
        return subjects.is_allowed(self.ctx, subject_id, action)

    @rpc
    def subject_links(self, subject_id):
        """The subject in the liability graph: subjects sharing its identities (which kinds, never the values), the
        review flags on it with the decision that caused each."""
        return links.view(self.ctx, subject_id)

    @command
    def add_contract(self, mcn_id, data):
        """Record an MCN–host contract (R-ONB-30). `data`: ContractIn."""
        return mcn_contracts.add(self.ctx, mcn_id, data)

    @command
    def terminate_contract(self, mcn_id, host_id):
        """End an MCN–host contract."""
        return mcn_contracts.terminate(self.ctx, mcn_id, host_id)

    @command
    def broadcast_check(self, host_id, data):
        """R-ONB-35: is the person on air the registered host? A mismatch reports PB-20 (serious) against the MCN."""
        return broadcasts.check(self.ctx, host_id, data)

    @command
    def evaluate(self, subject_id, data, evaluator):
        """Periodic evaluation (R-REP-01): pass, rectify (restricted), clear out on repeat, forged -> serious violation."""
        return evaluations.evaluate(self.ctx, subject_id, data, evaluator)

    @command
    def update_contact(self, subject_id, data, actor):
        """A subject changes its own contact details (R-XC-14, self-service)."""
        return subjects.update_contact(self.ctx, subject_id, data, actor)

    @command
    def reverify(self, subject_id, data, reviewer):
        """A reviewer re-verified the registration file (R-ONB-03): next date set, a lapse restriction lifted."""
        return reverification.reverify(self.ctx, subject_id, data, reviewer)

    @rpc
    def evaluations_due(self, limit=100, cursor=None):
        """Subjects whose periodic evaluation is due, oldest first."""
        return evaluations.due(self.ctx, cursor, limit)

    @command
    def deregister(self, subject_id, data, actor):
        """Deregister; the record is kept at least 2 years (R-XC-03)."""
        return subjects.deregister(self.ctx, subject_id, data, actor)

    @command
    def erase_personal_data(self, subject_id, data, actor):
        """Minimise a deregistered subject's personal data once its archive window has ended (R-XC-03); refused
        (retention_window) before."""
        return retention.erase(self.ctx, subject_id, data, actor)

    @command
    def publish_policy_change(self, data, actor):
        """Publish a policy change as a public notice; refused before the notice period (R-XC-23)."""
        return policy_changes.publish(self.ctx, data, actor)

    @rpc
    def policy_notices(self):
        """The published policy changes and the version in force."""
        return policy_changes.notices(self.ctx)

    @rpc
    def room_operator(self, subject_id):
        """Who must be set as the operator of the subject's live rooms (R-ONB-36)."""
        return rooms.operator(self.ctx, subject_id)

    @rpc
    def management_reports(self):
        """The published merchant-management reports, newest first (R-XC-31)."""
        return reports.reports(self.ctx)

    @timer(interval=3600, eager=True)
    def publish_management_reports(self):
        """Publish the report of each closed period not yet published (R-XC-31)."""
        reports.publish_due(self.ctx)

    @command
    def file_supplier_verification(self, subject_id, data, actor):
        """An MCN or host files its verification of a supplier; incomplete ones are refused (R-ONB-34)."""
        return suppliers.file(self.ctx, subject_id, data, actor)

    @rpc
    def supplier_verifications(self, subject_id):
        """A subject's supplier verifications, kept for inspection (R-ONB-34)."""
        return suppliers.listed(self.ctx, subject_id)

    @timer(interval=purge_seconds())
    def purge_expired_personal_data(self):
        """Minimise the personal data of every subject whose archive window has ended (audited)."""
        retention.purge(self.ctx)

    @timer(interval=30, eager=True)
    def observe_review_queue(self):
        review.observe_queue(self.ctx)

    def blacklist_reaction(self, changes):
        reactions.react_to_run(self.ctx, changes)
