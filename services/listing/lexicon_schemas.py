"""Listing's review-lexicon payloads: a lexicon version, its dry run over stored listings, and how it leaves."""

from marshmallow import Schema, validate

from tianping import fields
from tianping.schemas import RULE_ID, PeriodIn, Strict


class TermIn(Strict):
    term = fields.String(required=True, validate=validate.Length(min=1, max=64))
    kind = fields.String(required=True, validate=validate.OneOf(("absolute_claim", "unproven_claim",
                                                                  "efficacy_claim")))
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True, validate=validate.Length(min=1))
    review = fields.Boolean(load_default=False)


class LexiconIn(Strict):
    terms = fields.List(fields.Nested(TermIn), required=True, validate=validate.Length(min=1, max=200_000))
    whitelist = fields.List(fields.String(validate=validate.Length(min=1, max=64)), load_default=list,
                            validate=validate.Length(max=100_000))
    treatment_words = fields.List(fields.String(validate=validate.Length(min=1, max=32)), required=True)
    natural_words = fields.List(fields.String(validate=validate.Length(min=1, max=32)), required=True)
    imitation_words = fields.List(fields.String(validate=validate.Length(min=1, max=32)), required=True)
    real_metal_words = fields.List(fields.String(validate=validate.Length(min=1, max=32)), required=True)
    sources = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)


class DryRunIn(PeriodIn):
    lexicon = fields.Nested(LexiconIn, required=True)


class DryRunChange(Schema):
    listing_id = fields.String()
    operator_id = fields.String()
    stored_status = fields.String()
    automatic_now = fields.String()
    automatic_with_candidate = fields.String()
    effect = fields.String(metadata={"enum": ["withdraw", "publish", "none"]})
    rule_ids_added = fields.List(fields.String())
    rule_ids_removed = fields.List(fields.String())


class DryRunOut(Schema):
    lexicon_version_now = fields.String()
    listings_examined = fields.Integer()
    truncated = fields.Boolean()
    would_withdraw = fields.Integer()
    would_publish = fields.Integer()
    changes = fields.List(fields.Nested(DryRunChange))


class LexiconOut(Schema):
    version = fields.String()
    terms = fields.Integer()
    whitelist = fields.Integer()
    created_by = fields.String(allow_none=True)
    created_at = fields.DateTime(allow_none=True)
    body = fields.Dict()
