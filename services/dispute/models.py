import mongoengine as me

from tianping.trail import Step, utcnow

ALIAS = "dispute"


class Case(me.Document):
    meta = {"db_alias": ALIAS, "collection": "cases",
            "indexes": [{"fields": ["merchant_id", "status"]}, {"fields": ["consumer_id", "-opened_at"]}]}
    case_id = me.StringField(primary_key=True)
    consumer_id = me.StringField(required=True)
    merchant_id = me.StringField(required=True)
    order_id = me.StringField(required=True)
    claim = me.StringField(required=True)
    status = me.StringField(default="open")
    flags = me.ListField(me.StringField())
    advance_compensation_available = me.BooleanField(default=False)
    trail = me.EmbeddedDocumentListField(Step)
    opened_at = me.DateTimeField(default=utcnow)
