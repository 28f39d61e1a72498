"""Reputation payload schemas (RPC and HTTP share them)."""

from marshmallow import Schema, ValidationError, validate, validates_schema

from tianping.lib import fields
from tianping.lib.paging import page_of
from tianping.lib.schemas import ID, RULE_ID, RULES, PeriodIn, Strict
from tianping.platform.sanctions import ACTIONS, SanctionSchema

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


class ViolationIn(Strict):
    subject_id = fields.String(required=True, validate=ID)
    subject_type = fields.String(required=True, validate=validate.OneOf(rules.SUBJECT_TYPES))
    rule_id = fields.String(required=True, validate=RULE_ID)
    severity = fields.String(required=True, validate=validate.OneOf(rules.SEVERITIES))
    evidence = fields.List(fields.String(validate=validate.Length(max=512)), load_default=list,
                           validate=validate.Length(max=50))
    source_service = fields.String(load_default="platform", validate=ID)
    occurred_at = fields.PastDateTime(load_default=None)
    dedupe_key = fields.String(load_default=None, validate=validate.Length(max=256))
    identity_keys = fields.List(fields.String(validate=validate.Length(max=256)), load_default=list,
                                validate=validate.Length(max=10))


class ViolationOut(Schema):
    violation_id = fields.String()
    subject_id = fields.String()
    subject_type = fields.String()
    rule_id = fields.String()
    severity = fields.String()
    evidence = fields.List(fields.String())
    source_service = fields.String()
    occurred_at = fields.DateTime()
    recorded_at = fields.DateTime()
    points = fields.Integer()
    status = fields.String(metadata={"enum": ["active", "overturned"]})
    serious = fields.Boolean()
    rule_ids = fields.List(fields.String())
    policy_version = fields.String()
    retention_class = fields.String(allow_none=True)
    retain_until = fields.DateTime(allow_none=True)
    status = fields.String()


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


class SignalIn(Strict):
    subject_id = fields.String(required=True, validate=ID)
    kind = fields.String(required=True, validate=validate.OneOf(
        ["quality_complaint", "invalid_certificate", "aftersale_response", "deadline_breach",
         "aftersale_rejected", "dispute_decided", "evaluation_result"]))
    value = fields.Raw(load_default=None)
    source_service = fields.String(load_default="platform", validate=ID)
    occurred_at = fields.PastDateTime(load_default=None)
    dedupe_key = fields.String(load_default=None, validate=validate.Length(min=1, max=256))

    @validates_schema
    def value_fits_kind(self, data, **_):
        """Numeric kinds carry a finite number, a decided dispute says who was at fault."""
        value, kind = data.get("value"), data.get("kind")
        numeric = isinstance(value, int | float) and not isinstance(value, bool) and value == value \
            and abs(value) != float("inf")
        if kind == "evaluation_result" and not (numeric and 0 <= value <= 1):
            raise ValidationError("an evaluation result is a number from 0 to 1", "value")
        if kind == "aftersale_response" and not (numeric and value >= 0):
            raise ValidationError("an after-sale response time is a number of hours", "value")
        if kind == "dispute_decided" and value not in ("merchant_fault", "consumer_fault", "no_fault"):
            raise ValidationError("a decided dispute is merchant_fault, consumer_fault or no_fault", "value")


def _every_indicator(scores: dict) -> bool:
    """Each indicator of R-REP-10 once, each a number from 0 (the document lists them: properties, required)."""
    missing = [n for n in rules.INDICATORS if n not in scores]
    unknown = [n for n in scores if n not in rules.INDICATORS]
    wrong = [n for n, v in scores.items() if isinstance(v, bool) or not isinstance(v, int | float) or not v >= 0]
    if missing or unknown or wrong:
        raise ValidationError(f"missing: {', '.join(missing) or '-'}; unknown: {', '.join(unknown) or '-'}; "
                              f"not a number from 0: {', '.join(wrong) or '-'}")
    return True


class GradingIn(Strict):
    enterprise_type = fields.String(required=True, validate=validate.OneOf(rules.ENTERPRISE_TYPES))
    scores = fields.Dict(required=True, validate=lambda scores: _every_indicator(scores),
                         metadata={"description": "every indicator of R-REP-10 scored from 0 to the policy's maximum",
                                   "properties": {name: {"type": "number", "minimum": 0} for name in rules.INDICATORS},
                                   "required": list(rules.INDICATORS), "additionalProperties": False})


class AppealIn(Strict):
    subject_id = fields.String(required=True, validate=ID)
    violation_id = fields.String(load_default=None, validate=ID)
    blacklist_seq = fields.Integer(load_default=None, validate=validate.Range(min=1))
    grounds = fields.String(required=True, validate=validate.Length(min=3, max=4000))

    ONE_OF_REQUIRED = (("violation_id", "blacklist_seq"), "an appeal names a violation or a blacklist change")


class AppealDecisionIn(Strict):
    outcome = fields.String(required=True, validate=validate.OneOf(["upheld", "overturned"]))
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))


class DecisionOut(Schema):
    kind = fields.String()
    outcome = fields.String()
    rule_ids = fields.List(fields.String())
    reason = fields.String()
    policy_version = fields.String()
    caused_by = fields.String()
    at = fields.DateTime()


class GradingOut(Schema):
    enterprise_id = fields.String()
    enterprise_type = fields.String()
    total = fields.Float()
    grade = fields.String(allow_none=True)
    rule_ids = fields.List(fields.String())
    policy_version = fields.String()
    at = fields.DateTime()


class AppealOut(Schema):
    appeal_id = fields.String()
    subject_id = fields.String()
    violation_id = fields.String(allow_none=True)
    blacklist_seq = fields.Integer(allow_none=True)
    grounds = fields.String()
    status = fields.String()
    outcome_reason = fields.String(allow_none=True)
    decided_by = fields.String(allow_none=True)
    filed_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)


class ViolationResultOut(Schema):
    violation = fields.Nested(ViolationOut)
    duplicate = fields.Boolean()
    decisions = fields.List(fields.Nested(DecisionOut))
    blacklist_seq = fields.Integer(allow_none=True)
    explanation = fields.String(allow_none=True)


class SignalResultOut(Schema):
    recorded = fields.Boolean()
    duplicate = fields.Boolean()


class ReputationOut(Schema):
    subject_id = fields.String()
    score = fields.Float()
    components = fields.Dict(keys=fields.String(), values=fields.Float())
    grade = fields.String(allow_none=True)
    live_score = fields.Float()
    formula = fields.String()
    points = fields.Integer()
    sanction = fields.String()
    frozen = fields.Boolean()
    frozen_at = fields.DateTime(allow_none=True)
    blacklisted = fields.Boolean()
    policy_version = fields.String()
    violations = fields.List(fields.Nested(ViolationOut))
    decisions = fields.List(fields.Nested(DecisionOut))


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
