"""Onboarding's policy-change (R-XC-23), room-operator (R-ONB-36), management-report (R-XC-31) and supplier
verification (R-ONB-34) schemas (re-exported by schemas.py)."""

from marshmallow import Schema, validate

from tianping.lib import fields
from tianping.lib.schemas import Strict

from .policy_rules import CHANGEABLE


class PolicyChangeIn(Strict):
    """A change to onboarding's platform policy, published as a public notice before it takes effect."""
    changes = fields.Dict(keys=fields.String(validate=validate.OneOf(CHANGEABLE)),
                          values=fields.Integer(validate=validate.Range(min=0, max=10**12)), required=True,
                          validate=validate.Length(min=1, max=len(CHANGEABLE)),
                          metadata={"description": "threshold name to its new whole-number value"})
    effective_from = fields.Date(required=True, metadata={
        "description": "first calendar day (platform time zone) the change applies: at least the policy's notice "
                       "period after publication (R-XC-23)"})
    reason = fields.String(required=True, validate=validate.Length(min=3, max=1000))


class PolicyChangeOut(Schema):
    change_id = fields.String()
    changes = fields.Dict()
    effective_from = fields.Date()
    published_at = fields.DateTime()
    published_by = fields.String()
    reason = fields.String()
    in_force = fields.Boolean()
    rule_ids = fields.List(fields.String())


class PolicyNoticesOut(Schema):
    policy_version = fields.String()  # the version in force now
    items = fields.List(fields.Nested(PolicyChangeOut))


class RoomOperatorOut(Schema):
    """Who must be set as the operator of the live rooms a subject broadcasts in (R-ONB-36)."""
    subject_id = fields.String()
    operator_id = fields.String()
    basis = fields.String()
    rule_ids = fields.List(fields.String())


class ManagementReportOut(Schema):
    """How the platform managed its merchants in one closed period (R-XC-31)."""
    period_start = fields.Date()  # first calendar day, platform time zone
    period_end = fields.Date()    # the next period's first day (excluded)
    applications = fields.Dict(metadata={"description": "applications decided in the period, by outcome"})
    measures = fields.Dict(metadata={"description": "restrictions, suspensions, clear-outs and blacklistings imposed"})
    published_at = fields.DateTime()
    rule_ids = fields.List(fields.String())


class ManagementReportsOut(Schema):
    items = fields.List(fields.Nested(ManagementReportOut))


class SupplierVerificationIn(Strict):
    """An MCN's or host's verification of one supplier of one product (R-ONB-34: every field but `note` is needed)."""
    supplier_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    product = fields.String(required=True, validate=validate.Length(min=1, max=200))
    identity_reference = fields.String(validate=validate.Length(max=512),
                                       metadata={"description": "the supplier's identity or registration document"})
    address = fields.String(validate=validate.Length(max=500))
    contact = fields.String(validate=validate.Length(max=200))
    licences = fields.List(fields.String(validate=validate.Length(min=1, max=512)), load_default=list,
                           validate=validate.Length(max=20))
    credit_status = fields.String(validate=validate.Length(max=200))
    agreement_reference = fields.String(validate=validate.Length(max=512),
                                        metadata={"description": "the written agreement or supply contract"})
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class SupplierVerificationOut(SupplierVerificationIn):
    verification_id = fields.String()
    subject_id = fields.String()
    filed_by = fields.String()
    at = fields.DateTime()
    rule_ids = fields.List(fields.String())


class SupplierVerificationsOut(Schema):
    items = fields.List(fields.Nested(SupplierVerificationOut))
