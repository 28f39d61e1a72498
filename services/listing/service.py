"""Listing service: entrypoints only, each delegating to a use case (services/listing/usecases/).
RPC reference: docs/rpc.md (generated)."""

import functools

from nameko.timer import timer

from services.onboarding import contracts as onboarding
from tianping.infra import db
from tianping.infra.rpc import TimedRpc, rpc
from tianping.infra.slots import Slots
from tianping.platform import blacklist, health, subjects, sweeper, testclock
from tianping.platform.audit import audited
from tianping.platform.commands import command, keyed_command
from tianping.platform.contracts import EventPublisher, subscribe

from . import contracts, models, repository
from .service_mcn import McnEntrypoints
from .service_queues import QueueEntrypoints
from .usecases import (
    Context,
    certificates,
    dry_runs,
    ip_notices,
    ip_outcomes,
    lexicons,
    live_replay,
    live_segments,
    live_sessions,
    reactions,
    rechecks,
    reports,
    reviews,
    rooms,
    sanctions,
    timers,
)


class ListingService(health.ServiceBase, blacklist.BlacklistEnforcing, audited("listing"), sweeper.Sweeping,
                     testclock.TestClockRpc, McnEntrypoints, QueueEntrypoints):
    name = "listing"

    database = db.Database(models)
    publish = EventPublisher()
    subject_statuses = subjects.SubjectStatusReplica()
    calls = TimedRpc()
    http_ingest = Slots("LIVE_HTTP_INGEST_WORKERS", "live ingest over HTTP")
    on_deadline = staticmethod(timers.on_deadline)  # the deadlines: sweeper.Sweeping
    # the lexicon in force compiled before the first batch or review; later versions built beside the reviews
    warm = health.Warmup(functools.partial(lexicons.warm, repository), database="listing")

    @property
    def ctx(self) -> Context:
        onboarding_calls = onboarding.OPERATIONS.client(self.calls)
        return Context(repository, self.blacklist, self.publish, self.commands.request_key, self.subject_statuses,
                       audit=self.audit, deadlines=self.deadline_book,
                       broadcast_check=onboarding_calls.broadcast_check, room_operator=onboarding_calls.room_operator)

    # -- review ---------------------------------------------------------------------------------------
    @keyed_command  # exactly once by the listing's number, derived from the request key (reviews.submit)
    def review(self, data):
        """Submit a listing or community post (ListingIn) for review: published, rejected or in review, with findings per rule ID and span."""
        return reviews.submit(self.ctx, data)

    @rpc
    def dry_run_lexicon(self, data):
        """A candidate lexicon tried over stored listings: what would be withdrawn or published. Changes nothing."""
        return dry_runs.lexicon(self.ctx, data)

    @rpc
    def check(self, data):
        """The same automatic review of a draft (ListingBody), stored nowhere."""
        return reviews.check(self.ctx, data)

    @rpc
    def get_listing(self, listing_id, viewer=None):
        """A listing with its findings and whole review trail (R-LST-02); unpublished ones only for their operator and reviewers."""
        return reviews.get(self.ctx, listing_id, viewer)

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
        """A new lexicon version (LexiconIn); every live listing is re-checked under it in batches (R-LST-24)."""
        return rechecks.publish(self.ctx, data, actor)

    @rpc
    def recheck_progress(self):
        """The latest lexicon version's re-check of live listings (RecheckOut): examined, changed, done."""
        return rechecks.progress(self.ctx)

    # -- IP notices (R-LST-13) ----------------------------------------------------------------------------
    @command
    def file_ip_notice(self, data, filed_by):
        """A rights holder's notice (IpNoticeIn): the named listings are taken down at once, the merchant told."""
        return ip_notices.file(self.ctx, data, filed_by)

    @rpc
    def get_ip_notice(self, notice_id, viewer):
        """An IP notice (IpNoticeOut) for its filer, the merchant named and the platform (`viewer` {id, platform})."""
        return ip_notices.get(self.ctx, notice_id, viewer)

    @command
    def counter_notice(self, notice_id, data, merchant_id):
        """The merchant's counter-notice (CounterNoticeIn), once: forwarded, the art. 43 period starts."""
        return ip_notices.counter_notice(self.ctx, notice_id, data, merchant_id)

    @command
    def report_ip_complaint(self, notice_id, data, actor):
        """The rights holder reports a complaint or lawsuit (ComplaintIn): the listings stay down."""
        return ip_outcomes.complaint(self.ctx, notice_id, data, actor)

    @command
    def mark_ip_notice_wrongful(self, notice_id, data, reviewer):
        """The platform finds the notice wrong (RevokeIn reason): its listings return at once (art. 42)."""
        return ip_outcomes.wrongful(self.ctx, notice_id, data, reviewer)

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

    @command
    def open_session(self, room_id, data, actor):
        """Go live (SessionIn): refused with rule IDs without the room's disclosures or when a subject may not."""
        return live_sessions.open_session(self.ctx, room_id, data, actor)

    @command
    def end_session(self, room_id, session_id, actor):
        """End a live session (`actor` {id, platform}: its host, operator or the platform)."""
        return live_sessions.end(self.ctx, room_id, session_id, actor)

    @rpc
    def get_session(self, room_id, session_id):
        """A live session: status, counts, warnings and stop."""
        return live_sessions.get(self.ctx, room_id, session_id)

    @rpc
    def list_sessions(self, status="live", since=None, cursor=None, limit=50):
        """Live sessions in one status (live, stopped, ended), latest started first; `since`: started since then."""
        return live_sessions.sessions(self.ctx, status, since, cursor, limit)

    @command(slots="http_ingest")  # a flood of HTTP batches never takes every worker (429 past the bound and its queue)
    def ingest_segments(self, room_id, session_id, data):
        """A batch of segments (SegmentBatchIn): a decision per segment at once; a stored seq is applied once."""
        return live_segments.ingest(self.ctx, room_id, session_id, data)

    @subscribe(contracts.LIVE_SEGMENT_BATCH, workers="LIVE_INGEST_WORKERS")  # a backlog never takes every worker
    def on_live_segment_batch(self, message):
        live_segments.consume(self.ctx, contracts.LIVE_SEGMENT_BATCH.load(message))

    @rpc
    def replay(self, room_id, session_id, first=None, last=None, limit=None):
        """A session's segments and decisions from seq `first` to `last`, in order (R-XC-01)."""
        return live_replay.replay(self.ctx, room_id, session_id, first, last, limit)

    @command
    def overturn_decision(self, room_id, session_id, seq, data, reviewer):
        """A reviewer overturns a segment's decision (OverturnIn), appended to the segment's record."""
        return live_replay.overturn(self.ctx, room_id, session_id, seq, data, reviewer)

    @timer(interval=30, eager=True)
    def observe_review_queue(self):
        reviews.observe_queue(self.ctx)
        live_sessions.observe(self.ctx)  # sessions on air

    @timer(interval=15, eager=True)  # retried every 15 s until one complete catch-up, then hourly
    def catch_up_subject_statuses(self):
        reactions.catch_up_statuses(self.ctx, onboarding.OPERATIONS.client(self.calls).subject_statuses)

    @subscribe(onboarding.SUBJECT_STATUS_CHANGED)
    def on_subject_status_changed(self, message):  # an MCN's hosts suspended: their rooms' listings taken down
        reactions.react_to_status(self.ctx, onboarding.SUBJECT_STATUS_CHANGED.load(message))

    @subscribe(onboarding.SUBJECT_STATUSES_CHANGED)
    def on_subject_statuses_changed(self, message):  # an MCN blacklisted: its hosts and listings, a bulk write per role
        reactions.react_to_statuses(self.ctx, onboarding.SUBJECT_STATUSES_CHANGED.load(message)["items"])

    def blacklist_reaction(self, changes):
        reactions.react_to_blacklist(self.ctx, changes)

    def sanction_reaction(self, changes):
        sanctions.record_visibility(self.ctx, changes)  # hidden / shown again, in each listing's trail
