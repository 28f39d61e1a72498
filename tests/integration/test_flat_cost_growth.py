"""What grew in a 10-minute load although every route's own reads were flat (issue 30's soak: completed/s -34%, the
stores' CPU per request up to 6.7 ms): writes and reactions whose cost follows the collection's size on the embedded
store, each at 1,000 and at 20,000 stored documents — no more round trips, no more documents examined.

- a findAndModify writes under `{_id, $and: [query]}`, which SecantusDB's write path answers by reading the whole
  collection (tests/integration/flatcost.py counts it so): after-sale's request moves (197 ms each after 8 minutes),
  its money ledger and buyer-day counter, reputation's subject points;
- listing's withdrawal of a blacklisted subject's live listings read which subjects have listings first, a scan of
  every listing (three quarters of listing's store CPU after 8 minutes).
"""

from datetime import UTC, datetime

import mongoengine
from pymongo.errors import DuplicateKeyError

from services.aftersale import models as aftersale_models
from services.aftersale import repository as aftersale
from services.listing import models as listing_models
from services.listing import repository as listing
from services.reputation import models as reputation_models
from services.reputation import repository as reputation
from tianping.infra import bulk, db
from tianping.lib.trail import Step

from .flatcost import (  # noqa: F401 (client, mongodb_uri: the fixtures)
    SIZES,
    assert_flat,
    client,
    measure,
    mongodb_uri,
    seed,
)

NOW = datetime(2026, 6, 15, 10, tzinfo=UTC)


def _costs(service_db, client, service: str, models, seeding, action) -> dict:  # noqa: F811 (the fixture)
    costs = {}
    for count in SIZES:
        database = service_db(service)
        db.ensure_indexes(models)
        seeding(database, count)
        bulk._sizes.clear()
        action(count)  # warm: the size read (cached), the first use of the collection
        costs[count] = measure(client, lambda count=count: action(count))
        print(f"{service} at {count}: {costs[count]}")
    return costs


def test_an_after_sale_request_moves_at_the_same_cost_at_20k_as_at_1k(service_db, client):  # noqa: F811
    def seeding(database, count):
        seed(database.requests, count, lambda i: {
            "_id": f"as-{i}", "order_id": f"o-{i}", "buyer_id": f"b-{i % 50}", "merchant_id": f"m-{i % 50}",
            "kind": "refund", "status": "awaiting_merchant", "opened_at": NOW, "trail": []})

    def move(count):
        moved = aftersale.transition(f"as-{moves[count]}", "awaiting_merchant",
                                     Step(event="agreed", actor="m", status="refund_due"), {"status": "refund_due"})
        moves[count] += 1
        assert moved.status == "refund_due" and moved.trail[-1].event == "agreed"

    moves = dict.fromkeys(SIZES, 0)
    costs = _costs(service_db, client, "aftersale", aftersale_models, seeding, move)
    assert aftersale.transition("as-0", "awaiting_merchant", Step(event="again"), {"status": "x"}) is None
    assert_flat(costs[SIZES[0]], costs[SIZES[-1]])


def test_an_order_ledger_and_a_buyer_day_cost_the_same_at_20k_as_at_1k(service_db, client):  # noqa: F811
    def seeding(database, count):
        seed(database.order_money, count, lambda i: {"_id": f"o-{i}", "committed": "0"})
        seed(database.buyer_days, count, lambda i: {"_id": f"2026-06-15:b-{i}:m-{i}", "orders": 1, "expires_at": NOW})

    def open_and_count(count):
        calls[count] += 1
        ledger = aftersale.open_money({"_id": f"new-{calls[count]}", "committed": "5"})
        assert ledger == {"_id": f"new-{calls[count]}", "committed": "5"}
        assert aftersale.open_money({"_id": "o-3", "committed": "9"})["committed"] == "0"  # stored once, unchanged
        assert aftersale.count_buyer_day(f"o-new-{calls[count]}", "b-7", "m-7", "2026-06-15", NOW) == calls[count] + 1

    calls = dict.fromkeys(SIZES, 0)
    costs = _costs(service_db, client, "aftersale", aftersale_models, seeding, open_and_count)
    assert_flat(costs[SIZES[0]], costs[SIZES[-1]])


def test_a_subjects_points_cost_the_same_at_20k_as_at_1k(service_db, client):  # noqa: F811
    def seeding(database, count):
        seed(database.subjects, count, lambda i: {"_id": f"s-{i}", "subject_type": "merchant",
                                                  "sanction": "warning" if i == 5 else "none", "points": 1})

    def note(count):
        assert reputation.note_points("s-5", "merchant", 7, NOW) == ("warning", "merchant")  # as it was before
        assert mongoengine.get_db("reputation").subjects.find_one({"_id": "s-5"})["points"] == 7
        calls[count] += 1
        assert reputation.note_points(f"new-{calls[count]}", "person", 2, NOW) == ("none", "person")  # created

    calls = dict.fromkeys(SIZES, 0)
    costs = _costs(service_db, client, "reputation", reputation_models, seeding, note)
    assert_flat(costs[SIZES[0]], costs[SIZES[-1]])


def test_an_upsert_that_collides_raises_the_duplicate_key_as_find_one_and_update_did(service_db):
    from tianping.infra import pointwrite

    docs = service_db("growth_probe")["docs"]
    docs.insert_one({"_id": "a", "status": "done"})
    try:
        pointwrite.update_and_read(docs, {"_id": "a", "status": "open"}, {"$set": {"x": 1}}, upsert=True)
    except DuplicateKeyError:
        pass
    else:
        raise AssertionError("an upsert onto a stored _id that the guard does not match must collide")
    assert pointwrite.update_and_read(docs, {"_id": "a", "status": "open"}, {"$set": {"x": 1}}) is None
    assert pointwrite.update_and_read(docs, {"_id": "a"}, {"$set": {"x": 2}}, before=True) == {"_id": "a",
                                                                                                "status": "done"}
    assert docs.find_one({"_id": "a"}) == {"_id": "a", "status": "done", "x": 2}


def test_withdrawing_a_subjects_live_listings_costs_the_same_at_20k_as_at_1k(service_db, client):  # noqa: F811
    def seeding(database, count):
        seed(database.listings, count, lambda i: {
            "_id": f"lst-{i}", "operator_id": "m1", "host_id": "m1" if i % 2 else f"h-{i % 30}", "title": "t",
            "status": ("published", "withdrawn", "rejected", "in_review")[i % 4], "created_at": NOW, "trail": []})
        database.listings.insert_one({"_id": "mine", "operator_id": "gone", "host_id": "gone", "title": "t",
                                      "status": "published", "created_at": NOW, "trail": []})

    def withdraw(count):
        listing.withdraw_live([("gone", Step(event="withdrawn", cause="blacklisted")), ("nobody", Step(event="x"))])

    costs = _costs(service_db, client, "listing", listing_models, seeding, withdraw)
    assert mongoengine.get_db("listing").listings.find_one({"_id": "mine"})["status"] == "withdrawn"
    assert_flat(costs[SIZES[0]], costs[SIZES[-1]])
    # and at either size only what the subjects have live (nothing, once withdrawn), never the whole collection: the
    # presence read scanned it up to 20,000 listings (1,001 documents examined at the first size)
    assert all(cost.documents == 0 for cost in costs.values()), "\n".join(map(str, costs.values()))


def test_live_session_and_segment_writes_cost_the_same_at_20k_as_at_1k(service_db, client):  # noqa: F811
    """A session's warning and end, and a segment's overturn (live segments: every batch stores twenty)."""
    from services.listing.repository import live

    def seeding(database, count):
        seed(database.live_segments, count, lambda i: {"_id": f"seg-{i}", "effective": "allowed", "overturns": []})
        seed(database.live_sessions, count, lambda i: {"_id": f"ses-{i}", "status": "live", "warnings": [],
                                                        "host_id": "h", "room_id": f"r-{i}"})

    def write(count):
        k = calls[count] = calls[count] + 1
        assert live.add_warning(f"ses-{k}", 0, {"seqs": [3], "n": 1})["warnings"] == [{"seqs": [3], "n": 1}]
        assert live.add_warning(f"ses-{k}", 0, {"seqs": [4], "n": 1}) is None  # another batch warned first
        assert live.end_session(f"ses-{k}", "ended", {}, Step(event="ended"))["status"] == "ended"
        assert live.overturn(f"seg-{k}", {"decision": "blocked"}, "allowed")["effective"] == "blocked"

    calls = dict.fromkeys(SIZES, 0)
    costs = _costs(service_db, client, "listing", listing_models, seeding, write)
    assert_flat(costs[SIZES[0]], costs[SIZES[-1]])
