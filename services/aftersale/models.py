"""Aftersale documents. Orders, requests, service terms, breaches and surveys are transaction records kept at
least 3 years from completion (R-XC-02): nothing here is ever deleted; history is appended, never edited."""

import mongoengine as me

from tianping.lib.trail import Step, utcnow

ALIAS = "aftersale"


class Item(me.EmbeddedDocument):
    sku = me.StringField(required=True)
    name = me.StringField()
    category = me.StringField(required=True)
    quantity = me.IntField(default=1)
    amount = me.DecimalField(precision=2, force_string=True)
    customised = me.BooleanField(default=False)
    exclusion = me.StringField()                 # a statutory exclusion the order system labelled the goods with
    buyer_confirmed_excluded = me.BooleanField(default=False)


class Order(me.Document):
    """An order as the platform's order system fed it (R-XC-01, R-XC-02)."""
    meta = {"db_alias": ALIAS, "collection": "orders",
            "indexes": [{"fields": ["merchant_id", "paid_at"]}, {"fields": ["consumer_id", "merchant_id", "paid_at"]}]}
    order_id = me.StringField(primary_key=True)
    consumer_id = me.StringField(required=True)
    merchant_id = me.StringField(required=True)
    host_id = me.StringField()
    room_id = me.StringField()
    items = me.EmbeddedDocumentListField(Item)
    total_amount = me.DecimalField(precision=2, force_string=True)
    currency = me.StringField(default="CNY")
    paid_at = me.DateTimeField(required=True)
    shipped_at = me.DateTimeField()
    delivered_at = me.DateTimeField()
    receipt = me.DictField()                     # {type: invoice|e_receipt, reference, consumer_consented} R-AFT-14
    live_commitments = me.DictField()            # after-sales commitments made on air (R-AFT-09)
    made_to_order = me.BooleanField(default=False)
    agreed_delivery_date = me.StringField()      # ISO date agreed in the order (R-AFT-13)
    delivery_due_at = me.DateTimeField()         # the first moment after that local day: the running deadline
    delivery_overdue_at = me.DateTimeField()     # when the deadline passed undelivered (once)
    anomaly = me.DictField()                     # a suspected fabricated transaction {kind, reason, rule_ids} R-REP-02
    history = me.EmbeddedDocumentListField(Step)
    recorded_at = me.DateTimeField(default=utcnow)
    retention_class = me.StringField()           # tianping.platform.retention: "transaction" (R-XC-02)
    retain_until = me.DateTimeField()            # earliest purge: 3 calendar years after completion


class Request(me.Document):
    """A buyer's after-sale request with its whole history."""
    meta = {"db_alias": ALIAS, "collection": "requests",
            "indexes": [{"fields": ["merchant_id", "opened_at"]}, {"fields": ["merchant_id", "status"]},
                        {"fields": ["buyer_id", "-opened_at"]}, {"fields": ["order_id"]},
                        {"fields": ["request_key"], "sparse": True}, {"fields": ["retain_until"]}]}
    request_id = me.StringField(primary_key=True)
    request_key = me.StringField()
    order_id = me.StringField(required=True)
    buyer_id = me.StringField(required=True)
    merchant_id = me.StringField(required=True)
    kind = me.StringField(required=True)
    skus = me.ListField(me.StringField())
    reason = me.StringField()
    channel = me.StringField()                   # the after-sales channel it came through (R-AFT-04)
    not_as_shown = me.BooleanField(default=False)  # goods differ from those shown in the livestream (R-AFT-08)
    amount = me.DecimalField(precision=2, force_string=True)
    status = me.StringField(required=True)
    decision_rule_ids = me.ListField(me.StringField())
    deadline_owner = me.StringField(default="merchant")
    due_at = me.DateTimeField()                  # the running deadline of the current state, if any
    due_kind = me.StringField()
    due_key = me.StringField()                   # the deadline that is running for the current state
    paused_key = me.StringField()                # the merchant's deadline stopped while the buyer is asked
    terms = me.DictField()                       # the merchant's terms in force when the order was paid
    policy_version = me.StringField()
    proposal = me.DictField()
    refund_amount = me.DecimalField(precision=2, force_string=True)
    tracking = me.DictField()
    first_response_seconds = me.FloatField()
    accepted = me.BooleanField()
    breaches = me.IntField(default=0)
    survey = me.DictField()
    survey_invitation = me.DictField()  # {invited_at, answer_by, rule_ids}: the follow-up at closing (R-AFT-16)
    trail = me.EmbeddedDocumentListField(Step)
    answer_keys = me.ListField(me.StringField())  # request keys of the merchant's moves (service.respond is keyed)
    claimed_lefts = me.DictField()  # what its lines had left when it claimed them: the refund's first guess
    opened_at = me.DateTimeField(default=utcnow)
    closed_at = me.DateTimeField()
    retention_class = me.StringField()           # tianping.platform.retention: "transaction", kept 3 years (R-XC-02)
    retain_until = me.DateTimeField()            # earliest purge
    minimised_at = me.DateTimeField()            # personal data removed after the window; the record stays


class ServiceTerms(me.Document):
    """A version of a merchant's published service terms (R-AFT-03, R-AFT-04); requests use the version in force
    when their order was paid."""
    meta = {"db_alias": ALIAS, "collection": "service_terms",
            "indexes": [{"fields": ["merchant_id", "-effective_from"]},
                        {"fields": ["merchant_id", "version"], "unique": True}]}
    merchant_id = me.StringField(required=True)
    version = me.IntField(required=True)
    response_hours = me.IntField(required=True)
    return_days = me.IntField(required=True)
    warranty_days = me.IntField(required=True)
    return_policy = me.StringField()
    warranty_policy = me.StringField()
    service_hours = me.StringField()
    repair_contacts = me.ListField(me.DictField())
    channels = me.ListField(me.DictField())      # per after-sales channel: hours, time limit, standard (R-AFT-04)
    effective_from = me.DateTimeField(required=True)
    published_by = me.StringField()


class Breach(me.Document):
    """A deadline the merchant (or the platform on its behalf) missed, with the rule that set it (R-AFT-15)."""
    meta = {"db_alias": ALIAS, "collection": "breaches", "indexes": [{"fields": ["merchant_id", "at"]}]}
    breach_id = me.StringField(primary_key=True)  # "<deadline key>": one breach per missed deadline
    merchant_id = me.StringField(required=True)
    request_id = me.StringField(required=True)
    kind = me.StringField(required=True)
    rule_id = me.StringField(required=True)
    owner = me.StringField()
    at = me.DateTimeField(required=True)


FIRST_KEPT = 1000  # the orders of a pair's day whose place is kept exactly: past any limit a policy sets below it


class BuyerDay(me.Document):
    """One buyer's orders with one merchant on one calendar day (platform time zone), counted as each is recorded:
    R-REP-02's burst check reads this one document whatever the history (a count over the orders examined every
    order of the pair that day). Kept KEEP_DAYS after the day, for orders fed late."""
    meta = {"db_alias": ALIAS, "collection": "buyer_days",
            "indexes": [{"fields": ["expires_at"], "expireAfterSeconds": 0}]}
    day_id = me.StringField(primary_key=True)  # "<day>:<consumer_id>:<merchant_id>"
    orders = me.IntField(default=0)
    first = me.ListField(me.StringField())  # the first orders' ids in counting order (repository.count_buyer_day)
    expires_at = me.DateTimeField()


class OrderMoney(me.Document):
    """The order's money ledger (ledger_rules): totals per order and per line, the promises made to the buyer and
    the append-only entries. Every change is one conditional update of this document (repository.money_*), so
    refunded + compensated <= committed <= paid holds across services and under concurrency (R-AFT-06, R-DSP-06).
    Kept with the order (R-XC-02); entries are never edited or removed."""
    meta = {"db_alias": ALIAS, "collection": "order_money"}
    order_id = me.StringField(primary_key=True)
    currency = me.StringField(default="CNY")
    paid = me.IntField(required=True)            # cents, like every amount here
    left = me.IntField(required=True)            # still refundable: paid - committed
    committed = me.IntField(default=0)
    refunded = me.IntField(default=0)
    compensated = me.IntField(default=0)
    recovered = me.IntField(default=0)
    written_off = me.IntField(default=0)
    unrecovered = me.IntField(default=0)         # advanced by the platform, neither recovered nor written off
    lines = me.DictField()                       # L0..: {sku, paid, left, open_request}; "_rest": shipping etc.
    promises = me.DictField()                    # source -> {kind, amount, left, lines {L: left}, released}
    entries = me.ListField(me.DictField())       # append-only: {entry_id, kind, cents, source, lines, actor, ...}
