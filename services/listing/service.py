"""Listing service entrypoints (delegating to catalogue.Catalogue)."""


from services.onboarding import contracts as onboarding
from tianping import blacklist, db, health
from tianping.commands import command
from tianping.contracts import subscribe
from tianping.rpc import rpc

from . import catalogue, models


class ListingService(health.ServiceBase, blacklist.BlacklistEnforcing):
    name = "listing"

    database = db.Database(models)

    @property
    def catalogue(self) -> catalogue.Catalogue:
        return catalogue.Catalogue(self.blacklist)

    @command
    def submit_listing(self, data):
        """Submit a listing for review; refused if the operator or host is blacklisted (R-REP-13)."""
        return self.catalogue.submit(data)

    @rpc
    def get_listing(self, listing_id):
        """A listing with its review trail (R-LST-02)."""
        return self.catalogue.get(listing_id)

    @command
    def approve_listing(self, listing_id, reviewer):
        """Publish a listing after review (R-LST-01)."""
        return self.catalogue.approve(listing_id, reviewer)

    @subscribe(onboarding.SUBJECT_STATUS_CHANGED)
    def on_subject_status_changed(self, message):
        # An MCN's hosts suspended by onboarding take their rooms' listings down here.
        self.catalogue.react_to_status(onboarding.SUBJECT_STATUS_CHANGED.load(message))

    def blacklist_reaction(self, changes):
        self.catalogue.react_to_blacklist(changes)
