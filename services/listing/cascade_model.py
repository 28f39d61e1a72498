"""The Cascade document, one of listing's models (kept beside models.py, which is at its size limit; it declares the
models module as its own so the service's Database makes its index at start like every other listing model)."""

import mongoengine as me


class Cascade(me.Document):
    """Subjects stopped for one cause (an MCN's hosts suspended), written once when the event arrives. A listing they
    operate or host, live and created before `at`, reads as withdrawn from then on (usecases/cascades.py); the stored
    statuses follow in bounded batches from `cursor` (a position over roles x subjects, durable, so a restarted
    service resumes where it stopped). `state` running until the last batch is written, then done."""
    __module__ = "services.listing.models"
    meta = {"db_alias": "listing", "collection": "cascades", "indexes": [{"fields": ["state", "subjects"]}]}
    cascade_id = me.StringField(primary_key=True)  # "<cause>:<status>": a redelivered event finds it
    subjects = me.ListField(me.StringField())
    step = me.DictField()                          # the withdrawal step each covered listing's trail gets, as stored
    at = me.DateTimeField(required=True)
    state = me.StringField(default="running")      # running | done
    cursor = me.IntField(default=0)
    written = me.IntField(default=0)               # listings whose stored status the batches moved
    done_at = me.DateTimeField()
