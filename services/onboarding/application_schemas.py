"""Onboarding's application input schemas (re-exported by schemas.py): identity, documents, penalties."""

from marshmallow import validate, validates_schema

from tianping.lib import fields
from tianping.lib.schemas import ID, Strict

from . import entry_rules, filing_rules, rules

MAX_DOCUMENTS = 50


class IdentityIn(Strict):
    real_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    id_number = fields.String(validate=validate.Regexp(r"^[0-9A-Za-z]{6,32}$", error="6-32 letters or digits"))
    credit_code = fields.String(validate=validate.Regexp(r"^[0-9A-Za-z]{6,32}$", error="6-32 letters or digits"))
    legal_representative_id = fields.String(validate=validate.Length(max=64))
    address = fields.String(validate=validate.Length(max=500))
    contact_phone = fields.String(validate=validate.Regexp(r"^\+?[0-9 -]{5,20}$", error="a phone number"))
    bank_account = fields.String(validate=validate.Regexp(r"^[0-9 -]{8,40}$", error="8-40 digits"))
    entity_kind = fields.String(load_default="enterprise", validate=validate.OneOf(
        ["natural_person", "individual_business", "enterprise", "legal_person"]))
    registered_in_china = fields.Boolean(metadata={"description": "declared, never assumed (R-ONB-21, R-ONB-28)"})
    birth_date = fields.Date()

    ONE_OF_REQUIRED = (("id_number", "credit_code"), "id_number or credit_code is required")


class DocumentIn(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(rules.DOCUMENT_KINDS))
    reference = fields.String(required=True, validate=validate.Length(min=1, max=512))
    brand = fields.String(validate=validate.Length(max=200))
    host_id = fields.String(validate=ID)
    valid_until = fields.Date()
    clauses = fields.List(fields.String(validate=validate.OneOf(filing_rules.CLAUSED)), validate=validate.Length(max=30),
                          metadata={"description": "what a contract, agreement or terms document contains"})
    told = fields.List(fields.String(validate=validate.OneOf(filing_rules.NOTICE_ITEMS)),
                       metadata={"description": "personal_data_consent: what the applicant was told first (R-XC-08)"})
    given_at = fields.PastDateTime(metadata={"description": "personal_data_consent: when consent was given"})
    score = fields.Integer(validate=validate.Range(min=0, max=100), metadata={"description": "skills_assessment"})
    category = fields.String(validate=validate.Length(max=64), metadata={"description": "consumer_experience"})
    laws = fields.List(fields.String(validate=validate.OneOf(entry_rules.OPERATOR_LAWS)),
                       validate=validate.Length(max=20),
                       metadata={"description": "service_contract: the laws it requires the merchant to comply with "
                                                "(R-ONB-07)"})


class PenaltyIn(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(rules.PENALTY_KINDS))
    decided_at = fields.PastDateTime(required=True)
    publicity_ends_at = fields.AwareDateTime(load_default=None, default_timezone=None)
    authority = fields.String(validate=validate.Length(max=200))

    @validates_schema
    def publicity_after_decision(self, data, **_):
        fields.in_order(data, "decided_at", "publicity_ends_at")


class ApplicationIn(Strict):
    applicant_type = fields.String(required=True, validate=validate.OneOf(rules.SUBJECT_TYPES))
    subject_id = fields.String(load_default=None, validate=ID)
    identity = fields.Nested(IdentityIn, required=True)
    categories = fields.List(fields.String(validate=validate.Length(max=64)), load_default=list,
                             validate=validate.Length(max=20))
    brands = fields.List(fields.String(validate=validate.Length(max=200)), load_default=list,
                         validate=validate.Length(max=50))
    documents = fields.List(fields.Nested(DocumentIn), load_default=list, validate=validate.Length(max=MAX_DOCUMENTS))
    penalties = fields.List(fields.Nested(PenaltyIn), load_default=list, validate=validate.Length(max=50))
    hosts = fields.List(fields.String(validate=ID), load_default=list, validate=validate.Length(max=500))
    mcn_id = fields.String(load_default=None, validate=ID)
    trading = fields.Boolean(load_default=False)
    owns_goods = fields.Boolean(load_default=True, metadata={"description": "false: owner's authorisation (R-ONB-20)"})
    own_site = fields.Boolean(load_default=False, metadata={"description": "own site or app: telecom licence (R-ONB-11)"})
    filed_by = fields.String(load_default="applicant", validate=validate.OneOf(["applicant", "platform"]),
                             metadata={"description": "platform: filed for an outside business, whose business_consent "
                                                      "must be on file (R-ONB-08)"})
    annual_turnover_cents = fields.Integer(load_default=None, validate=validate.Range(min=0), metadata={
        "description": "a natural person's yearly turnover in cents: at the policy's level it must register (R-ONB-13)"})
    enterprise_kind = fields.String(load_default=None, validate=validate.OneOf(entry_rules.ENTERPRISE_KINDS),
                                    metadata={"description": "the enterprise's grade (R-ONB-09, R-ONB-16)"})
    online_places = fields.List(fields.String(validate=validate.Length(min=1, max=300)), load_default=list,
                                validate=validate.Length(max=20),
                                metadata={"description": "domains or apps: a transactional enterprise's fixed online "
                                                         "place of business (R-ONB-16)"})
