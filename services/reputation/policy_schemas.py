"""Reputation's points-policy payloads: a candidate policy version, what each sanction level does, and a dry run
of a candidate over a period (RPC and HTTP share them)."""

from marshmallow import Schema, ValidationError, validate

from tianping.lib import fields
from tianping.lib.schemas import RULE_ID, RULES, PeriodIn, Strict
from tianping.platform.sanctions import ACTIONS

from . import rules


def _rule_keyed(value_schema: dict) -> dict:
    """A map keyed by rule IDs of the catalogue, as the document states it (OpenAPI 3.0 has no propertyNames)."""
    return {"properties": {rule: value_schema for rule in sorted(RULES)}, "additionalProperties": False}


def _by_rule(mapping: dict, good) -> bool:
    bad = [k for k, v in mapping.items() if k not in RULES or not good(v)]
    if bad:
        raise ValidationError(f"keys are rule IDs of the catalogue with valid values; not: {', '.join(bad[:10])}")
    return True


def _thresholds(value) -> None:
    if not all(isinstance(t, list) and len(t) == 2 and isinstance(t[0], int) and t[0] > 0
               and t[1] in rules.SANCTION_ORDER[1:] for t in value):
        raise ValidationError(fields.Inconsistent("each threshold is [points > 0, sanction], in that order"))


class SanctionEffectsIn(Strict):
    """What a sanction level does in every service (tianping.platform.sanctions.ACTIONS)."""
    refuses = fields.List(fields.String(validate=validate.OneOf(ACTIONS)), load_default=list)
    reviews = fields.List(fields.String(validate=validate.OneOf(ACTIONS)), load_default=list)
    hides_listings = fields.Boolean(load_default=False)


class SanctionEffectsOut(Schema):
    refuses = fields.List(fields.String())
    reviews = fields.List(fields.String())
    hides_listings = fields.Boolean()


class SanctionLevelsIn(Strict):
    """What each rung does, by level (a level left out blocks nothing)."""
    warning = fields.Nested(SanctionEffectsIn)
    restricted = fields.Nested(SanctionEffectsIn)
    suspended = fields.Nested(SanctionEffectsIn)
    cleared_out = fields.Nested(SanctionEffectsIn)


class PolicyIn(Strict):
    """A points policy version (R-REP-12), as policy_default.json is written."""
    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    window_years = fields.Integer(required=True, validate=validate.Range(min=1, max=10))
    default_points = fields.Integer(required=True, validate=validate.Range(min=0, max=100))
    points = fields.Dict(required=True, validate=lambda v: _by_rule(v, lambda p: type(p) is int and 0 <= p <= 100),
                         metadata=_rule_keyed({"type": "integer", "minimum": 0, "maximum": 100}))
    thresholds = fields.List(fields.Raw(metadata={
        "type": "array", "minItems": 2, "maxItems": 2, "description": "[points above 0, sanction]",
        "items": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 1000},
                            {"type": "string", "enum": list(rules.SANCTION_ORDER[1:])}]}}),
        required=True, validate=[validate.Length(min=1, max=10), _thresholds])
    blacklist_sanction = fields.String(required=True, validate=validate.OneOf(rules.SANCTION_ORDER[1:]))
    serious_rules = fields.Dict(required=True, validate=lambda v: _by_rule(v, lambda why: isinstance(why, str)),
                                metadata=_rule_keyed({"type": "string"}))
    serious_only_when_flagged = fields.List(fields.String(validate=RULE_ID), load_default=list)
    credit = fields.Dict(required=True)
    grading = fields.Dict(required=True)
    suspension_days = fields.Integer(load_default=30, validate=validate.Range(min=1, max=3650))
    sanction_effects = fields.Nested(SanctionLevelsIn, load_default=dict)
    host_penalties = fields.Dict(load_default=dict, metadata={
        "description": "R-REP-20: {publication_days, rules {rule ID: what it penalises}} for hosts"})
    dishonesty_rules = fields.Dict(load_default=dict, validate=lambda v: _by_rule(v, lambda why: isinstance(why, str)),
                                   metadata=_rule_keyed({"type": "string"}))


class PolicyDryRunIn(PeriodIn):
    policy = fields.Nested(PolicyIn, required=True)


class PolicyDryRunChange(Schema):
    subject_id = fields.String()
    points_now = fields.Integer()
    points_with_candidate = fields.Integer()
    sanction_now = fields.String()
    sanction_with_candidate = fields.String()
    would_blacklist = fields.Boolean()
    effects_now = fields.Nested(SanctionEffectsOut)             # what every service does at the sanction now
    effects_with_candidate = fields.Nested(SanctionEffectsOut)  # and would do under the candidate
    violations_rescored = fields.Integer(metadata={"description": "violations that would score differently if "
                                                                 "recorded under the candidate (recorded points "
                                                                 "never change: each keeps its policy version)"})


class PolicyDryRunOut(Schema):
    policy_version_now = fields.String()
    subjects_examined = fields.Integer()
    would_tighten = fields.Integer()
    would_ease = fields.Integer()
    changes = fields.List(fields.Nested(PolicyDryRunChange))
