"""Reputation documents. Records are append-only: violations and decisions are never deleted; an
overturned violation changes status and keeps its history (retention, R-XC-06)."""

import mongoengine as me

from tianping.lib.trail import utcnow

ALIAS = "reputation"



class Violation(me.Document):
    meta = {"db_alias": ALIAS, "collection": "violations",
            "indexes": [{"fields": ["subject_id", "occurred_at"]}, {"fields": ["occurred_at"]},
                        {"fields": ["dedupe_key"], "unique": True, "sparse": True}]}
    violation_id = me.StringField(primary_key=True)
    subject_id = me.StringField(required=True)
    subject_type = me.StringField(required=True)
    rule_id = me.StringField(required=True)
    severity = me.StringField(required=True)
    evidence = me.ListField(me.StringField())
    source_service = me.StringField(required=True)
    occurred_at = me.DateTimeField(required=True)
    recorded_at = me.DateTimeField(default=utcnow)
    points = me.IntField(default=0)
    serious = me.BooleanField(default=False)
    rule_ids = me.ListField(me.StringField())
    policy_version = me.StringField()
    explanation = me.StringField()
    status = me.StringField(default="active")  # active | overturned
    published_until = me.DateTimeField()        # a host's penalty stays published until then (R-REP-20)
    dishonesty = me.StringField()               # kept as a staff dishonesty record, and why (R-REP-21)
    dedupe_key = me.StringField()
    correlation_id = me.StringField()
    retention_class = me.StringField()          # tianping.platform.retention: "sanction" (R-XC-06)
    retain_until = me.DateTimeField()           # earliest purge: 3 calendar years after the violation


class Decision(me.Document):
    """Every decision the reputation service takes, with the rules that fired (append-only)."""
    meta = {"db_alias": ALIAS, "collection": "decisions",
            "indexes": [{"fields": ["subject_id", "at"]}, {"fields": ["key"], "unique": True, "sparse": True}]}
    subject_id = me.StringField(required=True)
    kind = me.StringField(required=True)  # sanction | blacklist | lift | appeal | grading | freeze
    outcome = me.StringField(required=True)
    rule_ids = me.ListField(me.StringField())
    policy_version = me.StringField()
    reason = me.StringField()
    evidence = me.ListField(me.StringField())
    caused_by = me.StringField()  # violation id / appeal id
    actor = me.StringField()
    key = me.StringField()  # once-only decisions (e.g. "blacklist:<violation id>"): a resumed request adds none
    at = me.DateTimeField(default=utcnow)


class Subject(me.Document):
    """Reputation's view of a subject: current sanction, points and whether its grade/score is frozen."""
    meta = {"db_alias": ALIAS, "collection": "subjects"}
    subject_id = me.StringField(primary_key=True)
    subject_type = me.StringField()
    sanction = me.StringField(default="none")
    sanction_seq = me.IntField()  # the authority's change whose sanction is stored: an older one never overwrites it
    points = me.IntField(default=0)
    frozen = me.BooleanField(default=False)
    frozen_at = me.DateTimeField()  # score and grade are read as of this moment while frozen
    shown_from = me.DateTimeField()  # no later than its 50th newest violation: the reputation read's range starts here
    shown_kept = me.BooleanField()   # shown_from is kept by every (non-serious) violation since the record's first
    updated_at = me.DateTimeField(default=utcnow)


class Signal(me.Document):
    """An input to the credit score from another service (quality complaint, after-sale response, ...)."""
    meta = {"db_alias": ALIAS, "collection": "signals",
            "indexes": [{"fields": ["subject_id", "occurred_at"]},
                        {"fields": ["dedupe_key"], "unique": True, "sparse": True}]}
    subject_id = me.StringField(required=True)
    kind = me.StringField(required=True)
    value = me.DynamicField()
    source_service = me.StringField()
    occurred_at = me.DateTimeField(default=utcnow)
    dedupe_key = me.StringField()


class LiveNotice(me.Document):
    """A live host warned or a stream stopped by listing's live policy (R-LST-32), kept on the host's record and, per
    R-REP-17, its MCN's. `_id` is the dedupe key (kind, session, number, subject): a redelivered event adds nothing."""
    meta = {"db_alias": ALIAS, "collection": "live_notices", "indexes": [{"fields": ["subject_id", "at"]},
                                                                         {"fields": ["session_id"]}]}
    notice_id = me.StringField(primary_key=True)
    subject_id = me.StringField(required=True)
    role = me.StringField(required=True)       # host | mcn
    kind = me.StringField(required=True)       # warning | stop
    session_id = me.StringField(required=True)
    room_id = me.StringField()
    host_id = me.StringField()
    rule_ids = me.ListField(me.StringField())
    seqs = me.ListField(me.IntField())
    number = me.IntField()                     # a warning's number in its session
    reason = me.StringField()                  # a stop's: serious_finding | repeated_warnings
    policy_version = me.StringField()
    at = me.DateTimeField(required=True)
    recorded_at = me.DateTimeField(default=utcnow)
    overturned = me.BooleanField(default=False)  # a stop a reviewer overturned at listing
    retention_class = me.StringField()
    retain_until = me.DateTimeField()


class Grading(me.Document):
    meta = {"db_alias": ALIAS, "collection": "gradings",
            "indexes": [{"fields": ["enterprise_id", "at"]}, {"fields": ["enterprise_type", "-at"]}]}
    enterprise_id = me.StringField(required=True)
    enterprise_type = me.StringField(required=True)
    scores = me.DictField()
    total = me.FloatField()
    grade = me.StringField()
    policy_version = me.StringField()
    basis = me.DictField()  # the weights, maximum and thresholds the run was graded on (R-REP-08, R-REP-11)
    rule_ids = me.ListField(me.StringField())
    at = me.DateTimeField(default=utcnow)


class Appeal(me.Document):
    meta = {"db_alias": ALIAS, "collection": "appeals", "indexes": ["subject_id", "status"]}
    appeal_id = me.StringField(primary_key=True)
    subject_id = me.StringField(required=True)
    violation_id = me.StringField()
    blacklist_seq = me.IntField()
    grounds = me.StringField(required=True)
    status = me.StringField(default="pending")
    outcome_reason = me.StringField()
    decided_by = me.StringField()
    filed_at = me.DateTimeField(default=utcnow)
    decided_at = me.DateTimeField()


class Policy(me.Document):
    """Versioned points/credit/grading policy; the newest active one is in force."""
    meta = {"db_alias": ALIAS, "collection": "policies", "indexes": [{"fields": ["-activated_at"]}]}
    version = me.StringField(primary_key=True)
    body = me.DictField(required=True)
    activated_at = me.DateTimeField(default=utcnow)


class BlacklistChange(me.Document):
    """The authority's append-only change log (written by repository/commit.py in the authority's transaction; the
    relay's outbox, read above its high-water mark in `outbox_marks`)."""
    meta = {"db_alias": ALIAS, "collection": "blacklist_changes",
            "indexes": [{"fields": ["seq"], "unique": True}, {"fields": ["subject_id", "seq"]},
                        {"fields": ["request_key"], "unique": True, "sparse": True},
                        {"fields": ["caused_by"]}]}
    seq = me.IntField(required=True)
    subject_id = me.StringField(required=True)
    subject_type = me.StringField()
    action = me.StringField()
    rule_ids = me.ListField(me.StringField())
    reason = me.StringField()
    identity_keys = me.ListField(me.StringField())
    actor = me.StringField()
    caused_by = me.StringField()
    committed_at = me.DateTimeField()
    correlation_id = me.StringField()
    request_key = me.StringField()  # the request that asked for the change: redeliveries get it back
    sanction = me.DictField()  # action "sanction": level, effects, since, until, rules, decision (tianping.platform.sanctions)


class BlacklistEntry(me.Document):
    """The authority's current state per subject."""
    meta = {"db_alias": ALIAS, "collection": "blacklist_entries",
            "indexes": [{"fields": ["-seq"]}, {"fields": ["status", "-seq"]},
                        {"fields": ["subject_type", "status", "-seq"]}]}
    subject_id = me.StringField(primary_key=True)
    subject_type = me.StringField()
    status = me.StringField()
    seq = me.IntField()
    since = me.DateTimeField()
    rule_ids = me.ListField(me.StringField())
    reason = me.StringField()


class AuthorityReport(me.Document):
    """A report owed to, then made to, the authorities (R-REP-14): what, to whom, when, under which reference; kept
    (R-XC-06) — nothing here is deleted."""
    meta = {"db_alias": ALIAS, "collection": "authority_reports",
            "indexes": [{"fields": ["cause"], "unique": True}, {"fields": ["status", "due_at"]}, "subject_id"]}
    report_id = me.StringField(primary_key=True)
    cause = me.StringField(required=True)          # the blacklist change that opened the duty (blacklist:<seq>)
    subject_id = me.StringField(required=True)
    subject_type = me.StringField()
    rule_ids = me.ListField(me.StringField())
    reason = me.StringField()                      # what the subject was blacklisted for
    status = me.StringField(default="due")         # due | reported
    due_at = me.DateTimeField(required=True)
    opened_at = me.DateTimeField(default=utcnow)
    authority = me.StringField()                   # to whom it was reported
    reference = me.StringField()                   # the authority's case or filing number
    summary = me.StringField()                     # what was reported
    reported_at = me.DateTimeField()
    reported_by = me.StringField()


READ_ANCHOR = "read_anchor"


class ReadAnchor(me.Document):
    """The one document of `read_anchor`: the reputation read's violations range is joined to the subject's records
    on its row (repository/reads.py; the range may hold nothing). Stored with the indexes, at start."""
    meta = {"db_alias": ALIAS, "collection": READ_ANCHOR}
    anchor = me.StringField(primary_key=True)

    @classmethod
    def ensure_indexes(cls):
        super().ensure_indexes()
        cls._get_collection().replace_one({"_id": READ_ANCHOR}, {}, upsert=True)
