"""Dispute service entrypoints (delegating to mediation.Mediation)."""

from nameko.rpc import rpc

from tianping import blacklist, db, health

from . import mediation, models


class DisputeService(health.ServiceBase, blacklist.BlacklistEnforcing):
    name = "dispute"

    database = db.Database(models)

    @property
    def mediation(self) -> mediation.Mediation:
        return mediation.Mediation(self.blacklist)

    @rpc
    def open_case(self, data):
        return self.mediation.open(data)

    @rpc
    def get_case(self, case_id):
        return self.mediation.get(case_id)

    def blacklist_reaction(self, changes):
        self.mediation.react_to_blacklist(changes)
