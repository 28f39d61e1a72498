"""Dispute documents. Complaints, evidence references, decisions, compensation and recovery are kept at least 3
years (R-XC-02, R-DSP-09): nothing here is ever deleted; history is appended, never edited."""

import mongoengine as me

from tianping.lib.trail import Step, utcnow

ALIAS = "dispute"


class FileRef(me.EmbeddedDocument):
    sha256 = me.StringField(required=True)
    bytes = me.IntField(required=True)
    name = me.StringField()
    kind = me.StringField(default="other")


class Evidence(me.EmbeddedDocument):
    side = me.StringField(required=True)       # buyer | merchant
    actor = me.StringField(required=True)
    text = me.StringField()
    files = me.EmbeddedDocumentListField(FileRef)
    at = me.DateTimeField(default=utcnow)


class Case(me.Document):
    meta = {"db_alias": ALIAS, "collection": "cases",
            "indexes": [{"fields": ["merchant_id", "status"]}, {"fields": ["consumer_id", "-opened_at"]},
                        {"fields": ["status", "opened_at"]}, {"fields": ["status", "due_at"]},
                        # one open dispute per order: the key is set while the case is open, removed when it closes
                        {"fields": ["open_order"], "unique": True, "sparse": True},
                        {"fields": ["aftersale_request_id"], "unique": True, "sparse": True},
                        {"fields": ["request_key"], "sparse": True}, {"fields": ["retain_until"]}]}
    case_id = me.StringField(primary_key=True)
    request_key = me.StringField()
    consumer_id = me.StringField(required=True)
    merchant_id = me.StringField(required=True)
    order_id = me.StringField(required=True)
    room_id = me.StringField()                  # the live room the order was sold in (R-DSP-13)
    open_order = me.StringField()
    aftersale_request_id = me.StringField()
    aftersale_history = me.ListField(me.DictField())
    claim = me.StringField(required=True)
    amount_claimed = me.StringField()
    status = me.StringField(required=True)
    flags = me.ListField(me.StringField())
    advance_compensation_available = me.BooleanField(default=False)
    evidence = me.EmbeddedDocumentListField(Evidence)
    evidence_files = me.DictField()             # {buyer: n, merchant: n}: files stored per side (the limit's guard)
    proposal = me.DictField()
    answers = me.DictField()                    # {buyer: accepted|rejected, merchant: ...} to the current proposal
    outcome = me.StringField()
    decided_amount = me.StringField()           # exact decimal text, as decided
    decided_cents = me.IntField()
    compensated_cents = me.IntField(default=0)  # advance compensation paid so far (never above decided_cents)
    paid_by_merchant = me.StringField()         # the merchant's payment reference, once it paid
    merchant_paid_amount = me.StringField()     # what it paid: the decision less what the platform had advanced
    external = me.DictField()
    due_at = me.DateTimeField()
    due_kind = me.StringField()
    due_key = me.StringField()
    policy_version = me.StringField()
    trail = me.EmbeddedDocumentListField(Step)
    opened_at = me.DateTimeField(default=utcnow)
    resolved_at = me.DateTimeField()
    retention_class = me.StringField()           # tianping.platform.retention: "complaint", kept 3 years (R-XC-01)
    retain_until = me.DateTimeField()            # earliest purge
    minimised_at = me.DateTimeField()            # personal data removed after the window; the record stays


class Compensation(me.Document):
    """A payout of advance compensation (R-DSP-06): the ledger entry."""
    meta = {"db_alias": ALIAS, "collection": "compensations", "indexes": [{"fields": ["case_id"]}]}
    compensation_id = me.StringField(primary_key=True)
    case_id = me.StringField(required=True)
    merchant_id = me.StringField(required=True)
    consumer_id = me.StringField(required=True)
    amount = me.StringField(required=True)
    reason = me.StringField(required=True)
    paid_by = me.StringField(required=True)
    at = me.DateTimeField(default=utcnow)


class RecoveryClaim(me.Document):
    """What the platform claims back from the merchant after compensating in advance (R-DSP-05, R-DSP-06)."""
    meta = {"db_alias": ALIAS, "collection": "recovery_claims",
            "indexes": [{"fields": ["merchant_id", "status", "opened_at"]}]}
    claim_id = me.StringField(primary_key=True)
    case_id = me.StringField(required=True)
    compensation_id = me.StringField(required=True)
    merchant_id = me.StringField(required=True)
    amount = me.StringField(required=True)
    status = me.StringField(default="open")   # open | recovered | written_off
    reference = me.StringField()
    history = me.EmbeddedDocumentListField(Step)
    opened_at = me.DateTimeField(default=utcnow)


class Disclosure(me.Document):
    """Each time a buyer in a dispute obtained the merchant's identity (R-DSP-05): who, why, when."""
    meta = {"db_alias": ALIAS, "collection": "disclosures", "indexes": [{"fields": ["case_id"]}]}
    case_id = me.StringField(required=True)
    merchant_id = me.StringField(required=True)
    to = me.StringField(required=True)
    purpose = me.StringField(required=True)
    found = me.BooleanField(required=True)
    at = me.DateTimeField(default=utcnow)


class DailyStats(me.Document):
    """The public statistics' maintained aggregate, one document per local day of the platform (002): the stats
    query reads days, never cases, so its cost does not grow with the number of cases."""
    meta = {"db_alias": ALIAS, "collection": "daily_stats"}
    day = me.StringField(primary_key=True)    # YYYY-MM-DD in the platform's time zone
    opened = me.IntField(default=0)
    resolved = me.IntField(default=0)
    within_deadline = me.IntField(default=0)
    outcomes = me.DictField()
    hours = me.DictField()                     # resolution-time histogram: bucket upper bound -> cases
    escalated_external = me.IntField(default=0)
    compensation_cents = me.IntField(default=0)
