"""Many subjects moved to one status for one cause — an MCN's hosts suspended at its blacklisting, restored at its
lift (R-REP-13, R-ONB-30, R-REP-19) — in a bounded number of store statements per BATCH subjects, however many there
are (issue 30, "the MCN cascade in seconds"):

- the subjects are taken in id order, BATCH at a time; per batch one read of their heads (status, type, each step's
  cause) by `_id`, one conditional update of those still in the status they leave (`{_id: {$in}, status}`: a subject
  moved already or changed meanwhile is not moved), one insert of their audit entries (keyed by cause, status and
  subject: once only), one `subject_statuses_changed` event whose items are what `subject_status_changed` says of
  each (status, previous, rule IDs, cause, the subject's version: consumers keep the newest), and the cursor;
- the cursor (`status_moves`, one document per cause and status) holds the last subject id done: a re-run after a
  crash resumes after it, and one after the end moves, audits and announces nothing. A batch redone after a crash
  between its update and its cursor finds the subjects it moved by their last step (this cause, this status) and
  audits and announces them again — the audit keys and the events' versions make that harmless.

The embedded store compares each document with every value of an `_id $in` (measured: the heads of 1,000 subjects in
one read ~2 s of its time, in ten reads of 100 ~0.09 s), so a batch stays small."""

from tianping.lib import config
from tianping.lib.trail import step

from .. import contracts
from . import Context

BATCH = max(1, min(500, int(config.env("TIANPING_STATUS_MOVE_BATCH", "100"))))  # subjects per statement


def move_many(ctx: Context, subject_ids, from_status: str, status: str, reason: str, rule_ids, cause: str,
              only=None) -> int:
    """Move the registered subjects among `subject_ids` that are in `from_status` (and pass `only(head)`, when given)
    to `status`, once for this `cause`. Returns how many this call moved."""
    key = f"{cause}|{status}"
    progress = ctx.repo.status_move(key) or {}
    if progress.get("done"):
        return 0
    after = progress.get("after") or ""
    todo = sorted(s for s in set(subject_ids) if s and s > after)
    moved = 0
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        moved += _move_batch(ctx, batch, from_status, status, reason, list(rule_ids), cause, only)
        ctx.repo.save_status_move(key, batch[-1], done=start + BATCH >= len(todo))
    return moved


def _move_batch(ctx: Context, ids: list[str], from_status: str, status: str, reason: str, rule_ids: list,
                cause: str, only) -> int:
    heads = ctx.repo.status_heads(ids)
    moving = [h for h in heads if h.get("status") == from_status and not _carries(h, cause, status)
              and (only is None or only(h))]
    redone = [h for h in heads if h.get("status") == status and _last(h) == (cause, status)]  # a crash's batch
    if moving:
        moved = ctx.repo.move_statuses([h["_id"] for h in moving], from_status, status, step(
            "status_changed", "onboarding", rule_ids, [reason], cause, status=status, previous=from_status))
        if moved < len(moving):  # some changed between the read and the write: those this step moved count
            now = {h["_id"]: h for h in ctx.repo.status_heads([h["_id"] for h in moving])}
            moving = [h for h in moving if _last(now.get(h["_id"], {})) == (cause, status)]
    items = [_item(h, len(h.get("history") or []) + 1, from_status, status, rule_ids, cause) for h in moving]
    items += [_item(h, len(h["history"]), h["history"][-1].get("previous"), status, rule_ids, cause) for h in redone]
    if not items:
        return 0
    ctx.audited_many([("onboarding", f"subject_{status}", f"subject:{i['subject_id']}",
                       {"subject": i["subject_id"], "rule_ids": rule_ids, "before": i["previous"], "after": status,
                        "detail": {"reason": reason, "cause": cause}, "key": f"{cause}|{status}|{i['subject_id']}"})
                      for i in items])
    ctx.publish(contracts.SUBJECT_STATUSES_CHANGED, {"items": items})
    return len(moving)


def _item(head: dict, version: int, previous, status: str, rule_ids: list, cause: str) -> dict:
    return {"subject_id": head["_id"], "subject_type": head.get("subject_type"), "status": status,
            "previous": previous, "rule_ids": list(rule_ids), "cause": cause, "version": version}


def _last(head: dict) -> tuple:
    history = head.get("history") or []
    return (history[-1].get("cause"), history[-1].get("status")) if history else (None, None)


def _carries(head: dict, cause: str, status: str) -> bool:
    return any(s.get("cause") == cause and s.get("status") == status for s in head.get("history") or [])


def last_cause(head: dict) -> str:
    """What moved the subject last ('' when nothing did)."""
    return _last(head)[0] or ""
