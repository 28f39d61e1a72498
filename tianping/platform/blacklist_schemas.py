"""The blacklist's payloads: a change as the authority publishes it (in batches), and what a replica answers about
itself (tianping.platform.blacklist)."""

from marshmallow import EXCLUDE, Schema, validate

from tianping.lib import fields
from tianping.platform import sanctions

ADD, LIFT = "add", "lift"

class ChangeSchema(Schema):
    """One blacklist change as published by the authority (payload schema version 1)."""

    class Meta:
        unknown = EXCLUDE

    seq = fields.Integer(required=True, validate=validate.Range(min=1))
    subject_id = fields.String(required=True, validate=validate.Length(min=1, max=128))
    subject_type = fields.String(required=True)
    action = fields.String(required=True, validate=validate.OneOf([ADD, LIFT, sanctions.SANCTION]))
    sanction = fields.Nested(sanctions.SanctionSchema, load_default=None, allow_none=True)  # action "sanction"
    rule_ids = fields.List(fields.String(), load_default=list)
    reason = fields.String(load_default="")
    identity_keys = fields.List(fields.String(), load_default=list)
    committed_at = fields.DateTime(required=True)
    epoch = fields.String(load_default=None, allow_none=True)  # which authority log the seq belongs to


class BatchSchema(Schema):
    changes = fields.List(fields.Nested(ChangeSchema), required=True)


class RoundTripsOut(Schema):
    """Store round trips a kind of work spent in this process since it started, and the changes it handled."""
    store_round_trips = fields.Integer()
    changes = fields.Integer()
    round_trips_per_change = fields.Float(allow_none=True)


class ReplicaStatusOut(Schema):
    service = fields.String()
    applied_seq = fields.Integer()
    epoch = fields.String(allow_none=True)
    last_applied_at = fields.DateTime(allow_none=True)
    size = fields.Integer()
    lost_in_restore = fields.Integer()  # changes applied here that a restore of the authority's database lost
    lost = fields.List(fields.Dict())   # the latest of them (seq, epoch, subject_id, action, committed_at, rule_ids)
    round_trips = fields.Nested(RoundTripsOut)  # of applying changes to the replica, reactions included
    round_trips_by_work = fields.Dict(keys=fields.String(), values=fields.Integer())  # every command of the service


class ReplicaEntryOut(Schema):
    status = fields.String()
    seq = fields.Integer()
    since = fields.DateTime()
    applied_at = fields.DateTime()
    rule_ids = fields.List(fields.String())


class AppliedOut(Schema):
    seq = fields.Integer()
    epoch = fields.String(allow_none=True)
    subject_id = fields.String()
    action = fields.String()
    committed_at = fields.DateTime()
    applied_at = fields.DateTime()
    path = fields.String()
    rule_ids = fields.List(fields.String())
    level = fields.String()  # a sanction change: the level it set, and its end
    until = fields.DateTime(allow_none=True)


class ReplicaViewOut(Schema):
    service = fields.String()
    entry = fields.Nested(ReplicaEntryOut, allow_none=True)
    history = fields.List(fields.Nested(AppliedOut))


CHANGE_SCHEMA = ChangeSchema()
BATCH_SCHEMA = BatchSchema()
REPLICA_STATUS = ReplicaStatusOut()
REPLICA_ENTRY = ReplicaViewOut()

