"""Aftersale service entrypoints (delegating to desk.Desk)."""

from tianping import blacklist, db, health
from tianping.commands import command
from tianping.rpc import rpc

from . import desk, models


class AftersaleService(health.ServiceBase, blacklist.BlacklistEnforcing):
    name = "aftersale"

    database = db.Database(models)

    @property
    def desk(self) -> desk.Desk:
        return desk.Desk(self.blacklist)

    @command
    def open_request(self, data):
        """Open a buyer's after-sale request; for a blacklisted merchant the platform owns the deadline."""
        return self.desk.open(data)

    @rpc
    def get_request(self, request_id):
        """An after-sale request with its trail."""
        return self.desk.get(request_id)

    def blacklist_reaction(self, changes):
        self.desk.react_to_blacklist(changes)
