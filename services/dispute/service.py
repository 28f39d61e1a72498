"""Dispute service: entrypoints only, each delegating to a use case (services/dispute/usecases/).
RPC reference: docs/rpc.md (generated)."""

from tianping import blacklist, db, health
from tianping.commands import command
from tianping.rpc import rpc
from tianping.usecase import Context

from . import models, repository
from .usecases import cases, reactions


class DisputeService(health.ServiceBase, blacklist.BlacklistEnforcing):
    name = "dispute"

    database = db.Database(models)

    @property
    def ctx(self) -> Context:
        return Context(repository, self.blacklist, request_key=self.commands.request_key)

    @command
    def open_case(self, data):
        """Open a dispute case; a blacklisted merchant's cases carry advance compensation (R-DSP-06)."""
        return cases.open_case(self.ctx, data)

    @rpc
    def get_case(self, case_id):
        """A dispute case with flags and trail."""
        return cases.get(self.ctx, case_id)

    def blacklist_reaction(self, changes):
        reactions.react_to_blacklist(self.ctx, changes)
