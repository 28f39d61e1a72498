"""Listing's hot routes cost the same at 20,000 records as at 1,000 (issue 30): a merchant submitting a listing (the
automatic review, stored) and reading one, against a history of other operators' listings — copies of what the
use case itself stores, seeded straight into the collection. The submitting operator has a long list of listings of
its own, the same at both sizes. The subject statuses and the blacklist replica are read by `_id` only (point
lookups, as the plans printed show) and are left small."""

import mongoengine

from services.listing import models
from tests.listing.usecases import Listings, product
from tianping.infra import db

from .flatcost import (  # noqa: F401 (client, mongodb_uri: the fixtures)
    SIZES,
    assert_flat,
    client,
    measure,
    mongodb_uri,
    seed_copies,
)

OWN = 200  # the operator's own listings: its history, the same at both sizes


def seed_listing(desk, count: int) -> None:
    database = mongoengine.get_db("listing")
    template = desk.submit(product("m2"))
    [listing] = database.listings.find({"_id": template["listing_id"]})
    seed_copies(database.listings, listing, count, lambda i: {
        "_id": f"lst-{i}", "operator_id": "m1" if i < OWN else f"op-{i}", "request_key": f"rk-{i}",
        "status": ("published", "withdrawn", "rejected", "in_review")[i % 4] if i >= OWN else "published"})


def listing_costs(replica_for, client, count: int):  # noqa: F811 (the fixture)
    replica = replica_for("listing")
    db.ensure_indexes(models)
    desk = Listings(replica, request_key="warm-up")
    seed_listing(desk, count)  # (submitting the template warmed the process's caches: audit head, lexicon)
    submitted = []

    def submit():
        desk.ctx.request_key = f"flat-{count}"
        submitted.append(desk.submit(product("m1")))
        assert submitted[0]["status"] == "published"

    costs = {"POST /v1/listings": measure(client, submit)}
    listing_id = submitted[0]["listing_id"]
    costs["GET /v1/listings/{id}"] = measure(client, lambda: desk.get(listing_id, {"id": "b1"}))
    return costs


def test_listing_routes_cost_the_same_at_20k_as_at_1k(replica_for, client):  # noqa: F811
    small, large = (listing_costs(replica_for, client, n) for n in SIZES)
    for route in small:
        print(f"{route} at 1k: {small[route]}\n{route} at 20k: {large[route]}")
    for route in small:
        assert_flat(small[route], large[route])
