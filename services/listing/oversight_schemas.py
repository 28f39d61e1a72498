"""Inputs and outputs of the oversight around automatic review: the lexicon re-check's progress (R-LST-24), the
human sample's decisions, and IP notices with counter-notices (R-LST-13, E-Commerce Law art. 42-45)."""

from marshmallow import Schema, ValidationError, validate, validates_schema

from tianping.lib import fields
from tianping.lib.paging import page_of
from tianping.lib.schemas import ID, RULE_ID, Strict
from tianping.lib.trail import StepOut

TEXT = validate.Length(min=1, max=2000)
EVIDENCE = fields.List(fields.String(validate=validate.Length(min=1, max=512)), required=True,
                       validate=validate.Length(min=1, max=20))
RIGHT_KINDS = ("trademark", "copyright", "patent")
NOTICE_STATUSES = ("taken_down", "counter_noticed", "complaint_filed", "restored", "wrongful")
CATEGORIES = fields.List(
    fields.String(validate=validate.Regexp(r"^[a-z][a-z0-9_-]{0,47}$", error="a category: lower-case letters, digits, "
                                           "_ or -, as a finding's `category` or `kind` reads")),
    load_default=list, validate=validate.Length(max=10),
    metadata={"description": "the categories of what the automatic review missed (a finding's `category`, else its "
                             "`kind`): labels for the review-quality figures"})


class RecheckOut(Schema):
    version = fields.String()
    status = fields.String(metadata={"enum": ["running", "done", "superseded"]})
    done = fields.Boolean()
    examined = fields.Integer()
    changed = fields.Integer()
    withdrawn = fields.Integer()
    sent_to_review = fields.Integer()
    batches = fields.Integer()
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)


class SampleDecisionIn(Strict):
    """A reviewer's verdict on a sampled auto-published listing: keep it, or withdraw it with the rules it broke."""
    decision = fields.String(required=True, validate=validate.OneOf(("keep", "withdraw")))
    rule_ids = fields.List(fields.String(validate=RULE_ID), load_default=list, validate=validate.Length(max=20))
    reason = fields.String(required=True, validate=TEXT)
    categories = CATEGORIES

    @validates_schema
    def withdrawal_names_rules(self, data, **_):
        if data.get("decision") == "withdraw" and not data.get("rule_ids"):
            raise ValidationError("a withdrawal names the rules the listing broke", "rule_ids")


class SampledItem(Schema):
    listing_id = fields.String()
    operator_id = fields.String()
    category = fields.String(allow_none=True)
    title = fields.String()
    status = fields.String()
    created_at = fields.DateTime()


SampledPage = page_of(SampledItem, "SampledPage")


class RightsHolderIn(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    identity = fields.String(required=True, validate=validate.Length(min=1, max=100),
                             metadata={"description": "registration or identity document number"})
    contact = fields.String(required=True, validate=validate.Length(min=1, max=200))


class RightIn(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(RIGHT_KINDS))
    number = fields.String(required=True, validate=validate.Length(min=1, max=64),
                           metadata={"description": "registration, certificate or patent number"})
    title = fields.String(load_default="", validate=validate.Length(max=200))


class IpNoticeIn(Strict):
    """Art. 42: the notice carries preliminary evidence of the infringement and names the listings."""
    rights_holder = fields.Nested(RightsHolderIn, required=True)
    right = fields.Nested(RightIn, required=True)
    listing_ids = fields.List(fields.String(validate=ID), required=True, validate=validate.Length(min=1, max=50))
    evidence = EVIDENCE
    description = fields.String(required=True, validate=TEXT)


class CounterNoticeIn(Strict):
    """Art. 43: the merchant's statement that it does not infringe, with preliminary evidence."""
    statement = fields.String(required=True, validate=TEXT)
    evidence = EVIDENCE


class ComplaintIn(Strict):
    """Art. 43: the rights holder has complained to an authority or sued; the listings stay down."""
    forum = fields.String(required=True, validate=validate.OneOf(("administrative_complaint", "lawsuit")))
    reference = fields.String(required=True, validate=validate.Length(min=1, max=200))
    filed_on = fields.PastDateTime(required=True)


class NoticeAction(Schema):
    listing_id = fields.String()
    action = fields.String(metadata={"enum": ["taken_down", "already_held", "not_live", "restored", "still_held"]})
    at = fields.DateTime()


class IpNoticeOut(Schema):
    notice_id = fields.String()
    filed_by = fields.String()
    rights_holder = fields.Dict()
    right = fields.Dict()
    listing_ids = fields.List(fields.String())
    operator_id = fields.String()
    description = fields.String(allow_none=True)
    evidence = fields.List(fields.String())
    status = fields.String(metadata={"enum": list(NOTICE_STATUSES)})
    actions = fields.List(fields.Nested(NoticeAction))
    counter_notice = fields.Dict()
    complaint = fields.Dict()
    restore_due_at = fields.DateTime(allow_none=True)
    history = fields.List(fields.Nested(StepOut))
    received_at = fields.DateTime()


class QualityCategoryOut(Schema):
    category = fields.String()
    upheld = fields.Integer(metadata={"description": "findings a reviewer upheld"})
    false_alarm = fields.Integer(metadata={"description": "findings a reviewer overturned"})
    missed_in_review = fields.Integer(metadata={"description": "named by a reviewer on a held listing, no finding"})
    missed_in_sample = fields.Integer(metadata={"description": "named on an auto-published listing of the sample"})
    estimated_missed = fields.String(metadata={"description": "misses in review plus the sample's weighted by 1/rate"})
    precision = fields.String(allow_none=True, metadata={"description": "upheld / (upheld + false alarms)"})
    recall = fields.String(allow_none=True, metadata={"description": "upheld / (upheld + estimated missed)"})


class QualityOut(Schema):
    """Review quality over local calendar days (R-LST-02): the reviewers' verdicts as labels, per category."""
    since = fields.Date()
    until = fields.Date()
    labels = fields.Integer()
    sample_kept = fields.Integer(metadata={"description": "sampled auto-published listings a reviewer kept"})
    categories = fields.List(fields.Nested(QualityCategoryOut))
