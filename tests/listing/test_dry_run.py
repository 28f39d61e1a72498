"""Shadow mode for a lexicon version: a candidate tried over the listings stored in a period reports which would be
withdrawn or published and which rules would fire or stop firing; it changes nothing (no record, event or audit
entry); listings outside the period are not examined; and its answer equals what the review does once the candidate
is published."""

import copy
import hashlib
import json
from datetime import UTC, datetime

import pytest

from services.listing import models
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.usecases import Listings, product
from tianping.lib.errors import ValidationFailed


@pytest.fixture
def desk(replica_for):
    return Listings(replica_for("listing"))


def candidate() -> dict:
    """The lexicon in force plus a new term (玉皇级) and without 降血压."""
    body = copy.deepcopy({k: v for k, v in DEFAULT.items() if k != "version"})
    body["terms"] = [t for t in body["terms"] if t["term"] != "降血压"]
    for group in body["groups"]:
        group["terms"] = [t for t in group["terms"] if t != "降血压"]
    body["terms"].append({"term": "玉皇级", "kind": "absolute_claim", "rule_ids": ["R-LST-22"]})
    return body


def snapshot() -> str:
    docs = [d.to_mongo().to_dict() for d in models.Listing.objects.order_by("listing_id")]
    return hashlib.sha256(json.dumps(docs, default=str, sort_keys=True).encode()).hexdigest()


def test_a_dry_run_reports_what_would_change_and_changes_nothing(desk, frozen_clock):
    frozen_clock.set(datetime(2026, 3, 1, 4, 0, tzinfo=UTC))  # 2026-03-01 in Shanghai: outside the period
    outside = desk.submit(product(title="玉皇级 衬衫"))
    frozen_clock.set(datetime(2026, 3, 2, 4, 0, tzinfo=UTC))
    newly_banned = desk.submit(product(title="玉皇级 纯棉衬衫"))
    no_longer_banned = desk.submit(product(title="纯棉衬衫 降血压"))
    clean = desk.submit(product())
    assert (newly_banned["status"], no_longer_banned["status"], clean["status"]) == \
        ("published", "rejected", "published")
    before, events, entries = snapshot(), len(desk.published), desk.audit.collection.count_documents({})

    answer = desk.dry_run({"lexicon": candidate(), "since": "2026-03-02", "until": "2026-03-02"})

    assert answer["listings_examined"] == 3 and answer["truncated"] is False
    changes = {c["listing_id"]: c for c in answer["changes"]}
    assert set(changes) == {newly_banned["listing_id"], no_longer_banned["listing_id"]}
    assert changes[newly_banned["listing_id"]]["effect"] == "withdraw"
    assert changes[newly_banned["listing_id"]]["rule_ids_added"] == ["R-LST-22"]
    assert changes[no_longer_banned["listing_id"]]["effect"] == "publish"
    assert (answer["would_withdraw"], answer["would_publish"]) == (1, 1)
    assert (snapshot(), len(desk.published), desk.audit.collection.count_documents({})) == (before, events, entries)

    desk.publish_lexicon(candidate(), "reviewer-1")  # the real change: the same review, now in force
    for listing in (newly_banned, no_longer_banned, clean):
        stored = models.Listing.objects(listing_id=listing["listing_id"]).first()
        body = {k: v for k, v in product(title=stored.title).items() if k != "operator_id"}
        expected = changes.get(listing["listing_id"], {}).get("automatic_with_candidate", listing["status"])
        assert desk.check(body)["status"] == expected
    assert outside["listing_id"] not in changes


def test_a_dry_run_period_and_lexicon_are_validated(desk):
    with pytest.raises(ValidationFailed) as bad:
        desk.dry_run({"lexicon": candidate(), "since": "2026-03-02", "until": "2026-03-01"})
    assert "until" in bad.value.fields
    with pytest.raises(ValidationFailed) as bad:
        desk.dry_run({"lexicon": {"terms": []}, "since": "2026-03-02", "until": "2026-03-02"})
    assert "lexicon" in bad.value.fields


def test_a_listing_off_the_shelf_carries_its_retention_R_XC_02(desk, frozen_clock):
    """A rejected or withdrawn listing is kept 3 calendar years from that day; a live one has no purge date."""
    frozen_clock.set(datetime(2026, 3, 2, 4, 0, tzinfo=UTC))
    live = desk.submit(product())
    rejected = desk.submit(product(title="纯棉衬衫 降血压"))
    assert live["retain_until"] is None and rejected["retention_class"] == "transaction"
    withdrawn = desk.withdraw(live["listing_id"], {"reason": "sold out"}, {"id": "m1"})
    expected = datetime.fromisoformat("2029-03-03T00:00:00+08:00")
    assert datetime.fromisoformat(withdrawn["retain_until"]) == expected
    assert datetime.fromisoformat(rejected["retain_until"]) == expected
