"""An MCN's commitments to platform campaigns (PB-15, PB-16): inputs (strict) and outputs."""

from marshmallow import Schema, validate

from tianping.lib import fields
from tianping.lib.schemas import ID, Strict
from tianping.lib.trail import StepOut

from .campaign_rules import STATUSES


class CommitmentIn(Strict):
    """The MCN commits to a campaign: so many live sessions of its hosts for it, by the due time."""
    campaign_id = fields.String(required=True, validate=ID)
    sessions = fields.Integer(required=True, validate=validate.Range(min=1, max=10_000))
    due_at = fields.AwareDateTime(required=True, metadata={"description": "ISO 8601 with its offset, in the future"})


class ReasonIn(Strict):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class CommitmentOut(Schema):
    commitment_id = fields.String()
    campaign_id = fields.String()
    mcn_id = fields.String()
    sessions = fields.Integer()
    due_at = fields.DateTime()
    status = fields.String(metadata={"enum": list(STATUSES)})
    delivered = fields.Integer(allow_none=True)
    breach = fields.Dict(allow_none=True, metadata={"description": "reason, rule_ids, at: the breach recorded"})
    history = fields.List(fields.Nested(StepOut))
    created_at = fields.DateTime()
