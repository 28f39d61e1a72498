"""The blacklist authority's payloads: adding and lifting, its log's changes, entries and sanction records, its head
and its group commit (RPC and HTTP share them)."""

from marshmallow import Schema, validate

from tianping.lib import fields
from tianping.lib.paging import page_of
from tianping.lib.schemas import ID, RULE_ID, Strict
from tianping.platform.sanctions import SanctionSchema

from . import rules


class BlacklistAddIn(Strict):
    subject_id = fields.String(required=True, validate=ID)
    subject_type = fields.String(required=True, validate=validate.OneOf(rules.SUBJECT_TYPES))
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True, validate=validate.Length(min=1, max=20))
    identity_keys = fields.List(fields.String(validate=validate.Length(max=256)), load_default=list,
                                validate=validate.Length(max=10))


class BlacklistLiftIn(Strict):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))


class ChangeOut(Schema):
    seq = fields.Integer()
    subject_id = fields.String()
    subject_type = fields.String()
    action = fields.String()
    rule_ids = fields.List(fields.String())
    reason = fields.String()
    identity_keys = fields.List(fields.String())
    actor = fields.String()
    caused_by = fields.String()
    committed_at = fields.DateTime()
    epoch = fields.String()
    sanction = fields.Nested(SanctionSchema, allow_none=True)  # action "sanction" only


class SanctionRecordOut(Schema):
    """The authority's sanction of a subject in force (level none if it never had one), and every change of it."""
    level = fields.String()
    refuses = fields.List(fields.String())
    reviews = fields.List(fields.String())
    hides_listings = fields.Boolean()
    since = fields.DateTime(allow_none=True)
    until = fields.DateTime(allow_none=True)
    rule_ids = fields.List(fields.String())
    decision_id = fields.String(allow_none=True)
    policy_version = fields.String(allow_none=True)
    cause = fields.String(allow_none=True)
    subject_id = fields.String()
    subject_type = fields.String(allow_none=True)
    seq = fields.Integer(allow_none=True)
    committed_at = fields.DateTime(allow_none=True)
    history = fields.List(fields.Nested(ChangeOut))


class EntryOut(Schema):
    subject_id = fields.String(attribute="_id")
    subject_type = fields.String()
    status = fields.String()
    seq = fields.Integer()
    since = fields.DateTime()
    rule_ids = fields.List(fields.String())
    reason = fields.String()

class BlacklistRecordOut(EntryOut):
    history = fields.List(fields.Nested(ChangeOut))


class HeadOut(Schema):
    head = fields.Integer()
    epoch = fields.String(allow_none=True)


class CommitStatsOut(Schema):
    """The authority's group commit in this reputation process since it started: transactions, the changes they
    committed (mean and largest batch), and the store round trips its blacklist work spent per change."""
    transactions = fields.Integer()
    changes = fields.Integer()
    mean_batch = fields.Float(allow_none=True)
    largest_batch = fields.Integer()
    store_round_trips = fields.Integer()
    round_trips_per_change = fields.Float(allow_none=True)


EntryPage = page_of(EntryOut, "BlacklistPage")
