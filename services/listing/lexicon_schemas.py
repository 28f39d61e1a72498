"""The lexicon a reviewer publishes (PUT /v1/lexicon, dry runs): terms in groups that share a category, kind, rule
IDs and source, or one by one; the helper word lists of the compound checks; brands with their owners and
authorised sellers. Every term carries its source (a key of `sources` or a citation)."""

import re

from marshmallow import Schema, ValidationError, validate

from tianping.lib import fields
from tianping.lib.schemas import RULE_ID, PeriodIn, Strict

from .clauses import expand

KINDS = ("absolute_claim", "unproven_claim", "efficacy_claim", "superstition_claim", "fake_as_real", "counterfeit", "prohibited_goods")
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


class _ComposedFinding(Strict):
    """What a compound and a clause pattern report when they match: one finding of a category, kind and rules."""
    category = fields.String(required=True, validate=validate.Length(min=1, max=64))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True, validate=validate.Length(min=1))
    source = fields.String(load_default="", validate=validate.Length(max=500))
    message = fields.String(load_default="", validate=validate.Length(max=500))
    review = fields.Boolean(load_default=False)


class CompoundIn(_ComposedFinding):
    proof = fields.Boolean(load_default=False)
    negatable = fields.Boolean(load_default=True)       # a negation just before the first word reverses it
    same_clause = fields.Boolean(load_default=True)
    across_fields = fields.Boolean(load_default=False)  # the other sets' words anywhere in the listing
    not_in_questions = fields.Boolean(load_default=False)  # a question ("有推荐的医生吗?") claims nothing
    within = fields.Integer(load_default=12, validate=validate.Range(min=1, max=200))
    unless_in_clause = fields.List(WORD, load_default=list)   # words in the same clause that make it innocent
    unless_in_listing = fields.List(WORD, load_default=list)  # words anywhere in the listing that make it innocent
    all_of = fields.List(fields.List(WORD, validate=validate.Length(min=1)), required=True,
                         validate=validate.Length(min=2, max=4))


def _compiles(pattern: str) -> None:
    try:
        re.compile(expand(pattern))
    except re.error as err:
        raise ValidationError(f"not a regular expression: {err}") from err


class ClausePatternIn(_ComposedFinding):
    """A clause pattern (clauses.py): a regular expression over the folded text; `{C}` a character of the clause."""
    pattern = fields.String(required=True, validate=[validate.Length(min=2, max=1000), _compiles])


class VariantsIn(Strict):
    source = fields.String(load_default="", validate=validate.Length(max=500))
    map = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=16)),
                      values=fields.String(validate=validate.Length(min=1, max=16)), load_default=dict)


def _single_characters(table: dict) -> None:
    longer = sorted(key for key in table if len(key) != 1)
    if longer:
        raise ValidationError(fields.Inconsistent(f"each key is one character: {longer[:5]}"))


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
    measured_quantities = WORDS    # "功率", "工作温度": a comparative qualifying one states a parameter
    compounds = fields.List(fields.Nested(CompoundIn), load_default=list, validate=validate.Length(max=10_000))
    # One character to the character it imitates. OpenAPI 3.0 cannot bound a key's length, so a longer key is a
    # documented 422 (inconsistent), not a shape error.
    lookalike_chars = fields.Dict(keys=fields.String(), values=fields.String(validate=validate.Length(min=1, max=16)),
                                  load_default=dict, validate=_single_characters,
                                  metadata={"description": "each key one character (else 422 inconsistent)"})
    lookalike_letters = fields.List(fields.String(validate=validate.Length(equal=2)), load_default=list)
    clause_patterns = fields.List(fields.Nested(ClausePatternIn), load_default=list, validate=validate.Length(max=10_000))
    variants = fields.Nested(VariantsIn, load_default=dict)  # spelled variants folded before clause patterns
    advice_followers = WORDS       # "最好提前预约": advice, not "the best"
    scoped_terms = WORDS           # "首发": absolute only with a wider scope ("全网首发")
    material_labels = WORDS        # "材质", "鞋面": a material statement follows
    untreated_claims = WORDS       # "无任何优化": contradicted by a stated enhancement
    enhancement_words = WORDS      # GB/T 16552 优化: heating, oiling, bleaching
    treatment_disclosed = WORDS    # "已注明", "证书标注": the treatment is disclosed, so "天然" does not mislead
    material_goods_nouns = WORDS   # "手镯", "钱包": a material word right before one names what the goods are made of
    material_parts = WORDS         # "包身", "基材": a material word right after one states what that part is made of
    pinyin_spellings = fields.Nested(VariantsIn, load_default=dict)  # "最" -> "zui": each term also in that spelling
    homophones = fields.Nested(VariantsIn, load_default=dict)  # "最" -> "醉": each long claim term also so written
    pinyin_initials = fields.Nested(VariantsIn, load_default=dict)  # "hp" -> "好评", read only after a Chinese character
    geographical_indications = fields.Nested(VariantsIn, load_default=dict)  # "五常大米" -> "五常": its protected area(s)
    own_range_markers = WORDS      # the seller's own range ("本系列", "店内"): a superlative within it is a fact
    own_range_followers = WORDS    # "最轻的一款", "最新一册"
    sequence_nouns = WORDS         # "第一" before them is an ordinal ("第一阶段", "第一卷")
    sole_fact_nouns = WORDS        # "唯一成分", "唯一的缺点"
    instruction_words = WORDS      # "绝对不要"
    health_functions = WORDS       # the approved functions of registered health food
    listing_contexts = WORDS       # contexts whose words anywhere in the listing hold in every field ("retro", round 7)
    special_cosmetic_functions = WORDS  # what a registered special-use cosmetic (国妆特字) may claim (round 7)
    purity_claims = WORDS          # "100%纯", "无任何添加": checked against the listed ingredients
    additives = WORDS              # ingredients that contradict a purity claim

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
