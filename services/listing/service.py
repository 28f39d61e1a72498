"""Listing service entrypoints (delegating to catalogue.Catalogue)."""

from nameko.events import SERVICE_POOL, event_handler

from tianping import blacklist, db, envelope, health
from tianping.commands import command
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
        return self.catalogue.submit(data)

    @rpc
    def get_listing(self, listing_id):
        return self.catalogue.get(listing_id)

    @command
    def approve_listing(self, listing_id, reviewer):
        return self.catalogue.approve(listing_id, reviewer)

    @event_handler("onboarding", "subject_status_changed", handler_type=SERVICE_POOL, reliable_delivery=True)
    def on_subject_status_changed(self, message):
        # An MCN's hosts suspended by onboarding take their rooms' listings down here.
        self.catalogue.react_to_status(envelope.unwrap(message)["payload"])

    def blacklist_reaction(self, changes):
        self.catalogue.react_to_blacklist(changes)
