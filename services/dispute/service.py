"""Dispute service entrypoints (delegating to mediation.Mediation)."""

from tianping import blacklist, db, health
from tianping.commands import command
from tianping.rpc import rpc

from . import mediation, models


class DisputeService(health.ServiceBase, blacklist.BlacklistEnforcing):
    name = "dispute"

    database = db.Database(models)

    @property
    def mediation(self) -> mediation.Mediation:
        return mediation.Mediation(self.blacklist)

    @command
    def open_case(self, data):
        """Open a dispute case; a blacklisted merchant's cases carry advance compensation (R-DSP-06)."""
        return self.mediation.open(data)

    @rpc
    def get_case(self, case_id):
        """A dispute case with flags and trail."""
        return self.mediation.get(case_id)

    def blacklist_reaction(self, changes):
        self.mediation.react_to_blacklist(changes)
