"""A service's local replica of onboarding's subject statuses (R-ONB-02: only registered, active subjects may sell
or publish), fed by onboarding's `subject_status_changed` events — like the blacklist replica, not an RPC per
request. Each event carries the subject's history length as its version; an older or repeated event changes
nothing, so redelivery and reordering are harmless.

Listing uses it today; aftersale and dispute can take the same piece.
"""

from nameko.extensions import DependencyProvider
from pymongo.errors import DuplicateKeyError

from tianping.infra import bulk, db
from tianping.lib import clock

COLLECTION = "subject_statuses"


class SubjectStatuses:
    def __init__(self, collection):
        self.collection = collection

    def apply(self, event: dict) -> bool:
        """Record a status change if it is newer than what this replica holds."""
        version = event.get("version") or 0
        try:
            result = self.collection.update_one(
                {"_id": event["subject_id"], "version": {"$lt": version}},
                {"$set": {"status": event["status"], "subject_type": event["subject_type"], "version": version,
                          "cause": event.get("cause"), "applied_at": clock.now()}}, upsert=True)
            return result.modified_count == 1 or result.upserted_id is not None
        except DuplicateKeyError:  # the replica holds this version or a newer one
            return False

    def apply_many(self, events: list[dict]) -> None:
        """Many status changes: the newest per subject kept where it is newer than what this replica holds — one
        insert, and one bulk update of the subjects already held."""
        now = clock.now()
        newest: dict = {}
        for event in events:
            if (event.get("version") or 0) >= (newest.get(event["subject_id"], {}).get("version") or 0):
                newest[event["subject_id"]] = event

        def state(event):
            return {"status": event["status"], "subject_type": event["subject_type"], "version": event.get("version") or 0,
                    "cause": event.get("cause"), "applied_at": now}

        bulk.upsert_each(self.collection, newest, lambda sid, e: {"_id": sid, **state(e)},
                         lambda _sid, e: ({"version": {"$lt": e.get("version") or 0}}, {"$set": state(e)}))

    def catch_up(self, fetch_page, every_seconds: float = 3600) -> int | None:
        """Apply every status onboarding holds, page by page (`fetch_page(cursor)` -> {items, next_cursor}); what
        this replica already holds at that version or newer is left. Runs when the last complete catch-up is older
        than `every_seconds` (a failed one — onboarding not up yet — is retried at the next call). Returns how many
        were newer here, or None when it was not due."""
        meta = self.collection.database[f"{self.collection.name}_meta"]
        last = meta.find_one({"_id": "catch_up"})
        now = clock.now()
        if last and (now - clock.aware(last["at"])).total_seconds() < every_seconds:
            return None
        applied, cursor = 0, None
        while True:
            page = fetch_page(cursor)
            applied += sum(self.apply(item) for item in page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                meta.update_one({"_id": "catch_up"}, {"$set": {"at": now, "applied": applied}}, upsert=True)
                return applied

    def status(self, subject_id: str) -> str | None:
        found = self.collection.find_one({"_id": subject_id}, {"status": 1})
        return found["status"] if found else None

    def known(self, subject_ids) -> dict[str, str]:
        """The status this replica holds for each of `subject_ids` it knows (one query)."""
        ids = [s for s in subject_ids if s]
        return {d["_id"]: d["status"] for d in self.collection.find({"_id": {"$in": ids}}, {"status": 1})}

    def inactive(self, subject_ids) -> dict[str, str]:
        """Of `subject_ids`, those not known as active here, with what is known of them ('unknown' if nothing)."""
        known = self.known(subject_ids)
        return {s: known.get(s, "unknown") for s in subject_ids if s and known.get(s) != "active"}


class SubjectStatusReplica(DependencyProvider):
    """Gives workers the service's SubjectStatuses."""

    def setup(self):
        self.statuses = SubjectStatuses(db.database(self.container.config, self.container.service_name)[COLLECTION])

    def get_dependency(self, worker_ctx):
        return self.statuses

