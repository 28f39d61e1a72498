"""Each subject's platform sanction, replicated in every service by the blacklist's machinery (issue 24).

Reputation is the one authority. A change of sanction is a change of the blacklist's log (`action: "sanction"`,
carrying a `sanction` document): the same group commit, gap-free sequence, epoch, outbox and
`reputation.blacklist_changed` event, the same ordered replicas with gap fill and anti-entropy. So a sanction and a
blacklisting of one subject are applied everywhere in the order the authority committed them, and every guarantee
the blacklist has (duplicates ignored, gaps filled, restores detected) holds for sanctions with no second path.

Each replica keeps one document per subject: the blacklist status and the `sanction` in force. Services answer
`is_allowed(subject, action)` from it on their hot path — one read by _id, no RPC. What a level refuses, sends to
human review and hides was decided by reputation's versioned policy when the sanction was committed and travels
with it, so every service enforces the same policy version. A sanction with an `until` stops counting at that moment
on every replica by itself (the authority's deadline also commits its end, which then propagates).
"""

from dataclasses import dataclass, field
from datetime import datetime

from marshmallow import EXCLUDE, Schema, validate
from nameko.exceptions import deserialize_to_instance

from tianping.infra import db
from tianping.lib import clock, fields
from tianping.lib.errors import ERROR_TABLE, TianpingError

SANCTION = "sanction"  # the action of a change that sets a subject's sanction
LEVELS = ("none", "warning", "restricted", "suspended", "cleared_out")
ACTIONS = ("sell", "publish_listing", "go_live", "take_orders", "run_community", "apply", "promote")
BLACKLIST_RULES = ("R-REP-13",)


@deserialize_to_instance
class SubjectSanctioned(TianpingError):
    """The acting subject's sanction refuses this action (R-REP-15, R-REP-18, R-REP-19); fields carry the rule IDs."""


ERROR_TABLE[SubjectSanctioned] = (422, "subject_sanctioned")


class SanctionSchema(Schema):
    """A sanction as the authority commits it (inside a blacklist change whose action is "sanction")."""

    class Meta:
        unknown = EXCLUDE

    level = fields.String(required=True, validate=validate.OneOf(LEVELS))
    refuses = fields.List(fields.String(), load_default=list)   # actions refused (no OneOf: a newer action loads)
    reviews = fields.List(fields.String(), load_default=list)   # actions allowed only through human review
    hides_listings = fields.Boolean(load_default=False)         # live listings hidden (not withdrawn) meanwhile
    since = fields.DateTime(required=True)
    until = fields.DateTime(load_default=None, allow_none=True)  # a suspension ends by itself
    rule_ids = fields.List(fields.String(), load_default=list)
    decision_id = fields.String(load_default="")
    policy_version = fields.String(load_default="")
    cause = fields.String(load_default="")                      # the violation, deadline or appeal behind it


SANCTION_SCHEMA = SanctionSchema()


@dataclass(frozen=True)
class Verdict:
    """What a subject's replicated state says about one action."""

    allowed: bool
    review: bool = False                  # allowed, but only through human review
    level: str = "none"
    rule_ids: tuple = ()
    until: datetime | None = None
    subject_id: str = ""
    hides_listings: bool = False
    reasons: tuple = field(default=())

    def pair(self) -> tuple[bool, list[str]]:
        return self.allowed, list(self.rule_ids)


ALLOWED = Verdict(True)


def in_force(entry: dict | None, now: datetime | None = None, at: datetime | None = None) -> dict | None:
    """The entry's sanction if it is one and still runs at `now` (a suspension past its `until` no longer counts,
    whether or not its end has reached this replica yet). `at`: the moment an act took place (an order paid then),
    judged by the sanction in force then — one that began later does not count."""
    sanction = (entry or {}).get("sanction")
    if not sanction or sanction.get("level", "none") == "none":
        return None
    moment = clock.aware(at or now or clock.now())
    if at is not None and sanction.get("since") is not None and clock.aware(sanction["since"]) > moment:
        return None
    until = sanction.get("until")
    if until is not None and clock.aware(until) <= moment:
        return None
    return sanction


def blacklisted(entry: dict | None, at: datetime | None = None) -> bool:
    if not entry or entry.get("status") != "blacklisted":
        return False
    return at is None or entry.get("since") is None or clock.aware(entry["since"]) <= clock.aware(at)


def verdict(entry: dict | None, action: str, now: datetime | None = None, at: datetime | None = None) -> Verdict:
    """Pure: allowed or not, through review or not, and the rule IDs, for `action` by the subject of `entry` (now,
    or for an act that took place `at` a past moment)."""
    subject_id = (entry or {}).get("_id", "")
    if blacklisted(entry, at):  # cleared out: as the blacklist has always done
        fired = tuple(dict.fromkeys([*BLACKLIST_RULES, *(["R-ONB-05"] if action == "apply" else [])]))
        return Verdict(False, False, "cleared_out", fired, None, subject_id, False)
    sanction = in_force(entry, now, at)
    if sanction is None:
        return Verdict(True, subject_id=subject_id)
    until = clock.aware(sanction["until"]) if sanction.get("until") else None
    fired, level = tuple(sanction.get("rule_ids") or ()), sanction["level"]
    hides = bool(sanction.get("hides_listings"))
    if action in sanction.get("refuses", ()):
        return Verdict(False, False, level, fired, until, subject_id, hides)
    review = action in sanction.get("reviews", ())
    return Verdict(True, review, level, fired, until, subject_id, hides)


def worst(verdicts) -> Verdict:
    """Several subjects act together (an operator and its host, a host and its MCN): the strictest answer."""
    ordered = sorted(verdicts, key=lambda v: (v.allowed, not v.review, -LEVELS.index(v.level)))
    return ordered[0] if ordered else ALLOWED


def entries(replica, subject_ids) -> dict:
    """Replica entries of several subjects: one read by _id (indexed; `$in` on _id is served by the index)."""
    ids = sorted({s for s in subject_ids if s})
    if not ids:
        return {}
    if len(ids) == 1:
        entry = replica.entry(ids[0])
        return {ids[0]: entry} if entry else {}
    return {e["_id"]: e for e in replica.entries.find({"_id": {"$in": ids}})}


def entries_and_statuses(replica, statuses, subject_ids) -> tuple[dict, dict]:
    """(replica entries, statuses onboarding last told this service) of several subjects in one round trip: a
    `$documents` row per id joined to both collections on their `_id` (the embedded store's index-driven join, as
    reputation's read does). A listing submission read them apart, two of its seven statements (issue 30).
    `statuses`: the service's SubjectStatuses (tianping.platform.subjects), in the replica's database."""
    ids = sorted({s for s in subject_ids if s})
    if not ids:
        return {}, {}
    database, status_collection = replica.entries.database, statuses.collection
    if status_collection.database.name != database.name:  # apart, as before
        return entries(replica, ids), statuses.known(ids)
    rows = db.joined(database, ids, {"entry": (replica.entries.name, "_id"), "status": (status_collection.name, "_id")})
    found, known = {}, {}
    for row in rows:
        if row["entry"]:
            found[row["_id"]] = row["entry"][0]
        if row["status"]:
            known[row["_id"]] = row["status"][0]["status"]
    return found, known


def check(replica, subject_ids, action: str, now: datetime | None = None, at: datetime | None = None,
          known: dict | None = None) -> Verdict:
    """The strictest verdict for `action` among `subject_ids`, from this service's own replica (no RPC); `known`:
    their entries as `entries` answered them, when the caller has read them already."""
    found = entries(replica, subject_ids) if known is None else known
    return worst([verdict(found.get(s) or {"_id": s}, action, now, at) for s in subject_ids if s])


def is_allowed(replica, subject_id: str, action: str, now: datetime | None = None) -> tuple[bool, list[str]]:
    """(allowed, rule IDs) for one subject's action, answered from the local replica."""
    return verdict(replica.entry(subject_id) or {"_id": subject_id}, action, now).pair()


def refuse(found: Verdict, action: str, field_name: str = "subject_id") -> None:
    """Raise SubjectSanctioned for a refused verdict (the rule IDs in the error's fields)."""
    if found.allowed:
        return
    until = f" until {found.until.isoformat()}" if found.until else ""
    raise SubjectSanctioned(
        f"{found.subject_id} is {found.level}{until}: {action} is refused ({', '.join(found.rule_ids)})",
        {field_name: [found.level], "rule_ids": list(found.rule_ids), "action": [action],
         **({"until": [found.until.isoformat()]} if found.until else {})})


def enforce(replica, subject_ids, action: str, field_name: str = "subject_id", at: datetime | None = None,
            known: dict | None = None) -> Verdict:
    """`check`, raising SubjectSanctioned when refused; the verdict (which may ask for human review) otherwise."""
    found = check(replica, subject_ids, action, at=at, known=known)
    refuse(found, action, field_name)
    return found


# -- inside the replica ---------------------------------------------------------------------------------

def split(changes: list[dict]) -> tuple[list[dict], list[dict]]:
    """(blacklist changes, sanction changes) of a run, each in order."""
    return [c for c in changes if c["action"] != SANCTION], [c for c in changes if c["action"] == SANCTION]


def replica_fields(change: dict, now: datetime) -> dict:
    """What a sanction change sets on the subject's replica entry (its blacklist status is left as it is)."""
    return {"sanction": {**change["sanction"], "seq": change["seq"], "committed_at": change["committed_at"]},
            "seq": change["seq"], "subject_type": change["subject_type"], "applied_at": now}


def history_fields(change: dict) -> dict:
    sanction = change.get("sanction") or {}
    return {"level": sanction["level"], "until": sanction.get("until")} if sanction else {}


def hiding(replica, subject_ids, now: datetime | None = None) -> dict | None:
    """The sanction in force that hides these subjects' live listings (a suspension), if any: level, until, rules."""
    for subject_id, entry in sorted(entries(replica, subject_ids).items()):
        sanction = in_force(entry, now)
        if sanction and sanction.get("hides_listings"):
            return {"subject_id": subject_id, "level": sanction["level"], "until": sanction.get("until"),
                    "rule_ids": list(sanction.get("rule_ids") or ())}
    return None
