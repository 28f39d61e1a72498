"""Listing service: entrypoints only, each delegating to a use case (services/listing/usecases/).
RPC reference: docs/rpc.md (generated)."""

from nameko.timer import timer

from services.onboarding import contracts as onboarding
from tianping import blacklist, db, health, subjects, testclock
from tianping.audit import audited
from tianping.commands import command
from tianping.contracts import EventPublisher, subscribe
from tianping.rpc import TimedRpc, rpc

from . import models, repository
from .usecases import Context, certificates, dry_runs, lexicons, reactions, reports, reviews, rooms, sanctions


class ListingService(health.ServiceBase, blacklist.BlacklistEnforcing, audited("listing"), testclock.TestClockRpc):
    name = "listing"

    database = db.Database(models)
    publish = EventPublisher()
    subject_statuses = subjects.SubjectStatusReplica()
    calls = TimedRpc()

    @property
    def ctx(self) -> Context:
        return Context(repository, self.blacklist, self.publish, self.commands.request_key, self.subject_statuses,
                       audit=self.audit)

    # -- review ---------------------------------------------------------------------------------------
    @command
    def review(self, data):
        """Submit a listing or community post (ListingIn) for review: published, rejected or in review, with findings per rule ID and span."""
        return reviews.submit(self.ctx, data)

    @rpc
    def dry_run_lexicon(self, data):
        """A candidate lexicon tried over the listings stored in a period: what would be withdrawn or published,
        which rules would fire or stop firing. Changes nothing."""
        return dry_runs.lexicon(self.ctx, data)

    @rpc
    def check(self, data):
        """The same automatic review of a draft (ListingBody), stored nowhere."""
        return reviews.check(self.ctx, data)

    @rpc
    def get_listing(self, listing_id, viewer=None):
        """A listing with its findings and whole review trail (R-LST-02); unpublished ones only for their operator and reviewers."""
        return reviews.get(self.ctx, listing_id, viewer)

    @rpc
    def review_queue(self, cursor=None, limit=50):
        """Listings waiting for a reviewer, oldest first."""
        return reviews.queue(self.ctx, cursor, limit)

    @command
    def decide(self, listing_id, data, reviewer):
        """A reviewer's decision (DecisionIn): approve, reject with rule IDs, request changes."""
        return reviews.decide(self.ctx, listing_id, data, reviewer)

    @command
    def withdraw(self, listing_id, data, actor):
        """Withdraw a listing (RevokeIn reason); `actor` {id, platform}: its operator or the platform."""
        return reviews.withdraw(self.ctx, listing_id, data, actor)

    # -- lexicon and certificates ---------------------------------------------------------------------
    @rpc
    def get_lexicon(self):
        """The lexicon in force: version, sizes, body."""
        return lexicons.view(self.ctx)

    @command
    def publish_lexicon(self, data, actor):
        """A new lexicon version (LexiconIn); reviews from now on record it."""
        return lexicons.publish(self.ctx, data, actor)

    @command
    def register_certificate(self, data, lab_id):
        """An accredited lab registers a certificate (CertificateIn)."""
        return certificates.register(self.ctx, data, lab_id)

    @rpc
    def verify_certificate(self, number):
        """Public verification of a certificate (R-LST-04): 404 unknown, revoked shown as revoked."""
        return certificates.verify(self.ctx, number)

    @command
    def revoke_certificate(self, number, data, actor, administrator=False):
        """Revoke a certificate (RevokeIn): its lab, or an administrator; listings citing it fail review from now on."""
        return certificates.revoke(self.ctx, number, data, actor, administrator)

    # -- reports and rooms -----------------------------------------------------------------------------
    @command
    def file_report(self, listing_id, data, reporter):
        """Report a listing (ReportIn): rate-limited per reporter and day; a published listing goes back to review."""
        return reports.file(self.ctx, listing_id, data, reporter)

    @rpc
    def get_report(self, report_id, viewer):
        """A report and its outcome, for its reporter and reviewers (`viewer` {id, platform})."""
        return reports.get(self.ctx, report_id, viewer)

    @command
    def decide_report(self, report_id, data, reviewer):
        """Confirm (withdraws the listing, records a violation) or dismiss a report (ReportDecisionIn)."""
        return reports.decide(self.ctx, report_id, data, reviewer)

    @command
    def put_room(self, room_id, data, operator):
        """A live room's disclosures (RoomIn): licence, dispute channel, hotline — needed before its listings publish."""
        return rooms.put(self.ctx, room_id, data, operator)

    @rpc
    def get_room(self, room_id):
        """A live room's disclosures (public)."""
        return rooms.get(self.ctx, room_id)

    @timer(interval=30, eager=True)
    def observe_review_queue(self):
        reviews.observe_queue(self.ctx)

    @timer(interval=15, eager=True)  # retried every 15 s until one complete catch-up, then hourly
    def catch_up_subject_statuses(self):
        reactions.catch_up_statuses(self.ctx, lambda cursor: self.calls.call("onboarding", "subject_statuses", cursor))

    @subscribe(onboarding.SUBJECT_STATUS_CHANGED)
    def on_subject_status_changed(self, message):
        # An MCN's hosts suspended by onboarding take their rooms' listings down here.
        reactions.react_to_status(self.ctx, onboarding.SUBJECT_STATUS_CHANGED.load(message))

    @subscribe(onboarding.SUBJECT_STATUSES_CHANGED)
    def on_subject_statuses_changed(self, message):
        # An MCN blacklisted: its hosts, all at once, and their listings with one bulk write per role.
        reactions.react_to_statuses(self.ctx, onboarding.SUBJECT_STATUSES_CHANGED.load(message)["items"])

    def blacklist_reaction(self, changes):
        reactions.react_to_blacklist(self.ctx, changes)

    def sanction_reaction(self, changes):
        sanctions.record_visibility(self.ctx, changes)  # hidden / shown again, in each listing's trail
