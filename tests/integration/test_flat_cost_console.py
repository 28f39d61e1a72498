"""The console's lists cost the store the same at 20,000 records as at 1,000 (issue 28: pages paged, never a full
scan): one page of each list a console page reads — the listing review queue, the disputes in a state, the live
sessions on air and a session's replay — over a history of decided listings, resolved cases, ended sessions and
other sessions' segments, beside the same WAITING records in each list at both sizes. Counted by round trips and
documents examined (tests/integration/flatcost.py). On the embedded store a list's page costs what its index range
holds — the whole queue (README, "The staff console": a queue of 20,000 costs 20,000 documents a page there). The other reads
of the console's pages are routes measured already: the onboarding review queue, an application, a subject
(test_flat_cost.py), a listing (…_listing.py), a case (…_dispute.py), an order's money (…_aftersale.py), a
subject's reputation (…_reputation.py)."""

from datetime import datetime, timedelta

from services.dispute import models as dispute_models
from services.dispute import repository as disputes
from services.listing import models as listing_models
from services.listing import repository as listings
from services.listing.repository import live
from tianping.infra import db

from .flatcost import (  # noqa: F401 (client: the fixture)
    SIZES,
    assert_flat,
    client,
    measure,
    seed,
)

NOW = datetime(2026, 3, 2, 2, 0)
PAGE = 25  # the console's page size
WAITING = 100  # in each list at both sizes
SEGMENTS = 200  # of the session replayed


def listing(i: int) -> dict:
    return {"_id": f"lst-{i}", "operator_id": f"op-{i % 700}", "status": "in_review" if i < WAITING else "published", "title": "adiddas runner",
            "category": "shoes", "created_at": NOW - timedelta(minutes=i)}


def case(i: int) -> dict:
    return {"_id": f"dsp-{i}", "order_id": f"o-{i}", "consumer_id": f"b-{i}", "merchant_id": f"m-{i % 500}",
            "opened_at": NOW - timedelta(minutes=i),
            **({"status": "awaiting_merchant", "open_order": f"o-{i}"} if i < WAITING else {"status": "resolved"})}


def session(i: int) -> dict:
    return {"_id": f"ses-{i}", "room_id": f"room-{i}", "status": "live" if i < WAITING else "ended",
            "started_at": NOW - timedelta(minutes=i if i < WAITING else 2 * 24 * 60 + i)}


def segment(i: int) -> dict:
    session_id, seq = ("ses-0", i) if i < SEGMENTS else (f"ses-{i // 50}", i % 50)
    return {"_id": live.segment_key(session_id, seq), "session_id": session_id, "seq": seq, "kind": "comment",
            "text": "hi"}


def console_costs(service_db, client, count: int) -> dict:  # noqa: F811 (the fixture)
    listing_db, dispute_db = service_db("listing"), service_db("dispute")
    db.ensure_indexes(listing_models)
    db.ensure_indexes(dispute_models)
    seed(listing_db.listings, count, listing)
    seed(dispute_db.cases, count, case)
    seed(listing_db.live_sessions, count, session)
    seed(listing_db.live_segments, count, segment)
    first = {}

    def queue():
        first["listings"] = listings.awaiting_review(None, PAGE)

    costs = {"review queue (listings)": measure(client, queue)}
    costs["review queue (listings), page 2"] = measure(
        client, lambda: listings.awaiting_review(first["listings"][1], PAGE))
    costs["disputes in a state"] = measure(client, lambda: disputes.cases_of(None, None, "awaiting_merchant", None,
                                                                             PAGE))
    costs["live sessions on air"] = measure(client, lambda: live.sessions_by_status("live", None, None, PAGE))
    costs["live sessions ended, last day"] = measure(
        client, lambda: live.sessions_by_status("ended", NOW - timedelta(days=1), None, PAGE))
    costs["a session's replay"] = measure(client, lambda: live.replay("ses-0", 100, SEGMENTS - 1, 51))
    return costs


def test_the_consoles_lists_cost_the_same_at_20k_as_at_1k(service_db, client):  # noqa: F811
    small, large = (console_costs(service_db, client, n) for n in SIZES)
    for name in small:
        print(f"{name} at 1k: {small[name]}\n{name} at 20k: {large[name]}")
    for name in small:
        assert_flat(small[name], large[name])
