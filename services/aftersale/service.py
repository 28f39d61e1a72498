"""Aftersale service: entrypoints only, each delegating to a use case (services/aftersale/usecases/).
RPC reference: docs/rpc.md (generated)."""

from tianping import blacklist, db, health
from tianping.commands import command
from tianping.rpc import rpc
from tianping.usecase import Context

from . import models, repository
from .usecases import reactions, requests


class AftersaleService(health.ServiceBase, blacklist.BlacklistEnforcing):
    name = "aftersale"

    database = db.Database(models)

    @property
    def ctx(self) -> Context:
        return Context(repository, self.blacklist, request_key=self.commands.request_key)

    @command
    def open_request(self, data):
        """Open a buyer's after-sale request; for a blacklisted merchant the platform owns the deadline."""
        return requests.open_request(self.ctx, data)

    @rpc
    def get_request(self, request_id):
        """An after-sale request with its trail."""
        return requests.get(self.ctx, request_id)

    def blacklist_reaction(self, changes):
        reactions.react_to_blacklist(self.ctx, changes)
