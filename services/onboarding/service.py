"""Onboarding service entrypoints (delegating to registry.Registry). RPC reference: docs/rpc.md."""

from nameko.events import EventDispatcher
from nameko.timer import timer

from tianping import blacklist, db, envelope, health
from tianping.commands import command
from tianping.rpc import rpc

from . import models, registry


class OnboardingService(health.ServiceBase, blacklist.BlacklistEnforcing):
    name = "onboarding"

    database = db.Database(models)
    dispatch = EventDispatcher()

    @property
    def registry(self) -> registry.Registry:
        return registry.Registry(self.blacklist, self._publish, self.commands.request_key)

    def _publish(self, event_type, payload):
        self.dispatch(event_type, envelope.wrap(event_type, self.name, payload, self.correlation_id))

    # -- applications -------------------------------------------------------------------------------
    @command
    def submit_application(self, data, actor="applicant"):
        return self.registry.submit(data, actor)

    @command
    def decide(self, application_id, data, reviewer):
        return self.registry.decide(application_id, data, reviewer)

    @command
    def resubmit(self, application_id, data, actor="applicant"):
        return self.registry.resubmit(application_id, data, actor)

    @rpc
    def get_application(self, application_id, viewer=None):
        return self.registry.application(application_id, viewer)

    @rpc
    def review_queue(self, applicant_type=None, cursor=None, limit=50):
        return self.registry.review_queue(applicant_type, cursor, limit)

    # -- subjects -----------------------------------------------------------------------------------
    @command
    def register_subject(self, data):
        return self.registry.register(data)

    @rpc
    def get_subject(self, subject_id, viewer=None):
        return self.registry.subject_view(subject_id, viewer)

    @rpc
    def is_allowed(self, subject_id, action):
        return self.registry.is_allowed(subject_id, action)

    @command
    def add_contract(self, mcn_id, data):
        return self.registry.add_contract(mcn_id, data)

    @command
    def terminate_contract(self, mcn_id, host_id):
        return self.registry.terminate_contract(mcn_id, host_id)

    @command
    def broadcast_check(self, host_id, data):
        return self.registry.broadcast_check(host_id, data)

    @command
    def evaluate(self, subject_id, data, evaluator):
        return self.registry.evaluate(subject_id, data, evaluator)

    @rpc
    def evaluations_due(self, limit=100, cursor=None):
        return self.registry.evaluations_due(limit=limit, cursor=cursor)

    @command
    def deregister(self, subject_id, data, actor):
        return self.registry.deregister(subject_id, data, actor)

    @timer(interval=60)
    def flag_overdue_evaluations(self):
        self.registry.flag_overdue()

    def blacklist_reaction(self, changes):
        self.registry.react_to_run(changes)
