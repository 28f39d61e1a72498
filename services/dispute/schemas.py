"""Dispute's RPC inputs (strict: unknown fields refused) and outputs (every answer leaves through one)."""

from marshmallow import Schema, validate

from tianping.lib import fields
from tianping.lib.paging import page_of
from tianping.lib.schemas import DECIMAL_TEXT, ID, SHA256, Strict, money
from tianping.lib.trail import HistoryOut, StepOut
from tianping.platform.deadlines import DeadlineOut, SweepOut  # noqa: F401 - part of this service's outputs  # noqa: F401 - part of this service's outputs

from . import rules

TEXT = validate.Length(min=1, max=4000)


class DisputeBody(Strict):
    """What the buyer sends; the gateway adds the buyer from its token."""
    order_id = fields.String(required=True, validate=ID)
    claim = fields.String(required=True, validate=TEXT)
    amount_claimed = money(True, required=True)
    aftersale_request_id = fields.String(load_default=None, allow_none=True, validate=ID)


class DisputeIn(DisputeBody):
    consumer_id = fields.String(required=True, validate=ID)


class FileIn(Strict):
    sha256 = fields.String(required=True, validate=SHA256)
    bytes = fields.Integer(required=True, validate=validate.Range(min=1, max=52_428_800))
    name = fields.String(load_default="", validate=validate.Length(max=200))
    kind = fields.String(load_default="other", validate=validate.OneOf(rules.EVIDENCE_KINDS),
                         metadata={"description": "livestream_recording (R-DSP-13), electronic_receipt, packing_video, "
                                                  "deviation_consent (R-DSP-15), or a generic kind"})


class EvidenceIn(Strict):
    """Text plus files referenced by content hash and size (the files live in the platform's object store)."""
    text = fields.String(load_default="", validate=validate.Length(max=4000))
    files = fields.List(fields.Nested(FileIn), load_default=list, validate=validate.Length(max=20))

    ONE_OF_REQUIRED = (("text", "files"), "evidence has text, files or both")


class ProposalIn(Strict):
    outcome = fields.String(required=True, validate=validate.OneOf(rules.OUTCOMES[:3]))
    amount = money(True, load_default=None, allow_none=True)
    reasoning = fields.String(required=True, validate=TEXT)

    REQUIRED_WHEN = ("outcome", {("partial_refund",): {"amount": "a partial refund names its amount"}})


class AnswerIn(Strict):
    accept = fields.Boolean(required=True)
    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class ResolutionIn(ProposalIn):
    outcome = fields.String(required=True, validate=validate.OneOf(rules.OUTCOMES))


class ExternalIn(Strict):
    route = fields.String(required=True, validate=validate.OneOf(rules.EXTERNAL_ROUTES))
    reference = fields.String(required=True, validate=validate.Length(min=1, max=128))


class PaymentIn(Strict):
    reference = fields.String(required=True, validate=validate.Length(min=1, max=128))


class CompensationIn(Strict):
    amount = money(True, required=True)
    reason = fields.String(required=True, validate=TEXT)


class SettlementIn(Strict):
    status = fields.String(required=True, validate=validate.OneOf(("recovered", "written_off")))
    reference = fields.String(required=True, validate=validate.Length(min=1, max=128))


class DisclosureIn(Strict):
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=200))


# -- outputs ----------------------------------------------------------------------------------------------------
class FileOut(Schema):
    sha256 = fields.String()
    bytes = fields.Integer()
    name = fields.String()
    kind = fields.String()


class EvidenceOut(Schema):
    side = fields.String()
    actor = fields.String()
    text = fields.String()
    files = fields.List(fields.Nested(FileOut))
    at = fields.DateTime()


class CaseOut(HistoryOut):
    case_id = fields.String()
    consumer_id = fields.String()
    merchant_id = fields.String()
    order_id = fields.String()
    room_id = fields.String(allow_none=True)  # the live room the order was sold in (R-DSP-13)
    aftersale_request_id = fields.String(allow_none=True)
    aftersale_history = fields.List(fields.Dict())
    claim = fields.String()
    amount_claimed = fields.String(allow_none=True, metadata=DECIMAL_TEXT)
    status = fields.String()
    flags = fields.List(fields.String())
    advance_compensation_available = fields.Boolean()
    evidence = fields.List(fields.Nested(EvidenceOut))
    proposal = fields.Dict()
    answers = fields.Dict()
    outcome = fields.String(allow_none=True)
    decided_amount = fields.String(allow_none=True, metadata=DECIMAL_TEXT)
    compensated = fields.Method("_compensated", metadata=DECIMAL_TEXT)
    paid_by_merchant = fields.String(allow_none=True)
    merchant_paid_amount = fields.String(allow_none=True, metadata=DECIMAL_TEXT)  # what the decision still owed
    external = fields.Dict()
    due_at = fields.DateTime(allow_none=True)
    due_kind = fields.String(allow_none=True)
    deadlines = fields.List(fields.Nested(DeadlineOut))
    policy_version = fields.String()
    opened_at = fields.DateTime()
    resolved_at = fields.DateTime(allow_none=True)
    retention_class = fields.String(allow_none=True)
    retain_until = fields.DateTime(allow_none=True)

    def _compensated(self, case) -> str:
        cents = (case.get("compensated_cents") if isinstance(case, dict) else case.compensated_cents) or 0
        return f"{cents // 100}.{cents % 100:02d}"


class CaseSummary(Schema):
    case_id = fields.String()
    consumer_id = fields.String()
    merchant_id = fields.String()
    order_id = fields.String()
    status = fields.String()
    outcome = fields.String(allow_none=True)
    due_at = fields.DateTime(allow_none=True)
    opened_at = fields.DateTime()


CasePage = page_of(CaseSummary, "CasePage")


class CompensationOut(Schema):
    compensation_id = fields.String()
    case_id = fields.String()
    amount = fields.String(metadata=DECIMAL_TEXT)
    reason = fields.String()
    paid_by = fields.String()
    at = fields.DateTime()
    recovery_claim_id = fields.String()


class RecoveryClaimOut(Schema):
    claim_id = fields.String()
    case_id = fields.String()
    compensation_id = fields.String()
    merchant_id = fields.String()
    amount = fields.String(metadata=DECIMAL_TEXT)
    status = fields.String()
    reference = fields.String(allow_none=True)
    history = fields.List(fields.Nested(StepOut))
    opened_at = fields.DateTime()


RecoveryPage = page_of(RecoveryClaimOut, "RecoveryPage")


class IdentityOut(Schema):
    merchant_id = fields.String()
    real_name = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    contact = fields.String(allow_none=True)
    found = fields.Boolean()
    rule_ids = fields.List(fields.String())
    note = fields.String(allow_none=True)


class StatsOut(Schema):
    since = fields.String()
    until = fields.String()
    opened = fields.Integer()
    resolved = fields.Integer()
    by_outcome = fields.Dict(keys=fields.String(), values=fields.Integer())
    resolution_hours_median = fields.Float(allow_none=True)
    resolution_hours_p90 = fields.Float(allow_none=True)
    resolved_within_deadline_share = fields.Float(allow_none=True)
    escalated_external = fields.Integer()
    advance_compensation_paid = fields.String(metadata=DECIMAL_TEXT)
    note = fields.String()
    rule_ids = fields.List(fields.String())


class ProcedureStepOut(Schema):
    action = fields.String()
    by = fields.String()
    after = fields.List(fields.String(), metadata={"description": "the states of a case this step may follow"})
    description = fields.String()
    time_limit_days = fields.Integer(allow_none=True)


class ProcedureOut(Schema):
    """The published procedure (R-DSP-09): the steps every case follows, with their time limits (R-DSP-10)."""
    version = fields.String()
    steps = fields.List(fields.Nested(ProcedureStepOut))
    rule_ids = fields.List(fields.String())


class TransactionRecordOut(Schema):
    """R-DSP-14: the livestream transaction's record a case is handled on; `missing` names what it lacks."""
    case_id = fields.String()
    order = fields.Dict(allow_none=True)
    room_id = fields.String(allow_none=True)
    host_id = fields.String(allow_none=True)
    recordings = fields.List(fields.Dict())
    aftersale_history = fields.List(fields.Dict())
    trail = fields.List(fields.Dict())
    missing = fields.List(fields.String())
    rule_ids = fields.List(fields.String())
