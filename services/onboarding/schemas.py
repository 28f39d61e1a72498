"""Onboarding payload schemas (RPC and HTTP share them; the OpenAPI document is generated from them)."""

from marshmallow import Schema, validate

from tianping.lib import fields
from tianping.lib.paging import page_of
from tianping.lib.schemas import ID, RULE_ID, Strict
from tianping.lib.trail import StepOut

from . import rules
from .application_schemas import (  # noqa: F401 - re-exported
    MAX_DOCUMENTS,
    ApplicationIn,
    DocumentIn,
    IdentityIn,
    PenaltyIn,
)
from .link_schemas import LiabilityFlagOut, LinkOut, LinksOut  # noqa: F401 - re-exported
from .policy_schemas import (  # noqa: F401 - re-exported
    ManagementReportOut,
    ManagementReportsOut,
    PolicyChangeIn,
    PolicyChangeOut,
    PolicyNoticesOut,
    RoomOperatorOut,
    SupplierVerificationIn,
    SupplierVerificationOut,
    SupplierVerificationsOut,
)


class DecisionIn(Strict):
    decision = fields.String(required=True, validate=validate.OneOf(["approve", "reject", "resubmit"]))
    reasons = fields.List(fields.String(validate=validate.Length(min=1, max=1000)), required=True,
                          validate=validate.Length(min=1, max=20))
    rule_ids = fields.List(fields.String(validate=RULE_ID),
                           load_default=list)
    documents_requested = fields.List(fields.String(validate=validate.OneOf(rules.DOCUMENT_KINDS)),
                                      load_default=list)
    forged = fields.Boolean(load_default=False)

    REQUIRED_WHEN = ("decision", {("resubmit",): {"documents_requested": "name the documents to resubmit"}})


class ResubmitIn(Strict):
    documents = fields.List(fields.Nested(DocumentIn), required=True,
                            validate=validate.Length(min=1, max=MAX_DOCUMENTS))


class SubjectIn(Strict):
    """Direct registration (internal RPC): a subject the platform already verified elsewhere."""
    subject_id = fields.String(required=True, validate=ID)
    subject_type = fields.String(required=True, validate=validate.OneOf(rules.SUBJECT_TYPES))
    display_name = fields.String(load_default="", validate=validate.Length(max=200))
    identity = fields.Dict(load_default=dict)


class ContractIn(Strict):
    host_id = fields.String(required=True, validate=ID)
    reference = fields.String(load_default="", validate=validate.Length(max=512))


class BroadcastCheckIn(Strict):
    broadcaster_id_number = fields.String(required=True, validate=validate.Regexp(r"^[0-9A-Za-z]{6,32}$"))
    room_id = fields.String(load_default="", validate=validate.Length(max=128))


class EvaluationIn(Strict):
    goods_quality = fields.Float(required=True, validate=validate.Range(min=0, max=100))
    service_quality = fields.Float(required=True, validate=validate.Range(min=0, max=100))
    management_quality = fields.Float(required=True, validate=validate.Range(min=0, max=100))
    livestream_quality = fields.Float(required=True, validate=validate.Range(min=0, max=100))
    forged_material = fields.Boolean(load_default=False)
    notes = fields.String(load_default="", validate=validate.Length(max=2000))


class ReverificationIn(Strict):
    """What the reviewer re-verified (R-ONB-03): the documents checked again, and a note."""
    documents = fields.List(fields.String(validate=validate.Length(min=1, max=512)), required=True,
                            validate=validate.Length(min=1, max=MAX_DOCUMENTS))
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class ContactIn(Strict):
    """A subject's own contact details (R-XC-14, self-service): at least one."""
    address = fields.String(validate=validate.Length(min=1, max=500))
    contact_phone = fields.String(validate=validate.Regexp(r"^\+?[0-9 -]{5,20}$", error="a phone number"))
    bank_account = fields.String(validate=validate.Regexp(r"^[0-9 -]{8,40}$", error="8-40 digits"))

    ONE_OF_REQUIRED = (("address", "contact_phone", "bank_account"), "name a contact detail to change")


class DeregisterIn(Strict):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=1000))


class EraseIn(Strict):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=1000))


class ErasedOut(Schema):
    subject_id = fields.String()
    minimised_at = fields.DateTime()


class PurgeOut(Schema):
    minimised = fields.Integer()
    subject_ids = fields.List(fields.String())


class CheckOut(Schema):
    rule_id = fields.String()
    outcome = fields.String()
    message = fields.String()


class ApplicationOut(Schema):
    application_id = fields.String(allow_none=True)
    applicant_type = fields.String(allow_none=True)
    subject_id = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    identity = fields.Dict()
    categories = fields.List(fields.String())
    brands = fields.List(fields.String())
    documents = fields.List(fields.Dict())
    trading = fields.Boolean(allow_none=True)
    owns_goods = fields.Boolean(allow_none=True)
    own_site = fields.Boolean(allow_none=True)
    filed_by = fields.String(allow_none=True)
    annual_turnover_cents = fields.Integer(allow_none=True)
    enterprise_kind = fields.String(allow_none=True)
    online_places = fields.List(fields.String())
    party_type = fields.Dict(metadata={"description": "the party type recorded (R-ONB-09)"})
    checks = fields.List(fields.Nested(CheckOut))
    rule_ids_fired = fields.List(fields.String())
    history = fields.List(fields.Nested(StepOut))
    submitted_at = fields.DateTime(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)


class SubjectOut(Schema):
    subject_id = fields.String(allow_none=True)
    subject_type = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    application_id = fields.String(allow_none=True)  # the application that activated it
    display_name = fields.String(allow_none=True)
    identity = fields.Dict()
    history = fields.List(fields.Nested(StepOut))
    created_at = fields.DateTime(allow_none=True)
    next_evaluation_at = fields.DateTime(allow_none=True)
    next_reverification_at = fields.DateTime(allow_none=True)
    reverification_due = fields.Boolean()
    reverified_at = fields.DateTime(allow_none=True)
    rectify_by = fields.DateTime(allow_none=True)
    deregistered_at = fields.DateTime(allow_none=True)
    retain_until = fields.DateTime(allow_none=True)
    minimised_at = fields.DateTime(allow_none=True)


class AllowedOut(Schema):
    subject_id = fields.String()
    action = fields.String()
    allowed = fields.Boolean()
    status = fields.String()
    rule_ids = fields.List(fields.String())


class ContractOut(Schema):
    mcn_id = fields.String()
    host_id = fields.String()
    status = fields.String()
    rule_ids = fields.List(fields.String())


class BroadcastCheckOut(Schema):
    host_id = fields.String()
    match = fields.Boolean()
    reported = fields.String()
    rule_ids = fields.List(fields.String())


class EvaluationOut(Schema):
    subject_id = fields.String()
    outcome = fields.String()
    status = fields.String(allow_none=True)
    failed = fields.List(fields.String())
    rule_ids = fields.List(fields.String())
    rectify_within_days = fields.Integer()
    policy_version = fields.String()


class DueOut(Schema):
    subject_id = fields.String(attribute="_id")
    subject_type = fields.String()
    due_at = fields.DateTime(attribute="next_evaluation_at")
    overdue = fields.Boolean(attribute="evaluation_overdue", dump_default=False)


ApplicationPage = page_of(ApplicationOut, "ApplicationPage")
DuePage = page_of(DueOut, "DuePage")


class StatusOut(Schema):
    """A subject's status as other services replicate it (tianping.platform.subjects)."""
    subject_id = fields.String()
    subject_type = fields.String()
    status = fields.String()
    version = fields.Integer()


StatusPage = page_of(StatusOut, "StatusPage")
