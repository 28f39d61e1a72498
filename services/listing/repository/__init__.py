"""Listing's repository: the only code that touches its collections."""

import hashlib
import uuid

from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from tianping.infra import bulk, db
from tianping.lib import clock, paging
from tianping.lib.errors import ServiceUnavailable, found
from tianping.lib.trail import Step, stored
from tianping.platform import retention

from .. import lexicon_parts, models, rules

Duplicate = NotUniqueError


def insert(listing: models.Listing) -> None:
    listing.save(force_insert=True)


def listing_or_404(listing_id: str) -> models.Listing:
    return found(db.by_id(models.Listing, listing_id), f"listing {listing_id}", "listing_id")


def listing(listing_id: str) -> models.Listing | None:
    return models.Listing.objects(listing_id=listing_id).first()


def listing_id_for(request_key: str | None) -> str:
    """A new listing's number: derived from the request's key when it has one (a redelivery's insert of the same
    number fails, so the key is kept once by the `_id` itself), else random."""
    if not request_key:
        return f"lst_{uuid.uuid4().hex[:16]}"
    return f"lst_{hashlib.sha256(f'listing:{request_key}'.encode()).hexdigest()[:16]}"


def ended(status: str) -> dict:
    """A listing that leaves the shelf for good (withdrawn, rejected) starts its 3 years as transaction material
    (R-XC-01, R-XC-02): its retention class and earliest purge."""
    return retention.stamp("transaction", clock.now()) if status not in rules.LIVE_STATUSES else {}


def move(listing_id: str, from_status: str, to_status: str, step: Step, label: dict | None = None) -> bool:
    """The status move with its step and, for a reviewer's decision, its quality label: one conditional update."""
    kept = {f"set__{k}": v for k, v in ended(to_status).items()}
    if label:
        kept["push__quality_labels"] = label
    return bool(models.Listing.objects(listing_id=listing_id, status=from_status).update_one(
        set__status=to_status, push__trail=step, **kept))


def awaiting_review(cursor: str | None, limit: int):
    docs, next_cursor = paging.page(models.Listing._get_collection(), {"status": "in_review"},
                                    [("created_at", 1), ("_id", 1)], cursor, limit)
    return [{**d, "listing_id": d["_id"]} for d in docs], next_cursor


def queue_stats() -> tuple[int, object]:
    """(listings waiting for a reviewer, when the oldest was submitted)."""
    return paging.queue_summary(models.Listing._get_collection(), {"status": "in_review"}, "created_at")


ROLES = ("operator_id", "host_id")  # the fields in which a subject's listings name it


def withdraw_live(withdrawals: list[tuple[str, Step]]) -> None:
    """Withdraw every live listing operated or hosted by each subject, with its step: one presence read for both
    roles and one bulk write with an equality statement per role (an $or or $in the embedded store would answer by
    scanning). Idempotent: only live listings match."""
    bulk.update_each_of(models.Listing._get_collection(), ROLES, withdrawals,
                        {"status": {"$in": list(rules.LIVE_STATUSES)}},
                        lambda step: {"$set": {"status": "withdrawn", **ended("withdrawn")},
                                      "$push": {"trail": stored(step)}})


def note_published(notes: list[tuple[str, Step]]) -> None:
    """Append a step to every published listing operated or hosted by each subject, its status unchanged (a sanction
    hid or showed it): one presence read and one bulk write for both roles, whatever the causes (was a read and a
    write per role and cause); a step whose cause is already in the trail is not added again."""
    bulk.update_each_of(models.Listing._get_collection(), ROLES, notes, {"status": "published"},
                        lambda step: {"$push": {"trail": stored(step)}},
                        match_for=lambda step: {"trail.cause": {"$ne": step.cause}})


# -- lexicon ------------------------------------------------------------------------------------------------
def listings_created_between(since, until, limit: int) -> list[models.Listing]:
    """Stored listings created in [since, until), oldest first, withdrawn ones left out."""
    return list(models.Listing.objects(created_at__gte=since, created_at__lt=until, status__ne="withdrawn")
                .order_by("created_at")[:limit])


def latest_lexicon() -> models.Lexicon | None:
    return models.Lexicon.objects.order_by("-created_at").first()


def latest_lexicon_version() -> str | None:
    latest = models.Lexicon._get_collection().find_one({}, {"_id": 1}, sort=[("created_at", -1)])
    return latest["_id"] if latest else None


def lexicon_body(version: str, pause=None) -> dict:
    """The version's body: its parts in one query on the indexed version, sorted by part number, joined; refused
    (ServiceUnavailable) if a part is missing. A body stored whole before parts existed is read as it is. `pause`
    (a build beside the reviews): the parts fetched one by one, `pause()` between two (decoding a 4 MB part holds the
    process for a moment)."""
    cursor = models.LexiconPart._get_collection().find({"version": version}, sort=[("n", 1)])
    parts = []
    for part in cursor.batch_size(1) if pause is not None else cursor:
        parts.append(part)
        if pause is not None:
            pause()
    if not parts:
        whole = models.LexiconPart._get_collection().find_one({"_id": version})
        if whole is None or "body" not in whole:
            raise ServiceUnavailable(f"lexicon {version}: no body stored", {"version": version})
        return whole["body"]
    if [p["n"] for p in parts] != list(range(parts[0]["of"])) or {p["of"] for p in parts} != {parts[0]["of"]}:
        raise ServiceUnavailable(f"lexicon {version}: {len(parts)} of its {parts[0]['of']} parts stored",
                                 {"version": version})
    return lexicon_parts.join([p["part"] for p in parts])


def insert_lexicon(lexicon: models.Lexicon, body: dict) -> None:
    """The body's parts first, in one insert: a version whose record exists always has its body whole (a publish
    that stops between the two leaves parts no version names, never a version without its parts)."""
    parts = lexicon_parts.split(body)
    models.LexiconPart._get_collection().insert_many(
        [{"_id": f"{lexicon.version}:{n}", "version": lexicon.version, "n": n, "of": len(parts), "part": part}
         for n, part in enumerate(parts)])
    lexicon.save(force_insert=True)


# -- certificates -------------------------------------------------------------------------------------------
def certificates(numbers) -> dict[str, dict]:
    return {c["_id"]: c for c in models.Certificate._get_collection().find({"_id": {"$in": list(numbers)}})} \
        if numbers else {}


def certificate_or_404(number: str) -> models.Certificate:
    return found(models.Certificate.objects(number=number).first(), f"certificate {number}", "number")


def insert_certificate(cert: models.Certificate) -> None:
    cert.save(force_insert=True)


def revoke_certificate(number: str, step: Step) -> bool:
    return models.Certificate.objects(number=number, status="valid").update_one(set__status="revoked",
                                                                                push__history=step) == 1


# -- reports and rooms --------------------------------------------------------------------------------------
def take_report_quota(reporter_id: str, day: str, limit: int) -> bool:
    """Count one report against the reporter's day, only while under `limit` (at the limit the filter misses and
    the upsert collides with the day's document: refused)."""
    try:
        models.ReportQuota._get_collection().update_one({"_id": f"{reporter_id}:{day}", "used": {"$lt": limit}},
                                                        {"$inc": {"used": 1}}, upsert=True)
    except DuplicateKeyError:
        return False
    return True


def insert_report(report: models.Report) -> None:
    report.save(force_insert=True)


def report_or_404(report_id: str) -> models.Report:
    return found(models.Report.objects(report_id=report_id).first(), f"report {report_id}", "report_id")


def decide_report(report_id: str, status: str, rule_ids, step: Step) -> bool:
    return models.Report.objects(report_id=report_id, status="open").update_one(
        set__status=status, set__rule_ids=list(rule_ids), push__history=step) == 1


def open_reports(listing_id: str) -> int:
    return models.Report.objects(listing_id=listing_id, status="open").count()


REPORT_ATTEMPTS = 5  # each miss means the listing's status changed between two conditional updates


def count_report(listing_id: str, held_from, held: Step) -> bool:
    """One more report counted on the listing, and a listing in one of `held_from` taken back to review with `held`
    in the same update — against the status it has now, not the one read before the report was stored. True: held."""
    for _ in range(REPORT_ATTEMPTS):
        if models.Listing.objects(listing_id=listing_id, status__in=list(held_from)).update_one(
                inc__reports_filed=1, set__status="in_review", push__trail=held):
            return True
        if models.Listing.objects(listing_id=listing_id, status__nin=list(held_from)).update_one(
                inc__reports_filed=1):
            return False
    raise RuntimeError(f"listing {listing_id} kept changing status while a report was counted")


def publish_after_reports(listing_id: str, reports_filed: int | None, step: Step) -> bool:
    """Back to publication from the review reports held it in, only if no report was counted on it since
    `reports_filed` (read before the open reports were): one filed meanwhile keeps it in review (R-DSP-11)."""
    return bool(models.Listing.objects(listing_id=listing_id, status="in_review", reports_filed=reports_filed)
                .update_one(set__status="published", push__trail=step))


def room(room_id: str | None) -> models.Room | None:
    return models.Room.objects(room_id=room_id).first() if room_id else None


def save_room(room: models.Room) -> None:
    room.save()


PEERS_KEPT = 200


def published_prices(category: str, operator_id: str | None) -> list[str]:
    """The prices of the latest products published in `category` by other operators (R-LST-16's similar products):
    one read of the category's bounded sample (a query over listings examined the whole category on this store)."""
    peers = models.PricePeers._get_collection().find_one({"_id": category}, {"prices": 1}) or {}
    return [p["price"] for p in peers.get("prices", []) if p.get("operator_id") != operator_id]


def note_published_price(category: str, operator_id: str, price: str) -> None:
    """Add a product published automatically to its category's sample, the oldest dropped past PEERS_KEPT."""
    models.PricePeers._get_collection().update_one(
        {"_id": category}, {"$push": {"prices": {"$each": [{"operator_id": operator_id, "price": price}],
                                                 "$slice": -PEERS_KEPT}}}, upsert=True)


def listing_facts(listing_ids) -> dict[str, dict]:
    """Status, operator and price of the named listings (a live session's plan is held to them, R-LST-29)."""
    ids = sorted(set(filter(None, listing_ids)))
    if not ids:
        return {}
    return {d["_id"]: d for d in models.Listing._get_collection().find(
        {"_id": {"$in": ids}}, {"status": 1, "operator_id": 1, "price": 1})}


from .campaigns import *  # noqa: E402,F403 - MCN campaign commitments, part of this repository
from .cascades import *  # noqa: E402,F403 - many subjects' listings withdrawn for one cause, part of this repository
from .live import *  # noqa: E402,F403 - live sessions and their segments, part of this repository
from .oversight import *  # noqa: E402,F403 - re-checks, the human sample and IP notices, part of this repository
