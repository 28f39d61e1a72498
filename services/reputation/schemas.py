"""Reputation payload schemas (RPC and HTTP share them): violations, signals, grading, appeals, the decisions
taken and a subject's reputation. The blacklist authority's are authority_schemas, the points policy's
policy_schemas."""

from marshmallow import Schema, ValidationError, validate, validates_schema

from tianping.lib import fields
from tianping.lib.paging import page_of
from tianping.lib.schemas import ID, RULE_ID, Strict

from . import rules


class ViolationIn(Strict):
    subject_id = fields.String(required=True, validate=ID)
    subject_type = fields.String(required=True, validate=validate.OneOf(rules.SUBJECT_TYPES))
    rule_id = fields.String(required=True, validate=RULE_ID)
    severity = fields.String(required=True, validate=validate.OneOf(rules.SEVERITIES))
    evidence = fields.List(fields.String(validate=validate.Length(max=512)), load_default=list,
                           validate=validate.Length(max=50),
                           metadata={"description": "at least one item: a violation without evidence is refused "
                                                    "(422, field evidence, R-REP-22)"})
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
    published_until = fields.DateTime(allow_none=True, metadata={
        "description": "a host's penalty stays published until this moment (R-REP-20)"})
    dishonesty = fields.String(allow_none=True, metadata={"description": "kept as a dishonesty record (R-REP-21)"})


class SignalIn(Strict):
    subject_id = fields.String(required=True, validate=ID)
    kind = fields.String(required=True, validate=validate.OneOf(
        ["quality_complaint", "invalid_certificate", "aftersale_response", "deadline_breach",
         "aftersale_rejected", "dispute_decided", "buyer_dispute_decided", "evaluation_result"]))
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
        if kind in ("dispute_decided", "buyer_dispute_decided") and value not in ("merchant_fault", "consumer_fault", "no_fault"):
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


class LiveNoticeOut(Schema):
    """A live host warned or a stream stopped (listing's host_warned / stream_stopped), on the host's or MCN's record."""
    notice_id = fields.String()
    role = fields.String(metadata={"enum": ["host", "mcn"]})
    kind = fields.String(metadata={"enum": ["warning", "stop"]})
    session_id = fields.String()
    room_id = fields.String(allow_none=True)
    host_id = fields.String()
    rule_ids = fields.List(fields.String())
    seqs = fields.List(fields.Integer())
    number = fields.Integer(allow_none=True)
    reason = fields.String(allow_none=True)
    policy_version = fields.String(allow_none=True)
    at = fields.DateTime()
    overturned = fields.Boolean()
    retention_class = fields.String(allow_none=True)
    retain_until = fields.DateTime(allow_none=True)


class LiveRecordOut(Schema):
    """Live warnings and stops (R-LST-32, R-REP-17): counts in the credit window, and the latest notices."""
    warnings = fields.Integer(metadata={"description": "warnings in the window; a host's count against its credit "
                                                       "(compliance, warning_penalty each)"})
    stops = fields.Integer(metadata={"description": "stops in the window (each counts once, as its violation)"})
    stops_overturned = fields.Integer()
    window_days = fields.Integer()
    warning_penalty = fields.Float()
    recent = fields.List(fields.Nested(LiveNoticeOut))


class ReputationOut(Schema):
    subject_id = fields.String()
    score = fields.Float()
    components = fields.Dict(keys=fields.String(), values=fields.Float())
    grade = fields.String(allow_none=True)
    live_score = fields.Float()
    formula = fields.String()
    buyer_credit = fields.Dict(allow_none=True)  # R-REP-05: the subject's credit as a buyer, beside its seller score
    points = fields.Integer()
    sanction = fields.String()
    frozen = fields.Boolean()
    frozen_at = fields.DateTime(allow_none=True)
    blacklisted = fields.Boolean()
    policy_version = fields.String()
    violations = fields.List(fields.Nested(ViolationOut))
    decisions = fields.List(fields.Nested(DecisionOut))
    live = fields.Nested(LiveRecordOut)


class AuthorityReportIn(Strict):
    """What the platform reported to the authorities (R-REP-14): to whom, when, under which reference, what."""
    authority = fields.String(required=True, validate=validate.Length(min=2, max=200))
    reported_at = fields.PastDateTime(required=True)
    reference = fields.String(required=True, validate=validate.Length(min=1, max=128))
    summary = fields.String(required=True, validate=validate.Length(min=3, max=4000))


class AuthorityReportOut(Schema):
    report_id = fields.String()
    cause = fields.String()
    subject_id = fields.String()
    subject_type = fields.String(allow_none=True)
    rule_ids = fields.List(fields.String())
    reason = fields.String(allow_none=True)
    status = fields.String()
    due_at = fields.DateTime()
    overdue = fields.Boolean()
    opened_at = fields.DateTime(allow_none=True)
    authority = fields.String(allow_none=True)
    reference = fields.String(allow_none=True)
    summary = fields.String(allow_none=True)
    reported_at = fields.DateTime(allow_none=True)
    reported_by = fields.String(allow_none=True)


AuthorityReportPage = page_of(AuthorityReportOut, "AuthorityReportPage")
