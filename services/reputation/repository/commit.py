"""One transaction of the blacklist authority (repository.authority) for a whole batch of changes: the entries
read once, the counter moved once by the number of valid changes, the changes inserted with one insert_many, the
entries written with one bulk_write, the decisions taken with them inserted beside them."""

import uuid

from bson import ObjectId

from tianping.lib import clock
from tianping.lib.errors import Conflict

from .. import rules
from . import sanction_log


def commit_batch(authority, session, batch: list[dict], read_keys: bool = False) -> tuple[list, list[dict]]:
    """Commit `batch` (the fields of Authority.record) in one transaction of `session`; returns the answers in
    arrival order (a change, a replayed change or a Conflict) and the decisions committed.

    A redelivered request is told by its request key. The log's unique index on the key answers "committed
    before?" in the insert itself (the caller retries with `read_keys` on that duplicate key), so the keys are read
    first only when asked, or when a keyed change would be refused (an add of a subject its own first delivery
    blacklisted): the common commit reads the entries alone."""
    with session.start_transaction():
        keys = [f["request_key"] for f in batch if f["request_key"]]
        subjects = list({c["subject_id"] for c in batch})
        status = {e["_id"]: e for e in authority.entries.find({"_id": {"$in": subjects}}, session=session)}
        committed = _committed(authority, session, keys) if read_keys else {}
        replacing = list({f["subject_id"] for f in batch if f.get("replaces") is not None})
        held = {e["_id"]: e.get("seq") for e in authority.db[sanction_log.COLLECTION].find(
            {"_id": {"$in": replacing}}, {"seq": 1}, session=session)} if replacing else {}
        answers, valid = _check(batch, committed, dict(status), dict(held))
        if not read_keys and keys and any(isinstance(a, Conflict) and f["request_key"]
                                          for a, f in zip(answers, batch, strict=True)):
            answers, valid = _check(batch, _committed(authority, session, keys), dict(status), dict(held))
        if not valid:
            session.abort_transaction()
            return _answers(answers, []), []
        counter = authority.counters.find_one_and_update(
            {"_id": "blacklist_seq"}, {"$inc": {"value": len(valid)}, "$setOnInsert": {"epoch": uuid.uuid4().hex}},
            upsert=True, return_document=True, session=session)
        now, first_seq = clock.now(), counter["value"] - len(valid) + 1
        changes = [_change(fields, first_seq + n, counter["epoch"], now) for n, fields in enumerate(valid)]
        authority.changes.insert_many(changes, session=session)
        entry_writes, sanction_writes = sanction_log.state_writes(changes, now)
        if entry_writes:
            authority.entries.bulk_write(entry_writes, ordered=True, session=session)
        if sanction_writes:
            authority.db[sanction_log.COLLECTION].bulk_write(sanction_writes, ordered=True, session=session)
        decided = [_decision(fields, change, now) for fields, change in zip(valid, changes, strict=True)
                   if fields["decision"]]
        if decided:
            authority.decisions.insert_many([{k: v for k, v in d.items() if k != "request_id"} for d in decided],
                                            session=session)
    return _answers(answers, changes), decided


def _committed(authority, session, keys: list[str]) -> dict:
    """The changes already committed under these request keys (the key's unique index: `$in` alone is served)."""
    return {c["request_key"]: c for c in authority.changes.find(
        {"request_key": {"$in": keys}}, {"_id": 0}, session=session)}


def _check(batch: list[dict], committed: dict, status: dict, held: dict) -> tuple[list, list[dict]]:
    """Each change checked in arrival order against the state the earlier ones in the batch leave (add then lift is
    fine; a second add of one subject is a conflict; a sanction that `replaces` a change no longer in force — `held`,
    the seq in force per subject — is one). Returns the answers (a replayed change, a Conflict, or where
    the answer will be: ("new", i) or ("same-as", i) of the valid changes) and the valid changes."""
    answers, valid, first_of_key = [], [], {}
    for fields in batch:
        key = fields["request_key"]
        if key in committed:  # a redelivered request: its change, never a second one
            answers.append(dict(committed[key], replayed=True))
            continue
        if key in first_of_key:  # the same request twice in one batch: answered with the first's change
            answers.append(("same-as", first_of_key[key]))
            continue
        current = status.get(fields["subject_id"])
        problem = rules.blacklist_transition(current and current.get("status"), fields["action"])
        if fields.get("replaces") is not None and held.get(fields["subject_id"], 0) != fields["replaces"]:
            problem = f"the sanction of change {fields['replaces']} is no longer in force"
        if problem:
            answers.append(Conflict(problem, {"subject_id": [problem]}))
            continue
        if not sanction_log.is_sanction(fields):  # a sanction leaves the blacklist status as it is
            status[fields["subject_id"]] = {"status": "blacklisted" if fields["action"] == "add" else "lifted",
                                            "subject_type": (current or {}).get("subject_type")}
        else:  # a later one in this batch replaces what it leaves in force, not the seq read before
            held[fields["subject_id"]] = ("batch", len(valid))
        if key:
            first_of_key[key] = len(valid)
        answers.append(("new", len(valid)))
        valid.append(fields)
    return answers, valid


def _answers(answers: list, changes: list[dict]) -> list:
    return [changes[a[1]] if isinstance(a, tuple) and a[0] == "new"
            else dict(changes[a[1]], replayed=True) if isinstance(a, tuple) else a for a in answers]


def _decision(fields: dict, change: dict, now) -> dict:
    decision = fields["decision"]
    return {"_id": ObjectId(), "subject_id": change["subject_id"], "kind": decision["kind"],
            "outcome": decision["outcome"], "rule_ids": change["rule_ids"],
            "policy_version": decision["policy_version"], "reason": change["reason"],
            "evidence": list(decision.get("evidence", ())), "caused_by": f"seq:{change['seq']}",
            "actor": change["actor"], "key": f"change:{change['seq']}", "at": now,
            "request_id": fields["request_key"] or fields["correlation_id"]}


def _change(fields: dict, seq: int, epoch: str, now) -> dict:
    change = {"seq": seq, "subject_id": fields["subject_id"], "subject_type": fields["subject_type"] or "merchant",
              "action": fields["action"], "rule_ids": fields["rule_ids"], "reason": fields["reason"],
              "identity_keys": fields["identity_keys"], "actor": fields["actor"], "caused_by": fields["caused_by"],
              "committed_at": now, "epoch": epoch, "correlation_id": fields["correlation_id"]}
    if fields["request_key"]:
        change["request_key"] = fields["request_key"]
    if fields.get("sanction"):
        change["sanction"] = fields["sanction"]
    return change
