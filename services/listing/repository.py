"""Listing's repository: the only code that touches its collections."""

from pymongo import UpdateMany

from tianping.errors import found

from . import models, rules


def insert(listing: models.Listing) -> None:
    listing.save(force_insert=True)


def listing_or_404(listing_id: str) -> models.Listing:
    return found(models.Listing.objects(listing_id=listing_id).first(), f"listing {listing_id}", "listing_id")


def move(listing_id: str, from_status: str, to_status: str, step) -> bool:
    return bool(models.Listing.objects(listing_id=listing_id, status=from_status).update_one(
        set__status=to_status, push__trail=step))


def withdraw_live(withdrawals: list[tuple[str, dict]]) -> None:
    """Withdraw every live listing operated or hosted by each subject, with its step: one bulk write.
    Idempotent: only live listings match."""
    writes = [UpdateMany({"$or": [{"operator_id": subject_id}, {"host_id": subject_id}],
                          "status": {"$in": list(rules.LIVE_STATUSES)}},
                         {"$set": {"status": "withdrawn"}, "$push": {"trail": step}})
              for subject_id, step in withdrawals]
    if writes:
        models.Listing._get_collection().bulk_write(writes, ordered=True)
