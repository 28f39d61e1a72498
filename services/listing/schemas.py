"""Listing's RPC inputs (strict: unknown fields refused) and outputs (every answer leaves through one)."""

import math

from marshmallow import Schema, ValidationError, validate, validates_schema

from tianping.lib import fields
from tianping.lib.paging import page_of
from tianping.lib.quantities import WEIGHT_SCHEMA, Grams, grams
from tianping.lib.schemas import DECIMAL_TEXT, ID, RULE_ID, SHA256, Strict, money
from tianping.lib.trail import HistoryOut, StepOut

from . import rules
from .lexicon_schemas import (  # noqa: F401 - part of this service's inputs and outputs
    DryRunChange,
    DryRunIn,
    DryRunOut,
    LexiconIn,
    LexiconOut,
    TermIn,
)
from .oversight_schemas import (  # noqa: F401 - part of this service's inputs and outputs
    CATEGORIES,
    ComplaintIn,
    CounterNoticeIn,
    IpNoticeIn,
    IpNoticeOut,
    QualityOut,
    RecheckOut,
    SampleDecisionIn,
    SampledPage,
)


class PromotionIn(Strict):
    description = fields.String(required=True, validate=validate.Length(min=1, max=500))
    ends_at = fields.AwareDateTime(load_default=None, allow_none=True, default_timezone=None)
    conditions = fields.String(load_default="", validate=validate.Length(max=500))


class ImageIn(Strict):
    sha256 = fields.String(required=True, validate=SHA256)
    bytes = fields.Integer(required=True, validate=validate.Range(min=1, max=20_971_520))


class ListingBody(Strict):
    """What the merchant or host sends; the gateway adds the operator from its token."""
    kind = fields.String(load_default="product", validate=validate.OneOf(("product", "community_post")))
    category = fields.String(required=True, validate=ID)
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=20_000))
    attributes = fields.Dict(keys=fields.String(validate=validate.Length(max=64)), load_default=dict,
                             validate=validate.Length(max=100), metadata={
                                 "maxProperties": 100, "description": "names of at most 64 characters",
                                 "properties": {"weight_g": {"anyOf": [*WEIGHT_SCHEMA["anyOf"], {"enum": [""]}]}},
                                 "additionalProperties": {"anyOf": [{"type": "string", "maxLength": 2000},
                                                                    {"type": "number"}, {"type": "boolean"}]}})
    price = money(load_default=None, allow_none=True)
    promotion = fields.Nested(PromotionIn, load_default=None, allow_none=True)
    shipping_fee = money(load_default=None, allow_none=True)
    certificates = fields.List(fields.String(validate=ID), load_default=list, validate=validate.Length(max=20))
    images = fields.List(fields.Nested(ImageIn), load_default=list, validate=validate.Length(max=50))
    promotional = fields.Boolean(load_default=False)
    source = fields.String(load_default="", validate=validate.Length(max=500))
    proofs = fields.List(fields.String(validate=validate.Length(min=1, max=256)), load_default=list,
                         validate=validate.Length(max=20))
    host_id = fields.String(load_default=None, allow_none=True, validate=ID)
    room_id = fields.String(load_default=None, allow_none=True, validate=ID)

    @validates_schema
    def attribute_values_are_plain(self, data, **_):
        for key, value in (data.get("attributes") or {}).items():
            if not isinstance(value, str | int | float | bool) or (isinstance(value, str) and len(value) > 2000) \
                    or (isinstance(value, float) and not math.isfinite(value)):
                raise ValidationError({key: ["a text of at most 2,000 characters, a number or true/false"]},
                                      "attributes")
        self.numbers_are_numbers(data.get("attributes") or {})

    @staticmethod
    def numbers_are_numbers(attributes: dict) -> None:
        """A weight compared with a certificate is one unambiguous number of grams (R-LST-05), or refused."""
        if attributes.get("weight_g") not in (None, ""):
            try:
                grams(attributes["weight_g"])
            except ValueError as exc:
                raise ValidationError({"weight_g": [str(exc)]}, "attributes") from None


class ListingIn(ListingBody):
    operator_id = fields.String(required=True, validate=ID)


class DecisionIn(Strict):
    """A reviewer's decision (R-LST-02): approve, reject with the rules, or ask for changes."""
    decision = fields.String(required=True, validate=validate.OneOf(("approve", "reject", "request_changes")))
    rule_ids = fields.List(fields.String(validate=RULE_ID), load_default=list)
    reason = fields.String(load_default="", validate=validate.Length(max=2000))
    categories = CATEGORIES

    REQUIRED_WHEN = ("decision", {("reject", "request_changes"): {
        "rule_ids": "a rejection or change request names its rule IDs", "reason": "and a reason"}})


class CertificateIn(Strict):
    number = fields.String(required=True, validate=ID)
    lab_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    marks = fields.List(fields.String(validate=validate.OneOf(("CMA", "CNAS", "CAL", "ilac-MRA"))), required=True,
                        validate=validate.Length(min=1))
    material = fields.String(required=True, validate=validate.Length(min=1, max=100))
    weight_g = Grams(load_default=None, allow_none=True)
    treatment = fields.String(load_default="", validate=validate.Length(max=200))
    issued_at = fields.PastDateTime(required=True)


class ReportIn(Strict):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    evidence = fields.List(fields.String(validate=validate.Length(min=1, max=512)), load_default=list,
                           validate=validate.Length(max=20))


class ReportDecisionIn(Strict):
    decision = fields.String(required=True, validate=validate.OneOf(("confirm", "dismiss")))
    rule_ids = fields.List(fields.String(validate=RULE_ID), load_default=list)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))

    REQUIRED_WHEN = ("decision", {("confirm",): {"rule_ids": "a confirmed report names the rules the listing broke"}})


class RoomIn(Strict):
    """R-LST-27 / R-LST-28: what a live room shows before it sells."""
    licence_info = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    dispute_channel = fields.String(required=True, validate=validate.Length(min=1, max=500))
    service_hotline = fields.String(required=True, validate=validate.Regexp(r"^[0-9+\-() ]{5,32}$"))
    commitments = fields.String(load_default="", validate=validate.Length(max=2000))
    consumer_warnings = fields.String(load_default="", validate=validate.Length(max=2000))


class RevokeIn(Strict):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


# -- outputs ----------------------------------------------------------------------------------------------------
class FindingOut(Schema):
    rule_id = fields.String()
    rule_ids = fields.List(fields.String())
    kind = fields.String(metadata={"enum": list(rules.KINDS)})
    field = fields.String()
    start = fields.Integer()
    end = fields.Integer()
    text = fields.String()
    message = fields.String()
    category = fields.String(metadata={"description": "the lexicon category that fired (prohibited and counterfeit "
                                                      "goods name theirs: prohibited-wildlife, look-alike-mark ...)"})


class ReviewOut(Schema):
    """The automatic review of a draft (`/v1/listings/check`): stored nowhere."""
    status = fields.String()
    rule_ids = fields.List(fields.String())
    findings = fields.List(fields.Nested(FindingOut))
    lexicon_version = fields.String()


class ListingOut(HistoryOut):
    listing_id = fields.String()
    operator_id = fields.String()
    host_id = fields.String(allow_none=True)
    room_id = fields.String(allow_none=True)
    kind = fields.String()
    category = fields.String(allow_none=True)
    title = fields.String()
    description = fields.String(allow_none=True)
    attributes = fields.Dict()
    price = fields.String(allow_none=True, metadata=DECIMAL_TEXT)
    promotion = fields.Dict()
    shipping_fee = fields.String(allow_none=True, metadata=DECIMAL_TEXT)
    certificates = fields.List(fields.String())
    promotional = fields.Boolean()
    source = fields.String(allow_none=True)
    status = fields.String()
    findings = fields.List(fields.Nested(FindingOut))
    retention_class = fields.String(allow_none=True)
    retain_until = fields.DateTime(allow_none=True)
    lexicon_version = fields.String(allow_none=True)
    rechecked_under = fields.String(allow_none=True)
    sample_state = fields.String(allow_none=True, metadata={"enum": ["open", "decided"]})
    sample_verdict = fields.Dict()
    ip_holds = fields.List(fields.String())
    created_at = fields.DateTime()
    hidden = fields.Dict(allow_none=True)  # why a published listing is hidden now (its subject's suspension)


class ReportOut(Schema):
    report_id = fields.String()
    listing_id = fields.String()
    reporter_id = fields.String()
    reason = fields.String()
    evidence = fields.List(fields.String())
    status = fields.String()
    rule_ids = fields.List(fields.String())
    history = fields.List(fields.Nested(StepOut))
    created_at = fields.DateTime()


class RoomOut(Schema):
    room_id = fields.String()
    operator_id = fields.String()
    licence_info = fields.String(allow_none=True)
    dispute_channel = fields.String(allow_none=True)
    service_hotline = fields.String(allow_none=True)
    commitments = fields.String(allow_none=True)
    consumer_warnings = fields.String(allow_none=True)
    history = fields.List(fields.Nested(StepOut))
    updated_at = fields.DateTime()


class QueueItem(Schema):
    listing_id = fields.String()
    operator_id = fields.String()
    category = fields.String(allow_none=True)
    title = fields.String()
    created_at = fields.DateTime()


ListingPage = page_of(QueueItem, "ListingPage")


class CertificateOut(Schema):
    number = fields.String()
    lab_name = fields.String()
    marks = fields.List(fields.String())
    material = fields.String()
    weight_g = fields.String(allow_none=True)
    treatment = fields.String(allow_none=True)
    issued_at = fields.DateTime()
    status = fields.String()
    history = fields.List(fields.Nested(StepOut))
