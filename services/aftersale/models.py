import mongoengine as me

from tianping.trail import Step, utcnow

ALIAS = "aftersale"


class Request(me.Document):
    """A buyer's after-sale request. Kept ≥ 3 years (R-XC-02): never deleted."""
    meta = {"db_alias": ALIAS, "collection": "requests",
            "indexes": [{"fields": ["merchant_id", "status"]}, {"fields": ["buyer_id", "-opened_at"]}]}
    request_id = me.StringField(primary_key=True)
    order_id = me.StringField(required=True)
    buyer_id = me.StringField(required=True)
    merchant_id = me.StringField(required=True)
    kind = me.StringField(required=True)
    status = me.StringField(default="open")
    deadline_owner = me.StringField(default="merchant")
    response_due = me.DateTimeField()
    trail = me.EmbeddedDocumentListField(Step)
    opened_at = me.DateTimeField(default=utcnow)
