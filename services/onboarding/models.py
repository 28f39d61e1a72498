"""Onboarding documents. Subjects are never deleted: deregistration is a status, and the registration
record is kept at least 2 years after it (R-XC-03)."""

from datetime import UTC, datetime

import mongoengine as me

ALIAS = "onboarding"


def utcnow():
    return datetime.now(UTC)


class StatusChange(me.EmbeddedDocument):
    status = me.StringField(required=True)
    previous = me.StringField()
    reason = me.StringField()
    rule_ids = me.ListField(me.StringField())
    cause = me.StringField()  # e.g. "blacklist:17" — makes reactions idempotent and reversible
    at = me.DateTimeField(default=utcnow)


class Subject(me.Document):
    meta = {"db_alias": ALIAS, "collection": "subjects",
            "indexes": ["identity_keys", {"fields": ["subject_type", "status"]}]}
    subject_id = me.StringField(primary_key=True)
    subject_type = me.StringField(required=True)
    status = me.StringField(default="active")
    display_name = me.StringField()
    identity_keys = me.ListField(me.StringField())
    history = me.EmbeddedDocumentListField(StatusChange)
    created_at = me.DateTimeField(default=utcnow)


class Contract(me.Document):
    """MCN–host contract (R-ONB-30)."""
    meta = {"db_alias": ALIAS, "collection": "contracts",
            "indexes": [{"fields": ["mcn_id", "status"]}, {"fields": ["host_id", "status"]}]}
    mcn_id = me.StringField(required=True)
    host_id = me.StringField(required=True)
    status = me.StringField(default="active")  # active | terminated
    signed_at = me.DateTimeField(default=utcnow)
    terminated_at = me.DateTimeField()
