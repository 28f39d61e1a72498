"""Listing's documents beside the listings themselves: a live room's one place on air, sessions and their transcript
segments (R-LST-32), MCN campaign commitments and a category's price peers. Part of `models` (re-exported there)."""

import mongoengine as me

from tianping.lib.trail import Step, utcnow

ALIAS = "listing"


class RoomOnAir(me.Document):
    """Which session holds a room's one place on air: claimed by a conditional upsert (two requests cannot both win)
    and taken over only from a session no longer live. A lock, not a record: the sessions are the record."""
    meta = {"db_alias": ALIAS, "collection": "rooms_on_air"}
    room_id = me.StringField(primary_key=True)
    session_id = me.StringField()
    at = me.DateTimeField(default=utcnow)


class LiveSession(me.Document):
    """A live room on air (R-LST-32): its host, operator and MCN, the policy and lexicon versions it is judged
    under, counters, the flagged transcript segments the warning policy counts, warnings and the stop."""
    meta = {"db_alias": ALIAS, "collection": "live_sessions",
            "indexes": [{"fields": ["room_id", "started_at"]}, {"fields": ["status"]},
                        {"fields": ["status", "started_at"]},  # the sessions on air, stopped, ended: latest first
                        {"fields": ["request_key"], "sparse": True}]}
    session_id = me.StringField(primary_key=True)
    request_key = me.StringField()
    room_id = me.StringField(required=True)
    host_id = me.StringField(required=True)
    operator_id = me.StringField(required=True)
    mcn_id = me.StringField()
    plan = me.DictField(null=True)           # the declared plan: items {name, price, listing_id} (PB-12)
    status = me.StringField(default="live")  # live | ended | stopped
    policy_version = me.StringField()
    counts = me.DictField()                  # segments, pass, hide, flag: of the stored decisions, each once
    tallied = me.ListField(me.StringField())  # the latest writes of segments counted (usecases/live_counts.py)
    stolen = me.ListField(me.StringField())   # writes a redelivery took over: their own tally is refused
    flags = me.DictField()                   # flagged transcript segments by seq: at, rule_ids (set idempotently)
    warned_seqs = me.ListField(me.IntField())  # the flagged segments a warning was given for
    warnings = me.ListField(me.DictField())  # number, at, seqs, rule_ids
    stop = me.DictField()                    # reason, seq, rule_ids, at, overturned
    history = me.EmbeddedDocumentListField(Step)
    started_at = me.DateTimeField(default=utcnow)
    ended_at = me.DateTimeField()
    retention_class = me.StringField()       # "livestream": kept 3 years (R-XC-01)
    retain_until = me.DateTimeField()


class LiveSegment(me.Document):
    """One segment of a session (a comment, transcript, caption or product card) with its decision: the evidence kept
    for replay (R-XC-01). `_id` is session and zero-padded seq, so a redelivered seq fails on the key (applied once)
    and the key's order is the session's order. Overturns are appended, the first decision is never changed."""
    meta = {"db_alias": ALIAS, "collection": "live_segments"}  # replay reads by key (repository/live.replay)
    key = me.StringField(primary_key=True)
    session_id = me.StringField(required=True)
    room_id = me.StringField(required=True)
    seq = me.IntField(required=True)
    kind = me.StringField(required=True)
    text = me.StringField()
    at = me.DateTimeField()
    received_at = me.DateTimeField()
    decided_at = me.DateTimeField()          # when the batch's decisions were made (before they were stored)
    decision = me.StringField()              # pass | hide | flag
    rule_ids = me.ListField(me.StringField())
    findings = me.ListField(me.DictField())
    serious = me.BooleanField(default=False)
    lexicon_version = me.StringField()
    policy_version = me.StringField()
    overturns = me.ListField(me.DictField())  # reviewer, decision, reason, at (append-only)
    effective = me.StringField()              # the decision in force: the last overturn's, else `decision`
    w = me.StringField()                      # the write that stored (or recounted) it: counted once tallied
    retention_class = me.StringField()
    retain_until = me.DateTimeField()


class CampaignCommitment(me.Document):
    """An MCN's commitment to a platform campaign (PB-15, PB-16): sessions promised by a due time, and what became
    of it — released by the platform, withdrawn, fulfilled or breached (the breach's reason and rule)."""
    meta = {"db_alias": ALIAS, "collection": "campaign_commitments",
            "indexes": [{"fields": ["mcn_id", "campaign_id"], "unique": True}, {"fields": ["request_key"], "sparse": True}]}
    commitment_id = me.StringField(primary_key=True)
    request_key = me.StringField()
    campaign_id = me.StringField(required=True)
    mcn_id = me.StringField(required=True)
    sessions = me.IntField(required=True)
    due_at = me.DateTimeField(required=True)
    status = me.StringField(default="committed")
    delivered = me.IntField()
    breach = me.DictField()
    history = me.EmbeddedDocumentListField(Step)
    created_at = me.DateTimeField(default=utcnow)


class PricePeers(me.Document):
    """The latest prices published in one category (R-LST-16's similar products): one bounded document per category,
    so the price check reads one document whatever the category's history."""
    meta = {"db_alias": ALIAS, "collection": "price_peers"}
    category = me.StringField(primary_key=True)
    prices = me.ListField(me.DictField())  # [{"operator_id", "price"}], newest last, at most PEERS_KEPT
