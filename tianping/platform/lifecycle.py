"""Records that move through states, each state with at most one running deadline (after-sale requests, dispute
cases): the one way to move such a record on, written once.

A record carries `status`, and while a deadline runs, `due_at`, `due_kind` and `due_key`. A move:
  1. schedules the next state's deadline first, under a key unique to this step (record id, kind, history length);
  2. applies the state change only if the record is still in the state the caller saw (a conditional update that
     also appends the history step), so a concurrent action or a stale deadline changes nothing;
  3. cancels the deadlines the move retires.
A crash between any two steps is safe: a deadline scheduled for a move that did not happen carries a key the record
does not hold, and a retired deadline not yet cancelled no longer matches `due_key`; both fire as "not_applicable"
(`applies` below), which is what makes each automatic step happen exactly once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tianping.lib import clock
from tianping.lib.errors import Conflict
from tianping.lib.trail import Step
from tianping.platform.deadline_schemas import DeadlineOut

DUE_FIELDS = ("due_at", "due_kind", "due_key")


@dataclass
class NextDeadline:
    kind: str
    due_at: datetime
    rule_id: str
    payload: dict = field(default_factory=dict)
    owner: str = ""


def require_status(noun: str, status: str, *allowed: str) -> None:
    """Refuse a move the record's current status does not allow: 409 naming the status it has."""
    if status not in allowed:
        raise Conflict(f"the {noun} is {status}; this needs it to be {' or '.join(allowed)}", {"status": [status]})


def deadline_key(record_id: str, kind: str, steps_so_far: int) -> str:
    return f"{record_id}:{kind}:{steps_so_far}"


def advance(book, transition: Callable, record_id: str, expected_status: str, steps_so_far: int, *, to: str,
            step: Step, sets: dict | None = None, next_deadline: NextDeadline | None = None, retire=(),
            unset=(), pinned: dict | None = None, scheduled: bool = False) -> bool:
    """Move the record from `expected_status` to `to` (see the module's docstring). `transition(record_id,
    expected_status, step, sets, unset)` is the owning repository's conditional update, appending the Step; `retire`
    the deadline keys this move ends. Returns what `transition` answered (True, or the record as moved when the
    repository returns it), or False, changing nothing but a harmless spare deadline, if the record had moved on.
    A move from a state to itself passes its status condition again once applied, so it is refused (ValueError,
    before anything is written) unless `pinned` — the precondition the caller's `transition` carries besides the
    status (field path -> the value read) — names a field this move changes: then a twin of the move, concurrent or
    redelivered, finds the condition false and changes nothing. `scheduled`: the caller scheduled `next_deadline`
    already (under `deadline_key`, with deadlines of its own, in one round trip)."""
    changes = {"status": to, **(sets or {})}
    unset = list(unset)
    key = deadline_key(record_id, next_deadline.kind, steps_so_far) if next_deadline is not None else None
    if key is not None:
        changes.update(due_at=next_deadline.due_at, due_kind=next_deadline.kind, due_key=key)
    elif "due_key" not in changes:  # no clock runs in the new state (a resumed one comes in `sets`)
        unset += list(DUE_FIELDS)
    if to == expected_status and not _pins_a_change(pinned or {}, changes, unset):
        raise ValueError(f"a move from {expected_status} to itself needs a precondition (pinned) on a field the move "
                         f"changes, to happen once; pinned: {sorted(pinned or {})}")
    if key is not None and not scheduled:
        book.schedule(key, record_id, next_deadline.kind, next_deadline.due_at, next_deadline.rule_id,
                      next_deadline.payload, owner=next_deadline.owner)
    moved = transition(record_id, expected_status, step, changes, unset)
    if not moved:
        return False
    book.cancel_many([key for key in retire if key], f"{step.event or 'moved'} by {step.actor or ''}")
    return moved


_ABSENT = object()


def _pins_a_change(pinned: dict, changes: dict, unset) -> bool:
    """Does the move change one of the `pinned` fields (a dotted path as the store reads it) away from the value the
    condition requires? A path, or a field above it, set to another value or unset (absent reads as None)."""
    for path, required in pinned.items():
        parts = path.split(".")
        prefixes = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
        after = _ABSENT
        for i, prefix in enumerate(prefixes):
            if prefix in unset:
                after = None
            elif prefix in changes:
                after = changes[prefix]
                for part in parts[i + 1:]:
                    after = after.get(part) if isinstance(after, dict) else None
            if after is not _ABSENT:
                break
        if after is not _ABSENT and after != required:
            return True
    return False


def applies(record, deadline: dict) -> bool:
    """Is this the deadline the record's current state is running? (Otherwise it fires as "not_applicable".)"""
    return record is not None and getattr(record, "due_key", None) == deadline["_id"]


def clocks(book, record_id: str, deadlines: list[dict] | None = None) -> list[dict]:
    """A record's deadlines as its reader sees them: each with its rule, due time, seconds left and what became of it
    (`deadlines`: the book's entries for it, when the caller read them with the record)."""
    return DeadlineOut(many=True).dump(book.of_subject(record_id) if deadlines is None else deadlines)


def first_clocks(next_deadline: NextDeadline | None) -> list[dict]:
    """`clocks` of a record just created, with `next_deadline` just scheduled as its only deadline (or none), without
    reading them back: the due time as the store keeps it (UTC, to the millisecond)."""
    if next_deadline is None:
        return []
    due = clock.aware(next_deadline.due_at).astimezone(UTC)
    due = due.replace(microsecond=due.microsecond // 1000 * 1000, tzinfo=None)
    return DeadlineOut(many=True).dump([{"kind": next_deadline.kind, "due_at": due, "status": "pending",
                                         "owner": next_deadline.owner or "", "rule_id": next_deadline.rule_id}])


def announce(ctx, contract, record, name: str, fields: dict, event: str, previous: str | None, actor: str, rule_ids,
             *, subject: str, detail: dict | None = None) -> None:
    """A transition of `record` (one with `status` and `policy_version`; automatic ones too): appended to the audit log
    as `name` (e.g. "case:c_1") and published as `contract`, a tianping.platform.contracts.StepChanged carrying the
    record's own `fields` and the step."""
    ctx.audited(actor, event, name, subject=subject, rule_ids=rule_ids, versions={"policy": record.policy_version},
                before=previous, after=record.status, detail=detail)
    ctx.publish(contract, {**fields, "event": event, "status": record.status, "previous": previous, "actor": actor,
                           "rule_ids": list(rule_ids), "at": clock.now()})
