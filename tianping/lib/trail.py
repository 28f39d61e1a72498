"""The one history step every record carries: who did what, when, under which rules, and the state it left.

Applications, subjects, listings, after-sale requests and dispute cases all append these (never edit them);
`cause` (e.g. "blacklist:17") makes a reaction idempotent and explainable.
"""

import mongoengine as me
from marshmallow import Schema, post_dump

from tianping.lib import fields
from tianping.lib.clock import (
    now as utcnow,  # document defaults follow the one clock  # document defaults follow the one clock
)


class Step(me.EmbeddedDocument):
    meta = {"strict": False}  # a record written in an older step shape still loads
    event = me.StringField(required=True)  # what happened: submitted, approve, withdrawn, opened, ...
    actor = me.StringField()               # a principal, or the rule engine (the service's name)
    rule_ids = me.ListField(me.StringField())
    reasons = me.ListField(me.StringField())
    cause = me.StringField()
    status = me.StringField()              # the state after the step, where it changes one
    previous = me.StringField()            # the state before
    documents = me.ListField(me.StringField())  # documents asked for or supplied
    at = me.DateTimeField(default=utcnow)


class StepOut(Schema):
    event = fields.String()
    actor = fields.String()
    rule_ids = fields.List(fields.String())
    reasons = fields.List(fields.String())
    cause = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    previous = fields.String(allow_none=True)
    documents = fields.List(fields.String())
    at = fields.DateTime()


class HistoryOut(Schema):
    """A record's steps under the one name every record's history has (`history`), and under `trail` too for the v1
    callers of the three records (after-sale request, case, listing) that named it so first."""
    history = fields.List(fields.Nested(StepOut))
    trail = fields.List(fields.Nested(StepOut), metadata={"deprecated": True, "description": "the same as history"})

    @post_dump
    def _one_name(self, data: dict, **_) -> dict:
        if "trail" in data:
            data["history"] = data["trail"]
        return data


def step(event: str, actor: str = "", rule_ids=(), reasons=(), cause: str = "", status: str | None = None,
         previous: str | None = None, documents=()) -> Step:
    return Step(event=event, actor=actor, rule_ids=list(rule_ids), reasons=[r for r in reasons if r],
                cause=cause or None, status=status, previous=previous, documents=list(documents))


def stored(s: Step) -> dict:
    """The step as stored, for a raw $push (a pymongo update, a bulk write): use cases build the Step, the repository
    that writes it calls this."""
    return s.to_mongo().to_dict()
