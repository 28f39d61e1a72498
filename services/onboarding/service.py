"""Onboarding service entrypoints (delegating to registry.Registry)."""

from nameko.events import EventDispatcher
from nameko.rpc import rpc

from tianping import blacklist, db, envelope, health

from . import models, registry, schemas


class OnboardingService(health.ServiceBase, blacklist.BlacklistEnforcing):
    name = "onboarding"

    database = db.Database(models)
    dispatch = EventDispatcher()

    @property
    def registry(self) -> registry.Registry:
        return registry.Registry(self.blacklist, self._publish)

    def _publish(self, event_type, payload):
        self.dispatch(event_type, envelope.wrap(event_type, self.name, payload, self.correlation_id))

    @rpc
    def register_subject(self, data):
        return self.registry.register(data)

    @rpc
    def get_subject(self, subject_id):
        return schemas.SubjectOut().dump(self.registry.get(subject_id))

    @rpc
    def add_contract(self, mcn_id, data):
        return self.registry.add_contract(mcn_id, data)

    @rpc
    def is_allowed(self, subject_id, action):
        return self.registry.is_allowed(subject_id, action)

    def blacklist_reaction(self, change):
        self.registry.react_to_blacklist(change)
