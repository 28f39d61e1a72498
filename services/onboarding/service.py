"""Onboarding service entrypoints (delegating to registry.Registry). RPC reference: docs/rpc.md."""

from nameko.timer import timer

from tianping import blacklist, db, health
from tianping.commands import command
from tianping.contracts import EventPublisher
from tianping.rpc import rpc

from . import models, registry


class OnboardingService(health.ServiceBase, blacklist.BlacklistEnforcing):
    name = "onboarding"

    database = db.Database(models)
    publish = EventPublisher()

    @property
    def registry(self) -> registry.Registry:
        return registry.Registry(self.blacklist, self.publish, self.commands.request_key)

    # -- applications -------------------------------------------------------------------------------
    @command
    def submit_application(self, data, actor="applicant"):
        """Submit an application (ApplicationIn); automatic checks answer per rule ID: approved, rejected or pending_review."""
        return self.registry.submit(data, actor)

    @command
    def decide(self, application_id, data, reviewer):
        """Reviewer decision: approve / reject / resubmit (named documents), with reasons and rule IDs; `forged` reports PB-22."""
        return self.registry.decide(application_id, data, reviewer)

    @command
    def resubmit(self, application_id, data, actor="applicant"):
        """Applicant resubmits requested documents; checks re-run; back to the review queue."""
        return self.registry.resubmit(application_id, data, actor)

    @rpc
    def get_application(self, application_id, viewer=None):
        """Application with per-rule checks and full history; `viewer` {sub, role} unmasks PII for entitled roles (logged)."""
        return self.registry.application(application_id, viewer)

    @rpc
    def review_queue(self, applicant_type=None, cursor=None, limit=50):
        """Applications pending review, oldest first; cursor paging; filter by applicant type."""
        return self.registry.review_queue(applicant_type, cursor, limit)

    # -- subjects -----------------------------------------------------------------------------------
    @command
    def register_subject(self, data):
        """Register an already-verified subject directly (internal); refuses blacklisted ids and identities."""
        return self.registry.register(data)

    @rpc
    def get_subject(self, subject_id, viewer=None):
        """Subject with status history; PII masked unless `viewer` is entitled (each full read logged)."""
        return self.registry.subject_view(subject_id, viewer)

    @rpc
    def is_allowed(self, subject_id, action):
        """May `subject_id` take `action` (sell, publish_listing, livestream, run_community, apply)? Answer cites rule IDs."""
        return self.registry.is_allowed(subject_id, action)

    @command
    def add_contract(self, mcn_id, data):
        """Record an MCN–host contract (R-ONB-30). `data`: ContractIn."""
        return self.registry.add_contract(mcn_id, data)

    @command
    def terminate_contract(self, mcn_id, host_id):
        """End an MCN–host contract."""
        return self.registry.terminate_contract(mcn_id, host_id)

    @command
    def broadcast_check(self, host_id, data):
        """R-ONB-35: is the person on air the registered host? A mismatch reports PB-20 (serious) against the MCN."""
        return self.registry.broadcast_check(host_id, data)

    @command
    def evaluate(self, subject_id, data, evaluator):
        """Periodic evaluation (R-REP-01): pass, rectify (restricted), clear out on repeat, forged -> serious violation."""
        return self.registry.evaluate(subject_id, data, evaluator)

    @rpc
    def evaluations_due(self, limit=100, cursor=None):
        """Subjects whose periodic evaluation is due, oldest first."""
        return self.registry.evaluations_due(limit=limit, cursor=cursor)

    @command
    def deregister(self, subject_id, data, actor):
        """Deregister; the record is kept at least 2 years (R-XC-03)."""
        return self.registry.deregister(subject_id, data, actor)

    @timer(interval=60)
    def flag_overdue_evaluations(self):
        self.registry.flag_overdue()

    def blacklist_reaction(self, changes):
        self.registry.react_to_run(changes)
