"""Listing's contract with the rest of the system: its RPC inputs and outputs and the events it publishes.
Other services and the gateway import this module, nothing else of listing."""

from marshmallow import Schema

from tianping.lib import fields
from tianping.lib.paging import QueueSummary
from tianping.lib.schemas import RULE_ID
from tianping.platform.contracts import Event, StateChanged
from tianping.platform.operations import Operations, command, query
from tianping.platform.signals import ViolationDetected

from .campaign_schemas import CommitmentIn, CommitmentOut, ReasonIn  # noqa: F401 - MCN campaign commitments
from .live_schemas import (  # noqa: F401 - RPC inputs and outputs of live-room moderation
    SESSION_STATUSES,
    BatchOut,
    LiveBatch,
    McnQueueOut,
    McnReviewed,
    McnReviewIn,
    OverturnIn,
    ReplayItem,
    ReplayOut,
    SegmentBatchIn,
    SessionIn,
    SessionOut,
    SessionPage,
)
from .rules import KINDS  # noqa: F401 - part of the contract
from .schemas import (  # noqa: F401 - RPC inputs and outputs
    CertificateIn,
    CertificateOut,
    ComplaintIn,
    CounterNoticeIn,
    DecisionIn,
    DryRunIn,
    DryRunOut,
    IpNoticeIn,
    IpNoticeOut,
    LexiconIn,
    LexiconOut,
    ListingBody,
    ListingIn,
    ListingOut,
    ListingPage,
    QualityOut,
    QueueItem,
    RecheckOut,
    ReportDecisionIn,
    ReportIn,
    ReportOut,
    ReviewOut,
    RevokeIn,
    RoomIn,
    RoomOut,
    SampleDecisionIn,
    SampledPage,
)

SERVICE = "listing"


class ListingDecided(Schema):
    listing_id = fields.String(required=True)
    operator_id = fields.String(required=True)
    host_id = fields.String(allow_none=True)
    status = fields.String(required=True)
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True)
    lexicon_version = fields.String(allow_none=True)
    actor = fields.String(required=True)


LISTING_PUBLISHED = Event(SERVICE, "listing_published", ListingDecided, "a listing passed review and is published")
LISTING_REJECTED = Event(SERVICE, "listing_rejected", ListingDecided, "a listing was rejected, with the rules")
LISTING_WITHDRAWN = Event(SERVICE, "listing_withdrawn", ListingDecided,
                          "a listing was withdrawn (its operator, a reviewer, a confirmed report)")
VIOLATION_DETECTED = Event(SERVICE, "violation_detected", ViolationDetected,
                           "a confirmed report found a listing breaking the rules")


class IpNoticeChanged(StateChanged):
    """An IP notice's step (R-LST-13): the merchant told of a notice; the rights holder sent the counter-notice."""
    notice_id = fields.String(required=True)
    operator_id = fields.String(required=True)
    filed_by = fields.String(required=True)
    listing_ids = fields.List(fields.String(), required=True)
    right_kind = fields.String(required=True)
    right_number = fields.String(required=True)
    rights_holder = fields.String(required=True)
    statement = fields.String()
    evidence = fields.List(fields.String())
    restore_due_at = fields.DateTime()


IP_NOTICE_FILED = Event(SERVICE, "ip_notice_filed", IpNoticeChanged,
                        "a rights holder's notice took the merchant's listings down (the merchant is notified)")
IP_COUNTER_NOTICE_FORWARDED = Event(SERVICE, "ip_counter_notice_forwarded", IpNoticeChanged,
                                    "the merchant's counter-notice, forwarded to the rights holder (art. 43)")
IP_NOTICE_CLOSED = Event(SERVICE, "ip_notice_closed", IpNoticeChanged,
                         "an IP notice ended: complaint filed, listings restored, or the notice found wrongful")


class LiveSegmentsHidden(Schema):
    """Viewers' comments hidden in a live session (R-LST-33), one event per batch: each seq with its rules."""
    session_id = fields.String(required=True)
    room_id = fields.String(required=True)
    host_id = fields.String(required=True)
    segments = fields.List(fields.Dict(), required=True)


class LiveSessionNotice(Schema):
    """A host warned, or a stream stopped, by the session's policy (R-LST-32, R-REP-17)."""
    session_id = fields.String(required=True)
    room_id = fields.String(required=True)
    host_id = fields.String(required=True)
    operator_id = fields.String(required=True)
    mcn_id = fields.String(allow_none=True)
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True)
    seqs = fields.List(fields.Integer(), required=True)
    policy_version = fields.String(required=True)
    number = fields.Integer()                # the warning's number in the session
    reason = fields.String()                 # a stop's: serious_finding | repeated_warnings
    violation_keys = fields.List(fields.String())  # an overturned stop's: the dedupe keys of its violations
    actor = fields.String()                  # an overturned stop's reviewer
    at = fields.DateTime()                   # when the warning was given or the stream stopped


LIVE_SEGMENT_HIDDEN = Event(SERVICE, "live_segment_hidden", LiveSegmentsHidden,
                            "viewers' comments hidden from a live room, with the rules (one event per batch; at least "
                            "once: a batch redelivered after a crash may announce its seqs again)",
                            outside="the platform's live system, which removes the comments from viewers: its own "
                                    "durable queue (e.g. `live-system.live_segment_hidden`) bound to `listing.events` "
                                    "with routing key `live_segment_hidden`, declared before its first session goes "
                                    "live (tests/integration/test_live_rooms.py)")
HOST_WARNED = Event(SERVICE, "host_warned", LiveSessionNotice,
                    "a live host warned after flagged transcript segments within the policy's window")
STREAM_STOPPED = Event(SERVICE, "stream_stopped", LiveSessionNotice,
                       "a live stream stopped by policy: a serious finding or repeated warnings")
STREAM_STOP_OVERTURNED = Event(SERVICE, "stream_stop_overturned", LiveSessionNotice,
                               "a reviewer cleared the segment a stream was stopped for: the stop's violation is "
                               "to be reversed")
# Consumed, not published: the platform's live system sends batches of segments on its own exchange (live.events);
# the launcher declares listing's durable queue for them before any service starts.
LIVE_SEGMENT_BATCH = Event("live", "segment_batch", LiveBatch,
                           "a batch of a live session's segments from the live system (up to 500)")

EVENTS = (LISTING_PUBLISHED, LISTING_REJECTED, LISTING_WITHDRAWN, VIOLATION_DETECTED, IP_NOTICE_FILED,
          IP_COUNTER_NOTICE_FORWARDED, IP_NOTICE_CLOSED, LIVE_SEGMENT_HIDDEN, HOST_WARNED, STREAM_STOPPED,
          STREAM_STOP_OVERTURNED)
BY_STATUS = {"published": LISTING_PUBLISHED, "rejected": LISTING_REJECTED, "withdrawn": LISTING_WITHDRAWN}

OPERATIONS = Operations(
    SERVICE,
    query("check", ("data",), ListingBody, ReviewOut,
          'The same automatic review of a draft (ListingBody), stored nowhere'),
    command("decide", ("listing_id", "data", "reviewer"), DecisionIn, ListingOut,
            "A reviewer's decision (DecisionIn)"),
    command("decide_report", ("report_id", "data", "reviewer"), ReportDecisionIn, ReportOut,
            'Confirm (withdraws the listing, records a violation) or dismiss a report (ReportDecisionIn)'),
    query("dry_run_lexicon", ("data",), DryRunIn, DryRunOut,
          'A candidate lexicon tried over the listings stored in a period'),
    command("file_report", ("listing_id", "data", "reporter"), ReportIn, ReportOut,
            'Report a listing (ReportIn)'),
    query("get_lexicon", (), None, LexiconOut,
          'The lexicon in force'),
    query("get_listing", ("listing_id", "viewer"), None, ListingOut,
          'A listing with its findings and whole review trail'),
    query("get_report", ("report_id", "viewer"), None, ReportOut,
          'A report and its outcome, for its reporter and reviewers (`viewer` {id, platform})'),
    query("get_room", ("room_id",), None, RoomOut,
          "A live room's disclosures (public)"),
    command("publish_lexicon", ("data", "actor"), LexiconIn, LexiconOut,
            'A new lexicon version (LexiconIn)'),
    command("put_room", ("room_id", "data", "operator"), RoomIn, RoomOut,
            "A live room's disclosures (RoomIn)"),
    command("register_certificate", ("data", "lab_id"), CertificateIn, CertificateOut,
            'An accredited lab registers a certificate (CertificateIn)'),
    command("review", ("data",), ListingBody, ListingOut,
            'Submit a listing or community post (ListingIn) for review'),
    query("review_queue", ("cursor", "limit"), None, None,
          'Listings waiting for a reviewer, oldest first'),
    query("review_summary", (), None, QueueSummary, "How many listings wait for a reviewer, since when the oldest"),
    command("revoke_certificate", ("number", "data", "actor", "administrator"), RevokeIn, CertificateOut,
            'Revoke a certificate (RevokeIn)'),
    query("verify_certificate", ("number",), None, CertificateOut,
          'Public verification of a certificate'),
    command("withdraw", ("listing_id", "data", "actor"), RevokeIn, ListingOut,
            'Withdraw a listing (RevokeIn reason)'),
    query("recheck_progress", (), None, RecheckOut,
          "The latest lexicon version's re-check of live listings: examined, changed, done"),
    query("sample_queue", ("cursor", "limit"), None, SampledPage,
          "Auto-published listings drawn for human quality review, oldest first"),
    command("decide_sample", ("listing_id", "data", "reviewer"), SampleDecisionIn, ListingOut,
            "A reviewer's verdict on a sampled listing (SampleDecisionIn): keep or withdraw"),
    query("review_quality", ("since", "until"), None, QualityOut,
          "Precision and recall per category from the reviewers' verdicts over local calendar days (R-LST-02)"),
    command("file_ip_notice", ("data", "filed_by"), IpNoticeIn, IpNoticeOut,
            "A rights holder's notice (IpNoticeIn): the named listings are taken down at once"),
    query("get_ip_notice", ("notice_id", "viewer"), None, IpNoticeOut,
          "An IP notice with its actions and history (its filer, the merchant, the platform)"),
    command("counter_notice", ("notice_id", "data", "merchant_id"), CounterNoticeIn, IpNoticeOut,
            "The merchant's counter-notice (CounterNoticeIn), once: forwarded, the restoration period starts"),
    command("report_ip_complaint", ("notice_id", "data", "actor"), ComplaintIn, IpNoticeOut,
            "The rights holder's complaint or lawsuit (ComplaintIn): the listings stay down"),
    command("mark_ip_notice_wrongful", ("notice_id", "data", "reviewer"), RevokeIn, IpNoticeOut,
            "The platform finds a notice wrong (RevokeIn reason): the listings return at once"),
    command("open_session", ("room_id", "data", "actor"), SessionIn, SessionOut,
            "Go live (SessionIn): refused with rule IDs without the room's disclosures or when a subject may not"),
    command("end_session", ("room_id", "session_id", "actor"), None, SessionOut,
            "End a live session (its host, operator or the platform)"),
    query("get_session", ("room_id", "session_id"), None, SessionOut,
          "A live session: status, counts, warnings and stop"),
    query("list_sessions", ("status", "since", "cursor", "limit"), None, SessionPage,
          "Live sessions in one status (live, stopped, ended), latest started first; `since`: started since then"),
    command("ingest_segments", ("room_id", "session_id", "data"), SegmentBatchIn, BatchOut,
            "A batch of segments (SegmentBatchIn, up to 500): a decision per segment, duplicates applied once"),
    query("replay", ("room_id", "session_id", "first", "last", "limit"), None, ReplayOut,
          "A session's segments and decisions from seq `first` to `last`, in order"),
    command("overturn_decision", ("room_id", "session_id", "seq", "data", "reviewer"), OverturnIn, ReplayItem,
            "A reviewer overturns a segment's decision (OverturnIn), appended to its record"),
    query("mcn_review_queue", ("mcn_id", "viewer"), None, McnQueueOut,
          "An MCN's hosts' flagged content it has not reviewed yet (R-LST-35), for the MCN or the platform"),
    command("mcn_review", ("room_id", "session_id", "seq", "data", "mcn_id"), McnReviewIn, McnReviewed,
            "The MCN's review of its host's flagged segment (McnReviewIn)"),
    command("commit_to_campaign", ("data", "mcn_id"), CommitmentIn, CommitmentOut,
            "An MCN commits to a platform campaign (CommitmentIn)"),
    command("release_commitment", ("commitment_id", "data", "reviewer"), ReasonIn, CommitmentOut,
            "The platform permits the MCN to withdraw from its commitment (ReasonIn)"),
    command("withdraw_commitment", ("commitment_id", "data", "mcn_id"), ReasonIn, CommitmentOut,
            "The MCN withdraws from its commitment (ReasonIn); without a release it is a breach (PB-16)"),
    query("get_commitment", ("commitment_id", "viewer"), None, CommitmentOut,
          "A commitment and what became of it, for its MCN and the platform"),

)
