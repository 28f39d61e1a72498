"""A grading run as it leaves (with the basis it was graded on, R-REP-11) and one type's ranking (R-REP-08)."""

from marshmallow import Schema

from tianping.lib import fields


class GradingBasisOut(Schema):
    """What a run was graded on (R-REP-11): the policy version, its weights for the type, maximum and thresholds."""
    policy_version = fields.String(allow_none=True)
    enterprise_type = fields.String()
    max_per_indicator = fields.Integer()
    weights = fields.Dict(keys=fields.String(), values=fields.Integer())
    thresholds = fields.List(fields.List(fields.Raw()))


class GradingOut(Schema):
    enterprise_id = fields.String()
    enterprise_type = fields.String()
    total = fields.Float()
    grade = fields.String(allow_none=True)
    rule_ids = fields.List(fields.String())
    policy_version = fields.String()
    basis = fields.Nested(GradingBasisOut, allow_none=True)
    at = fields.DateTime()


class RankedGradingOut(Schema):
    enterprise_id = fields.String()
    enterprise_type = fields.String()
    total = fields.Float()
    grade = fields.String(allow_none=True)
    policy_version = fields.String(allow_none=True)
    at = fields.DateTime()
    position = fields.Integer()
    of = fields.Integer()


class GradingRankingOut(Schema):
    """R-REP-08: one enterprise type's latest grades, ranked within the type."""
    enterprise_type = fields.String()
    items = fields.List(fields.Nested(RankedGradingOut))
    rule_ids = fields.List(fields.String())
