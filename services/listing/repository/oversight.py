"""Listing's repository, continued: re-checks under a new lexicon (R-LST-24), the human sample of auto-published
listings and IP notices (R-LST-13)."""

from pymongo import UpdateOne

from tianping.lib import paging
from tianping.lib.errors import found
from tianping.lib.trail import Step, stored

from .. import models
from . import ended


# -- periodic re-check under a new lexicon (R-LST-24) -------------------------------------------------------
def start_recheck(version: str, now) -> bool:
    """The re-check of `version`, once (a redelivered publish finds it started); older running ones are superseded."""
    models.Recheck._get_collection().update_many({"status": "running", "_id": {"$ne": version}},
                                                 {"$set": {"status": "superseded", "finished_at": now}})
    result = models.Recheck._get_collection().update_one(
        {"_id": version}, {"$setOnInsert": {"status": "running", "cursor": None, "batches": 0, "started_at": now}},
        upsert=True)
    return result.upserted_id is not None


def recheck(version: str | None) -> dict | None:
    collection = models.Recheck._get_collection()
    return collection.find_one({"_id": version}) if version else collection.find_one({}, sort=[("started_at", -1)])


def live_after(cursor: str | None, limit: int) -> list[dict]:
    """The next published listings by id (keyset paging on _id: one indexed range, no skip)."""
    query = {"status": "published", **({"_id": {"$gt": cursor}} if cursor else {})}
    return list(models.Listing._get_collection().find(query).sort("_id", 1).limit(limit))


def mark_rechecked(listing_ids: list[str], version: str) -> None:
    """Listings the new version leaves as they are, in one bulk write (once per version)."""
    if listing_ids:
        models.Listing._get_collection().bulk_write(
            [UpdateOne({"_id": i, "status": "published", "rechecked_under": {"$ne": version}},
                       {"$set": {"rechecked_under": version, "recheck_outcome": "unchanged"}}) for i in listing_ids],
            ordered=False)


def recheck_move(listing_id: str, version: str, to_status: str, findings: list[dict], step: Step) -> bool:
    """Withdraw or send back to review a published listing under `version`, only if this version has not yet."""
    kept = {f"set__{k}": v for k, v in ended(to_status).items()}
    return bool(models.Listing.objects(listing_id=listing_id, status="published", rechecked_under__ne=version)
                .update_one(set__status=to_status, set__rechecked_under=version, set__recheck_outcome=to_status,
                            set__findings=findings, set__lexicon_version=version, push__trail=step, **kept))


def advance_recheck(version: str, cursor: str | None, next_cursor: str | None, done: bool, now) -> bool:
    """Move the cursor, only from where this batch started (a duplicate firing of the same batch changes nothing)."""
    sets = {"cursor": next_cursor, **({"status": "done", "finished_at": now} if done else {})}
    return models.Recheck._get_collection().update_one(
        {"_id": version, "status": "running", "cursor": cursor}, {"$set": sets, "$inc": {"batches": 1}}
    ).modified_count == 1


def recheck_counts(version: str) -> dict:
    listings = models.Listing._get_collection()
    return {outcome: listings.count_documents({"rechecked_under": version, "recheck_outcome": outcome})
            for outcome in ("unchanged", "withdrawn", "in_review")}


# -- human sample of auto-published listings ----------------------------------------------------------------
def sampled_waiting(cursor: str | None, limit: int):
    docs, next_cursor = paging.page(models.Listing._get_collection(), {"sample_state": "open"},
                                    [("created_at", 1), ("_id", 1)], cursor, limit)
    return [{**d, "listing_id": d["_id"]} for d in docs], next_cursor


def decide_sample(listing_id: str, verdict: dict, step: Step, label: dict) -> bool:
    return bool(models.Listing.objects(listing_id=listing_id, sample_state="open").update_one(
        set__sample_state="decided", set__sample_verdict=verdict, push__trail=step, push__quality_labels=label))


def quality_labels(since, until) -> list[dict]:
    """The labels of verdicts given in [since, until): the listings through the multikey index on the labels' time
    (the embedded store answers the range from it), each label filtered again by its own time."""
    window = {"$gte": since, "$lt": until}
    docs = models.Listing._get_collection().find({"quality_labels.at": window}, {"quality_labels": 1})
    return [item for doc in docs for item in doc["quality_labels"] if since <= item["at"] < until]


# -- IP notices (R-LST-13) ----------------------------------------------------------------------------------
def insert_notice(notice: models.IpNotice) -> None:
    notice.save(force_insert=True)


def notice_or_404(notice_id: str) -> models.IpNotice:
    return found(models.IpNotice.objects(notice_id=notice_id).first(), f"IP notice {notice_id}", "notice_id")


def hold(listing_id: str, from_status: str, notice_id: str, step: Step) -> bool:
    """Take a live listing down under a notice (hidden, kept); one already held gains this notice's hold too."""
    if from_status == "ip_hold":
        return bool(models.Listing.objects(listing_id=listing_id, status="ip_hold").update_one(
            add_to_set__ip_holds=notice_id, push__trail=step))
    return bool(models.Listing.objects(listing_id=listing_id, status=from_status).update_one(
        set__status="ip_hold", set__held_from=from_status, add_to_set__ip_holds=notice_id, push__trail=step))


def release(listing_id: str, notice_id: str, step: Step) -> str | None:
    """Lift this notice's hold; the listing returns to its former status once no notice holds it. Returns the
    status it returned to, or None (still held by another notice, or no longer held)."""
    models.Listing.objects(listing_id=listing_id, status="ip_hold").update_one(pull__ip_holds=notice_id)
    listing = models.Listing.objects(listing_id=listing_id).only("held_from", "status").first()
    if listing is None or listing.status != "ip_hold":
        return None
    back = listing.held_from or "in_review"
    moved = models.Listing._get_collection().update_one(
        {"_id": listing_id, "status": "ip_hold", "ip_holds": []},
        {"$set": {"status": back}, "$unset": {"held_from": ""}, "$push": {"trail": stored(step)}})
    return back if moved.modified_count else None


def move_notice(notice_id: str, from_status: str, to_status: str, step: Step, **sets) -> bool:
    return bool(models.IpNotice.objects(notice_id=notice_id, status=from_status).update_one(
        set__status=to_status, push__history=step, **{f"set__{k}": v for k, v in sets.items()}))


def add_notice_actions(notice_id: str, actions: list[dict]) -> None:
    """What releasing a closed notice's listings did, appended to its record (R-LST-13: each action's time)."""
    if actions:
        models.IpNotice._get_collection().update_one({"_id": notice_id}, {"$push": {"actions": {"$each": actions}}})
