"""Listing service, continued: the reviewers' queues — listings waiting for review, how many wait, and the human
sample of auto-published listings — each delegating to a use case. A mixin of ListingService (its `ctx`)."""

from tianping.infra.rpc import rpc
from tianping.platform.commands import command

from .usecases import quality, reviews, sampling


class QueueEntrypoints:
    @rpc
    def review_queue(self, cursor=None, limit=50):
        """Listings waiting for a reviewer, oldest first."""
        return reviews.queue(self.ctx, cursor, limit)

    @rpc
    def review_summary(self):
        """How many listings wait for a reviewer and since when the oldest."""
        return reviews.summary(self.ctx)

    # -- human sample of auto-published listings ------------------------------------------------------
    @rpc
    def sample_queue(self, cursor=None, limit=50):
        """Auto-published listings drawn for human quality review (policy rate), oldest first."""
        return sampling.queue(self.ctx, cursor, limit)

    @command
    def decide_sample(self, listing_id, data, reviewer):
        """A reviewer's verdict on a sampled listing (SampleDecisionIn): keep it, or withdraw it with rule IDs."""
        return sampling.decide(self.ctx, listing_id, data, reviewer)

    @rpc
    def review_quality(self, since=None, until=None):
        """Precision and recall per category from the reviewers' verdicts over local calendar days (R-LST-02)."""
        return quality.figures(self.ctx, since, until)
