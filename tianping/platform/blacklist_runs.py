"""A run of blacklist changes as a replica applies it (tianping.platform.blacklist_follow): the gap-free prefix of
what arrived, and the one document write per subject it makes. No I/O here."""

from collections.abc import Callable
from datetime import datetime

from tianping.platform import sanctions
from tianping.platform.blacklist_schemas import ADD


def contiguous(changes: list[dict], after: int) -> list[dict]:
    """The prefix of sorted `changes` that continues `after` with no gap (duplicates skipped)."""
    run = []
    for change in changes:
        expected = (run[-1]["seq"] if run else after) + 1
        if change["seq"] < expected:
            continue
        if change["seq"] > expected:
            break
        run.append(change)
    return run


def entry_writes(run: list[dict], now: datetime, path: str) -> tuple[dict, Callable, Callable]:
    """The replica's writes for a gap-free run, as tianping.infra.bulk.upsert_each takes them: each subject's latest
    change (its identity keys gathered over the run), the document inserted for a new subject and the update of a
    known one. The state and the history of what the replica applied live in one document per subject."""
    def state(change):
        return {"status": "blacklisted" if change["action"] == ADD else "lifted", "seq": change["seq"],
                "subject_type": change["subject_type"], "rule_ids": change["rule_ids"], "reason": change["reason"],
                "since": change["committed_at"], "applied_at": now}

    latest, applied, merged = {}, {}, {}
    for change in run:  # one entry write per subject: its last change in the run wins, all of them in its history
        keys = latest.get(change["subject_id"], {}).get("identity_keys", [])
        latest[change["subject_id"]] = dict(change, identity_keys=keys + change["identity_keys"])
        # a blacklist change sets the status, a sanction change the sanction: one subject's run sets both
        merged.setdefault(change["subject_id"], {}).update(
            sanctions.replica_fields(change, now) if change["action"] == sanctions.SANCTION else state(change))
        applied.setdefault(change["subject_id"], []).append({
            "seq": change["seq"], "epoch": change.get("epoch"), "subject_id": change["subject_id"],
            "action": change["action"], "committed_at": change["committed_at"], "applied_at": now, "path": path,
            "rule_ids": change["rule_ids"], **sanctions.history_fields(change)})

    def insert(subject_id, change):
        return {"_id": subject_id, **merged[subject_id], "identity_keys": sorted(set(change["identity_keys"])),
                "history": applied[subject_id]}

    def update(subject_id, change):
        body = {"$set": merged[subject_id], "$push": {"history": {"$each": applied[subject_id]}}}
        if change["identity_keys"]:
            body["$addToSet"] = {"identity_keys": {"$each": change["identity_keys"]}}
        # a replayed older change never overwrites a newer one, nor is it pushed into the history twice
        return {"seq": {"$lt": change["seq"]}}, body

    return latest, insert, update
