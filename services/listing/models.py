"""Listing documents. Listings with their review trail, lexicon versions and certificates are never deleted: a
listing is withdrawn or rejected, a lexicon superseded by a newer version, a certificate revoked."""

import mongoengine as me

from tianping.lib.trail import Step, utcnow

ALIAS = "listing"


class Listing(me.Document):
    meta = {"db_alias": ALIAS, "collection": "listings",
            "indexes": [{"fields": ["operator_id", "status"]}, {"fields": ["host_id", "status"]},
                        {"fields": ["status", "created_at"]}, {"fields": ["request_key"], "sparse": True},
                        {"fields": ["rechecked_under", "recheck_outcome"], "sparse": True},
                        {"fields": ["sample_state", "created_at"], "sparse": True},
                        {"fields": ["quality_labels.at"], "sparse": True}]}
    listing_id = me.StringField(primary_key=True)
    request_key = me.StringField()
    operator_id = me.StringField(required=True)  # merchant / live room operator
    host_id = me.StringField()
    room_id = me.StringField()
    kind = me.StringField(default="product")
    category = me.StringField()
    title = me.StringField(required=True)
    description = me.StringField()
    attributes = me.DictField()
    price = me.StringField()
    promotion = me.DictField()
    shipping_fee = me.StringField()
    certificates = me.ListField(me.StringField())
    images = me.ListField(me.DictField())
    promotional = me.BooleanField(default=False)
    source = me.StringField()
    proofs = me.ListField(me.StringField())
    findings = me.ListField(me.DictField())
    lexicon_version = me.StringField()
    status = me.StringField(default="in_review")
    trail = me.EmbeddedDocumentListField(Step)
    created_at = me.DateTimeField(default=utcnow)
    retention_class = me.StringField()   # "transaction" once off the shelf for good (tianping.platform.retention)
    retain_until = me.DateTimeField()    # earliest purge: 3 calendar years after it was withdrawn or rejected
    rechecked_under = me.StringField()   # the lexicon version its last periodic re-check used (R-LST-24): once each
    recheck_outcome = me.StringField()   # unchanged | withdrawn | in_review
    sample_state = me.StringField()      # open | decided: drawn for human quality review after auto-publication
    sample_verdict = me.DictField()      # the reviewer's label: decision, rule IDs, reviewer, at
    quality_labels = me.ListField(me.DictField())  # each human verdict on the automatic review (quality_rules.label)
    ip_holds = me.ListField(me.StringField())  # the IP notices holding it down (status ip_hold), R-LST-13
    held_from = me.StringField()         # the status it returns to when its last hold is released
    reports_filed = me.IntField()        # reports filed on it (R-DSP-11): a dismissal publishes only if none came since


class Lexicon(me.Document):
    """A lexicon version (R-LST-20 to R-LST-23 terms): a new version per change, never an edit in place. Small: each
    review reads the newest one's id; the terms live in LexiconPart documents, read once per version."""
    meta = {"db_alias": ALIAS, "collection": "lexicons", "indexes": [{"fields": ["-created_at"]}]}
    version = me.StringField(primary_key=True)
    terms = me.IntField()
    created_by = me.StringField()
    created_at = me.DateTimeField(default=utcnow)


class LexiconPart(me.Document):
    """One part of a lexicon version's body (`lexicon_parts.split`: a 100,000-term body is over the store's 16 MB
    document limit), `_id` "<version>:<n>"; every part knows how many its version has, so a version with a part
    missing is refused, never read short. Written before the version's Lexicon document, all in one insert. Bodies
    stored before parts are one document in the same collection, `_id` the version, `body` the whole; still read."""
    meta = {"db_alias": ALIAS, "collection": "lexicon_bodies", "indexes": [{"fields": ["version", "n"]}]}
    key = me.StringField(primary_key=True)
    version = me.StringField(required=True)
    n = me.IntField(required=True)
    of = me.IntField(required=True)
    part = me.ListField(me.DictField(), required=True)


class Certificate(me.Document):
    """An appraisal certificate an accredited lab registered (R-LST-04, R-LST-05); revoked, never deleted."""
    meta = {"db_alias": ALIAS, "collection": "certificates", "indexes": [{"fields": ["lab_id"]}]}
    number = me.StringField(primary_key=True)
    lab_id = me.StringField(required=True)
    lab_name = me.StringField(required=True)
    marks = me.ListField(me.StringField())
    material = me.StringField(required=True)
    weight_g = me.StringField()
    treatment = me.StringField()
    issued_at = me.DateTimeField(required=True)
    status = me.StringField(default="valid")
    history = me.EmbeddedDocumentListField(Step)
    registered_at = me.DateTimeField(default=utcnow)


class ReportQuota(me.Document):
    """A reporter's reports on one local day: the daily limit's guard, one conditional increment each (R-DSP-11)."""
    meta = {"db_alias": ALIAS, "collection": "report_quotas"}
    key = me.StringField(primary_key=True)    # "<reporter>:<YYYY-MM-DD>" in the platform's time zone
    used = me.IntField(default=0)


class Report(me.Document):
    """A user's report of a listing (R-DSP-11): queued for review; a confirmed one withdraws the listing."""
    meta = {"db_alias": ALIAS, "collection": "reports",
            "indexes": [{"fields": ["reporter_id", "created_at"]}, {"fields": ["listing_id", "status"]}]}
    report_id = me.StringField(primary_key=True)
    listing_id = me.StringField(required=True)
    reporter_id = me.StringField(required=True)
    reason = me.StringField(required=True)
    evidence = me.ListField(me.StringField())
    status = me.StringField(default="open")   # open | confirmed | dismissed
    rule_ids = me.ListField(me.StringField())
    history = me.EmbeddedDocumentListField(Step)
    created_at = me.DateTimeField(default=utcnow)


class Room(me.Document):
    """A live room and the disclosures it must show before its listings are published (R-LST-27, R-LST-28)."""
    meta = {"db_alias": ALIAS, "collection": "rooms", "indexes": [{"fields": ["operator_id"]}]}
    room_id = me.StringField(primary_key=True)
    operator_id = me.StringField(required=True)
    licence_info = me.StringField()
    dispute_channel = me.StringField()
    service_hotline = me.StringField()
    commitments = me.StringField()
    consumer_warnings = me.StringField()
    history = me.EmbeddedDocumentListField(Step)
    updated_at = me.DateTimeField(default=utcnow)


class Recheck(me.Document):
    """The periodic re-check of live listings under one lexicon version (R-LST-24): its keyset cursor over listing
    ids, so a crashed run resumes where it stopped. The counts are read from the listings themselves."""
    meta = {"db_alias": ALIAS, "collection": "rechecks", "indexes": [{"fields": ["-started_at"]}]}
    version = me.StringField(primary_key=True)
    status = me.StringField(default="running")   # running | done | superseded
    cursor = me.StringField()                    # the last listing id examined
    batches = me.IntField(default=0)
    started_at = me.DateTimeField(default=utcnow)
    finished_at = me.DateTimeField()


class IpNotice(me.Document):
    """A rights holder's notice of infringement (R-LST-13, E-Commerce Law art. 42-45): the named listings held down,
    the merchant's counter-notice forwarded, restoration after 15 days without a complaint or lawsuit (art. 43)."""
    meta = {"db_alias": ALIAS, "collection": "ip_notices",
            "indexes": [{"fields": ["operator_id", "received_at"]}, {"fields": ["filed_by", "received_at"]}]}
    notice_id = me.StringField(primary_key=True)
    filed_by = me.StringField(required=True)
    rights_holder = me.DictField(required=True)   # name, identity (registration or ID number), contact
    right = me.DictField(required=True)           # kind (trademark | copyright | patent), number, title
    listing_ids = me.ListField(me.StringField(), required=True)
    operator_id = me.StringField(required=True)
    description = me.StringField()
    evidence = me.ListField(me.StringField())
    status = me.StringField(default="taken_down")  # taken_down | counter_noticed | complaint_filed | restored | wrongful
    actions = me.ListField(me.DictField())         # per listing: what was done and when (R-LST-13: action time)
    counter_notice = me.DictField()
    complaint = me.DictField()
    restore_due_at = me.DateTimeField()
    history = me.EmbeddedDocumentListField(Step)
    received_at = me.DateTimeField(required=True)  # R-LST-13: notice time


from .cascade_model import Cascade  # noqa: E402,F401 - listing stops of many subjects at once
from .live_models import (  # noqa: E402,F401 - live rooms, campaigns and price peers, part of models
    CampaignCommitment,
    LiveSegment,
    LiveSession,
    PricePeers,
    RoomOnAir,
)
