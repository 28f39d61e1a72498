"""Sanctions in the authority's log (issue 24): a sanction change is a change of the blacklist log (action
"sanction"), committed in the same transaction as blacklist changes; the subject's sanction in force is kept in
`sanction_entries`, apart from the blacklist's entries so that the blacklist's lists and figures stay its own."""

from pymongo import UpdateOne

from tianping.platform.sanctions import SANCTION

COLLECTION = "sanction_entries"


def is_sanction(fields: dict) -> bool:
    return fields["action"] == SANCTION


def state_writes(changes: list[dict], now) -> tuple[list, list]:
    """(blacklist entry writes, sanction entry writes) for a batch's changes: one per subject, its last change wins."""
    blacklist = {c["subject_id"]: c for c in changes if not is_sanction(c)}
    sanctioned = {c["subject_id"]: c for c in changes if is_sanction(c)}
    entry_writes = [UpdateOne({"_id": sid}, {"$set": {
        "status": "blacklisted" if c["action"] == "add" else "lifted", "seq": c["seq"], "since": now,
        "rule_ids": c["rule_ids"], "reason": c["reason"], "subject_type": c["subject_type"]}}, upsert=True)
        for sid, c in blacklist.items()]
    sanction_writes = [UpdateOne({"_id": sid}, {"$set": {
        **c["sanction"], "seq": c["seq"], "subject_type": c["subject_type"], "committed_at": now}}, upsert=True)
        for sid, c in sanctioned.items()]
    return entry_writes, sanction_writes


def entry(database, subject_id: str) -> dict | None:
    """The sanction in force for a subject at the authority (level, effects, since, until, rules, decision)."""
    return database[COLLECTION].find_one({"_id": subject_id})


def history(database, subject_id: str) -> list[dict]:
    """The subject's sanction changes, oldest first (the log's subject_id index)."""
    return [c for c in database["blacklist_changes"].find({"subject_id": subject_id}, {"_id": 0}).sort("seq", 1)
            if c.get("action") == SANCTION]  # `action` beside the index's field would make the store scan the log
