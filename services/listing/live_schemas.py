"""Live-room moderation's inputs (strict) and outputs: sessions, batches of segments, decisions, replay, overturns."""

from marshmallow import Schema, ValidationError, validate

from tianping.lib import fields
from tianping.lib.paging import page_of
from tianping.lib.schemas import ID, Strict, money
from tianping.lib.trail import StepOut

from .live_rules import DECISIONS, SEGMENT_KINDS
from .mcn_rules import ACTIONS as MCN_ACTIONS

BATCH_LIMIT = 500
SESSION_STATUSES = ("live", "stopped", "ended")


class PlanItemIn(Strict):
    """One of the goods the session is planned to sell, as the planning document names and prices it."""
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    price = money(load_default=None, allow_none=True)
    listing_id = fields.String(load_default=None, allow_none=True, validate=ID)


class PlanIn(Strict):
    """The session's declared marketing plan (R-LST-30's planning document): the host's product cards and the prices
    said for these goods are compared with it (PB-12)."""
    items = fields.List(fields.Nested(PlanItemIn), required=True, validate=validate.Length(min=1, max=200))
    campaign_id = fields.String(load_default=None, allow_none=True, validate=ID, metadata={
        "description": "the platform campaign the session is for: it counts towards its MCN's commitment (PB-15)"})


class SessionIn(Strict):
    """Going live: the room's host and operator (and the host's MCN when it has one, R-REP-17)."""
    host_id = fields.String(required=True, validate=ID)
    operator_id = fields.String(required=True, validate=ID)
    mcn_id = fields.String(load_default=None, allow_none=True, validate=ID)
    broadcaster_id_number = fields.String(
        load_default=None, validate=validate.Regexp(r"^[0-9A-Za-z]{6,32}$"),
        metadata={"description": "the ID number of the person on air: checked against the registered host (R-ONB-35)"})
    plan = fields.Nested(PlanIn, load_default=None, allow_none=True)


class SegmentIn(Strict):
    seq = fields.Integer(required=True, validate=validate.Range(min=0, max=999_999_999),
                         metadata={"description": "per-session sequence number: a seq already stored is applied once"})
    kind = fields.String(required=True, validate=validate.OneOf(SEGMENT_KINDS))
    text = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    at = fields.AwareDateTime(required=True, metadata={"description": "when it was said or shown (ISO 8601, offset)"})


class SegmentBatchIn(Strict):
    segments = fields.List(fields.Nested(SegmentIn), required=True,
                           validate=validate.Length(min=1, max=BATCH_LIMIT))


SEGMENT_FIELDS = frozenset(SegmentIn._declared_fields)
_AT = SegmentIn._declared_fields["at"]
_KINDS = frozenset(SEGMENT_KINDS)


def load_batch(data) -> list[dict] | None:
    """The batch's segments as SegmentBatchIn loads them, checked in plain Python — the live system's pace is hundreds
    of segments a call, and a nested schema per segment cost a tenth of the decision. Only what is plainly valid is
    taken here (an int seq in range, a kind, a text with a visible first character, an ISO time with its offset,
    nothing else); anything else is None, and the schema loads the batch and names what is wrong."""
    segments = data.get("segments") if isinstance(data, dict) and data.keys() == {"segments"} else None
    if not isinstance(segments, list) or not 1 <= len(segments) <= BATCH_LIMIT:
        return None
    out, times = [], {}
    for segment in segments:
        if not isinstance(segment, dict) or segment.keys() != SEGMENT_FIELDS:
            return None
        seq, kind, text, at = segment["seq"], segment["kind"], segment["text"], segment["at"]
        if type(seq) is not int or not 0 <= seq <= 999_999_999 or kind not in _KINDS or type(text) is not str \
                or not 1 <= len(text) <= 4000 or text[0].isspace() or text[0] in fields.ZERO_WIDTH or type(at) is not str:
            return None
        moment = times.get(at)
        if moment is None:
            try:
                moment = times[at] = _AT.deserialize(at)
            except ValidationError:
                return None
        out.append({"seq": seq, "kind": kind, "text": text, "at": moment})
    return out


class LiveBatch(Schema):
    """A batch the live system publishes over AMQP (`live.segment_batch`): the same segments, naming the session."""
    room_id = fields.String(required=True, validate=ID)
    session_id = fields.String(required=True, validate=ID)
    segments = fields.List(fields.Dict(), required=True, validate=validate.Length(min=1, max=BATCH_LIMIT))


class OverturnIn(Strict):
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class McnReviewIn(Strict):
    """What the MCN did about its host's flagged content (R-LST-35)."""
    action = fields.String(required=True, validate=validate.OneOf(MCN_ACTIONS))
    note = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class LiveFindingOut(Schema):
    rule_id = fields.String()
    rule_ids = fields.List(fields.String())
    kind = fields.String()
    field = fields.String()
    start = fields.Integer()
    end = fields.Integer()
    text = fields.String()
    message = fields.String()
    category = fields.String()


class DecisionOut(Schema):
    seq = fields.Integer()
    kind = fields.String()
    decision = fields.String(metadata={"enum": list(DECISIONS)})
    effective = fields.String(metadata={"enum": list(DECISIONS)})
    rule_ids = fields.List(fields.String())
    findings = fields.List(fields.Nested(LiveFindingOut))
    duplicate = fields.Boolean(metadata={"description": "this seq was stored before: its stored decision"})


class SessionOut(Schema):
    session_id = fields.String()
    room_id = fields.String()
    host_id = fields.String()
    operator_id = fields.String()
    mcn_id = fields.String(allow_none=True)
    plan = fields.Dict(allow_none=True)
    status = fields.String(metadata={"enum": list(SESSION_STATUSES)})
    policy_version = fields.String()
    counts = fields.Dict()
    warnings = fields.List(fields.Dict())
    stop = fields.Dict(allow_none=True)
    history = fields.List(fields.Nested(StepOut))
    started_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)
    retention_class = fields.String(allow_none=True)
    retain_until = fields.DateTime(allow_none=True)


SessionPage = page_of(SessionOut, "SessionPage")


class BatchOut(Schema):
    session_id = fields.String()
    status = fields.String(metadata={"enum": ["live", "ended", "stopped"]})
    accepted = fields.Integer(metadata={"description": "segments stored by this batch (duplicates excluded)"})
    duplicates = fields.Integer()
    decisions = fields.List(fields.Nested(DecisionOut))
    warnings = fields.List(fields.Dict(), metadata={"description": "warnings this batch gave the host"})
    stop = fields.Dict(allow_none=True)


class ReplayItem(DecisionOut):
    text = fields.String()
    at = fields.DateTime()
    received_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    lexicon_version = fields.String()
    policy_version = fields.String()
    overturns = fields.List(fields.Dict())
    retention_class = fields.String()
    retain_until = fields.DateTime()


class ReplayOut(Schema):
    session = fields.Nested(SessionOut)
    items = fields.List(fields.Nested(ReplayItem))
    next_from = fields.Integer(allow_none=True, metadata={"description": "the `from` of the next page, or null"})


class McnReviewed(DecisionOut):
    """A host's segment with its MCN's review (R-LST-35)."""
    session_id = fields.String()
    host_id = fields.String()
    text = fields.String()
    at = fields.DateTime()
    mcn_review = fields.Dict(allow_none=True)


class McnQueueOut(Schema):
    mcn_id = fields.String()
    rule_ids = fields.List(fields.String())
    items = fields.List(fields.Nested(McnReviewed))
