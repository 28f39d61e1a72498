"""Listing application layer."""

import uuid

from pymongo import UpdateMany

from tianping.errors import NotFound, SubjectBlacklisted, load

from . import models, rules, schemas


class Catalogue:
    def __init__(self, replica):
        self.replica = replica

    def submit(self, data: dict) -> dict:
        item = load(schemas.ListingIn(), data)
        for sid in filter(None, (item["operator_id"], item["host_id"])):
            if self.replica.is_blacklisted(sid):  # refuse new listings (R-REP-13)
                raise SubjectBlacklisted(f"{sid} is on the platform blacklist (R-REP-13)",
                                         {"operator_id": ["blacklisted"], "rule_ids": ["R-REP-13"]})
        listing = models.Listing(listing_id=f"lst_{uuid.uuid4().hex[:16]}", operator_id=item["operator_id"],
                                 host_id=item["host_id"], title=item["title"],
                                 trail=[models.Step(status="pending_review", actor=item["operator_id"],
                                                    rule_ids=["R-LST-01"], cause="submitted")])
        listing.save(force_insert=True)
        return schemas.ListingOut().dump(listing)

    def get(self, listing_id: str) -> dict:
        listing = models.Listing.objects(listing_id=listing_id).first()
        if listing is None:
            raise NotFound(f"no listing {listing_id}", {"listing_id": ["unknown"]})
        return schemas.ListingOut().dump(listing)

    def approve(self, listing_id: str, reviewer: str) -> dict:
        updated = models.Listing.objects(listing_id=listing_id, status="pending_review").update_one(
            set__status="published", push__trail=models.Step(status="published", actor=reviewer,
                                                             rule_ids=["R-LST-01", "R-LST-02"], cause="review"))
        if not updated:
            raise NotFound(f"no listing {listing_id} awaiting review", {"listing_id": ["not pending review"]})
        return self.get(listing_id)

    @staticmethod
    def _withdrawal(subject_id: str, reason: str, rule_ids, cause: str) -> UpdateMany:
        """Withdraw every live listing operated or hosted by `subject_id`. Idempotent (status filter)."""
        step = models.Step(status="withdrawn", actor="platform", reason=reason, rule_ids=list(rule_ids), cause=cause)
        return UpdateMany({"$or": [{"operator_id": subject_id}, {"host_id": subject_id}],
                           "status": {"$in": list(rules.LIVE_STATUSES)}},
                          {"$set": {"status": "withdrawn"}, "$push": {"trail": step.to_mongo().to_dict()}})

    def _withdraw(self, withdrawals: list[UpdateMany]) -> None:
        if withdrawals:
            models.Listing._get_collection().bulk_write(withdrawals, ordered=True)

    def react_to_blacklist(self, changes: list[dict]) -> None:
        """Withdraw the live listings of every subject blacklisted in the run: one bulk write."""
        withdrawals = []
        for change in changes:
            withdraw, fired = rules.withdraw_on_blacklist(change["action"])
            if withdraw:
                withdrawals.append(self._withdrawal(change["subject_id"], change["reason"], fired,
                                                    f"blacklist:{change['seq']}"))
        self._withdraw(withdrawals)

    def react_to_status(self, payload: dict) -> None:
        if payload["status"] in rules.STOPPING_STATUSES:
            self._withdraw([self._withdrawal(payload["subject_id"], f"subject {payload['status']}",
                                             payload["rule_ids"] + ["R-LST-12"], payload["cause"])])
