"""Listing service: entrypoints only, each delegating to a use case (services/listing/usecases/).
RPC reference: docs/rpc.md (generated)."""

from services.onboarding import contracts as onboarding
from tianping import blacklist, db, health
from tianping.commands import command
from tianping.contracts import subscribe
from tianping.rpc import rpc
from tianping.usecase import Context

from . import models, repository
from .usecases import listings, reactions


class ListingService(health.ServiceBase, blacklist.BlacklistEnforcing):
    name = "listing"

    database = db.Database(models)

    @property
    def ctx(self) -> Context:
        return Context(repository, self.blacklist, request_key=self.commands.request_key)

    @command
    def submit_listing(self, data):
        """Submit a listing for review; refused if the operator or host is blacklisted (R-REP-13)."""
        return listings.submit(self.ctx, data)

    @rpc
    def get_listing(self, listing_id):
        """A listing with its review trail (R-LST-02)."""
        return listings.get(self.ctx, listing_id)

    @command
    def approve_listing(self, listing_id, reviewer):
        """Publish a listing after review (R-LST-01)."""
        return listings.approve(self.ctx, listing_id, reviewer)

    @subscribe(onboarding.SUBJECT_STATUS_CHANGED)
    def on_subject_status_changed(self, message):
        # An MCN's hosts suspended by onboarding take their rooms' listings down here.
        reactions.react_to_status(self.ctx, onboarding.SUBJECT_STATUS_CHANGED.load(message))

    def blacklist_reaction(self, changes):
        reactions.react_to_blacklist(self.ctx, changes)
