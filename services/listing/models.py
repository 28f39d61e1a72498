import mongoengine as me

from tianping.trail import Step, utcnow

ALIAS = "listing"



class Listing(me.Document):
    meta = {"db_alias": ALIAS, "collection": "listings",
            "indexes": [{"fields": ["operator_id", "status"]}, {"fields": ["host_id", "status"]}]}
    listing_id = me.StringField(primary_key=True)
    operator_id = me.StringField(required=True)  # merchant / live room operator
    host_id = me.StringField()
    title = me.StringField(required=True)
    status = me.StringField(default="pending_review")
    trail = me.EmbeddedDocumentListField(Step)
    created_at = me.DateTimeField(default=utcnow)
