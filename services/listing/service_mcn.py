"""Listing service, continued: the entrypoints of an MCN's duties on the live business (issue 27) — reviewing its
hosts' flagged content (R-LST-35) and its commitments to platform campaigns (PB-15, PB-16) — each delegating to a
use case. A mixin of ListingService (its `ctx`)."""

from tianping.infra.rpc import rpc
from tianping.platform.commands import command

from .usecases import campaigns, mcn_reviews


class McnEntrypoints:
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
