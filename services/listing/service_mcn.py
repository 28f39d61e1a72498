"""Listing service, continued: the entrypoints of an MCN's duties on the live business (issue 27) — reviewing its
hosts' flagged content (R-LST-35) and its commitments to platform campaigns (PB-15, PB-16) — each delegating to a
use case. A mixin of ListingService (its `ctx`)."""

import eventlet
from nameko.timer import timer

from tianping.infra import roundtrips
from tianping.infra.rpc import rpc
from tianping.lib import config
from tianping.platform.commands import command

from .usecases import campaigns, cascades, mcn_reviews

# Between two batches of a cascade's stored statuses the follower waits as long as the batch took, and at least this
# long, so the store serves other requests at least half the time; a run stops after CASCADE_BATCHES_PER_RUN.
CASCADE_PAUSE = float(config.env("TIANPING_CASCADE_PAUSE_SECONDS", "0.3"))
CASCADE_BATCHES_PER_RUN = 50


class McnEntrypoints:
    @timer(interval=1, eager=True)
    def follow_cascades(self):
        """An MCN's hosts' listings, withdrawn at once for every reader: their stored statuses, batch by batch."""
        with roundtrips.doing("cascade"):
            cascades.follow(self.ctx, lambda spent: eventlet.sleep(max(CASCADE_PAUSE, spent)),
                            CASCADE_BATCHES_PER_RUN)

    @rpc
    def mcn_review_queue(self, mcn_id, viewer):
        """An MCN's hosts' flagged content it has not reviewed yet (R-LST-35), for the MCN or the platform."""
        return mcn_reviews.queue(self.ctx, mcn_id, viewer)

    @command
    def mcn_review(self, room_id, session_id, seq, data, mcn_id):
        """The MCN's review of its host's flagged segment (McnReviewIn): warned, corrected, stream stopped, or none."""
        return mcn_reviews.review(self.ctx, room_id, session_id, seq, data, mcn_id)

    # -- MCN campaign commitments (PB-15, PB-16) --------------------------------------------------------------
    @command
    def commit_to_campaign(self, data, mcn_id):
        """An MCN commits to a platform campaign (CommitmentIn): so many sessions of its hosts by the due time."""
        return campaigns.commit(self.ctx, data, mcn_id)

    @command
    def release_commitment(self, commitment_id, data, reviewer):
        """The platform permits the MCN to withdraw from its commitment (ReasonIn)."""
        return campaigns.release(self.ctx, commitment_id, data, reviewer)

    @command
    def withdraw_commitment(self, commitment_id, data, mcn_id):
        """The MCN withdraws (ReasonIn); without the platform's release it is a breach (PB-16)."""
        return campaigns.withdraw(self.ctx, commitment_id, data, mcn_id)

    @rpc
    def get_commitment(self, commitment_id, viewer):
        """A commitment and what became of it, for its MCN and the platform (`viewer` {id, platform})."""
        return campaigns.get(self.ctx, commitment_id, viewer)
