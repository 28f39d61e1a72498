"""How a deadline leaves the system (a record's reader sees its clock) and what a sweep did."""

from datetime import datetime

from marshmallow import Schema

from tianping.lib import clock, fields


class DeadlineOut(Schema):
    """A deadline as a record's reader sees it (its clock, the rule behind it, what became of it)."""
    kind = fields.String()
    due_at = fields.DateTime()
    status = fields.String()
    owner = fields.String(allow_none=True)
    rule_id = fields.String()
    seconds_left = fields.Method("_seconds_left", allow_none=True, metadata={
        "type": "number", "nullable": True,
        "description": "seconds until due by the platform clock (0 when overdue); kept while paused; null once closed"})
    fired_at = fields.DateTime(allow_none=True)
    outcome = fields.String(allow_none=True)


    def _seconds_left(self, deadline) -> float | None:
        get = deadline.get if isinstance(deadline, dict) else lambda name: getattr(deadline, name, None)
        if get("status") == "paused":
            return get("seconds_left")
        if get("status") != "pending" or get("due_at") is None:
            return None
        due = get("due_at")
        due = datetime.fromisoformat(due) if isinstance(due, str) else due
        return max(0.0, (clock.aware(due) - clock.now()).total_seconds())


class SweepOut(Schema):
    fired = fields.Integer()
    failed = fields.Integer()
    retry = fields.Integer()
    batches = fields.Integer()
