"""The lexicon a reviewer publishes (PUT /v1/lexicon, dry runs): terms in groups that share a category, kind, rule
IDs and source, or one by one; the helper word lists of the compound checks; brands with their owners and
authorised sellers. Every term carries its source (a key of `sources` or a citation)."""

from marshmallow import Schema, validate

from tianping import fields
from tianping.schemas import RULE_ID, PeriodIn, Strict

KINDS = ("absolute_claim", "unproven_claim", "efficacy_claim", "fake_as_real", "counterfeit", "prohibited_goods")
WORD = fields.String(validate=validate.Length(min=1, max=64))
WORDS = fields.List(WORD, load_default=list, validate=validate.Length(max=100_000))


class _Shared(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True, validate=validate.Length(min=1))
    review = fields.Boolean(load_default=False)          # a human decides
    proof = fields.Boolean(load_default=False)           # an attached proof makes it acceptable
    category = fields.String(load_default="", validate=validate.Length(max=64))
    source = fields.String(load_default="", validate=validate.Length(max=500))
    match = fields.String(load_default="auto", validate=validate.OneOf(("auto", "word", "any")))
    unless = fields.List(WORD, load_default=list)        # context names that make it innocent nearby
    requires = fields.List(WORD, load_default=list)      # context names it needs nearby
    negators = fields.List(WORD, load_default=list)


class TermIn(_Shared):
    term = fields.String(required=True, validate=validate.Length(min=1, max=64))


class GroupIn(_Shared):
    terms = fields.List(fields.String(validate=validate.Length(min=1, max=64)), required=True,
                        validate=validate.Length(min=1, max=200_000))


class MaterialIn(Strict):
    family = fields.String(required=True, validate=validate.Length(min=1, max=32))
    source = fields.String(load_default="", validate=validate.Length(max=500))
    imitation = fields.List(WORD, required=True)
    real = fields.List(WORD, required=True)


class BrandIn(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=64))
    aliases = fields.List(WORD, load_default=list)
    owner = fields.String(required=True, validate=validate.Length(min=1, max=200))
    authorised_sellers = fields.List(fields.String(validate=validate.Length(min=1, max=64)), load_default=list)
    source = fields.String(load_default="", validate=validate.Length(max=500))


class LexiconIn(Strict):
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    sources = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)
    groups = fields.List(fields.Nested(GroupIn), load_default=list, validate=validate.Length(max=10_000))
    terms = fields.List(fields.Nested(TermIn), load_default=list, validate=validate.Length(max=200_000))
    contexts = fields.Dict(keys=fields.String(), values=fields.List(WORD), load_default=dict)
    whitelist = WORDS
    treatment_words = WORDS
    gem_treatment_words_ambiguous = WORDS
    natural_words = WORDS
    imitation_words = WORDS          # the first format's metal family (materials supersede it)
    real_metal_words = WORDS
    materials = fields.List(fields.Nested(MaterialIn), load_default=list)
    brands = fields.List(fields.Nested(BrandIn), load_default=list, validate=validate.Length(max=100_000))
    brand_cues = WORDS
    promotion_cues = WORDS
    spec_comparatives = WORDS

    ONE_OF_REQUIRED = (("terms", "groups"), "a lexicon has at least one term (in terms or groups)")


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
