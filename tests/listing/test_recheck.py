"""R-LST-24: publishing a lexicon version re-checks every live listing under it, in bounded batches on the deadline
engine from a cursor document — exactly the listings the new version catches are withdrawn (or sent to review when
the finding needs a human), audited with the version and rules; re-running changes nothing; a crash mid-way
resumes where it stopped."""

import copy

import pytest

from services.listing import models
from services.listing.usecases import rechecks
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.usecases import Listings, product

NEW_TERMS = [{"term": "玉皇级", "kind": "absolute_claim", "rule_ids": ["R-LST-22"]},
             {"term": "星河签", "kind": "superstition_claim", "rule_ids": ["R-LST-23"], "review": True}]


@pytest.fixture
def desk(replica_for):
    return Listings(replica_for("listing"))


def lexicon_with_new_terms() -> dict:
    body = copy.deepcopy({k: v for k, v in DEFAULT.items() if k != "version"})
    body["terms"] = [*body["terms"], *NEW_TERMS]
    return body


def stock(desk, count=250) -> tuple[set, set]:
    """`count` published listings; every 25th says 玉皇级 (rejected by the new version), every 40th 星河签 (a human
    decides). Returns (ids to withdraw, ids to send to review)."""
    withdraw, review = set(), set()
    for i in range(count):
        words = "玉皇级 品质" if i % 25 == 3 else "星河签 同款纹样" if i % 40 == 7 else "日常百搭"
        listing = desk.submit(product("m1", title=f"纯棉衬衫 白色 {i}号款", description=f"100%棉, {words}。"))
        assert listing["status"] == "published", listing["findings"]
        (withdraw if "玉皇级" in words else review if "星河签" in words else set()).add(listing["listing_id"])
    return withdraw, review


def run_to_end(desk, limit=20) -> int:
    sweeps = 0
    while not desk.recheck_progress()["done"]:
        desk.sweep()
        sweeps += 1
        assert sweeps < limit
    return sweeps


def statuses() -> dict:
    return {d["_id"]: d["status"] for d in models.Listing._get_collection().find({}, {"status": 1})}


@pytest.mark.rule("R-LST-24")
def test_a_new_lexicon_version_withdraws_exactly_what_it_catches_in_batches_R_LST_24(desk, frozen_clock):
    withdraw, review = stock(desk)
    version = desk.publish_lexicon(lexicon_with_new_terms(), "reviewer-1")["version"]
    assert desk.recheck_progress() | {"started_at": None} == {
        "version": version, "status": "running", "done": False, "examined": 0, "changed": 0, "withdrawn": 0,
        "sent_to_review": 0, "batches": 0, "started_at": None, "finished_at": None}
    assert run_to_end(desk) == 3  # 250 listings, 100 a batch: keyset pages of 100, 100, 50
    progress = desk.recheck_progress()
    assert (progress["examined"], progress["withdrawn"], progress["sent_to_review"], progress["changed"]) == \
        (250, len(withdraw), len(review), len(withdraw) + len(review))
    now = statuses()
    assert {i for i, s in now.items() if s == "withdrawn"} == withdraw
    assert {i for i, s in now.items() if s == "in_review"} == review
    assert sorted(e["listing_id"] for e in desk.events("listing_withdrawn")) == sorted(withdraw)
    assert all(e["lexicon_version"] == version and "R-LST-24" in e["rule_ids"] and "R-LST-22" in e["rule_ids"]
               for e in desk.events("listing_withdrawn"))
    one = desk.get(sorted(withdraw)[0])
    assert one["trail"][-1]["event"] == "rechecked" and one["trail"][-1]["reasons"][0] == f"lexicon {version}"
    assert one["retention_class"] == "transaction"
    audited = list(desk.audit.collection.find({"action": "listing_in_review"}))
    assert {a["record"] for a in audited} == {f"listing:{i}" for i in review}
    assert all(a["versions"]["lexicon"] == version and "R-LST-24" in a["rule_ids"] for a in audited)


def test_running_the_recheck_again_changes_nothing_R_LST_24(desk, frozen_clock):
    withdraw, _ = stock(desk, 60)
    version = desk.publish_lexicon(lexicon_with_new_terms(), "reviewer-1")["version"]
    run_to_end(desk)
    before, events = statuses(), len(desk.published)
    models.Recheck.objects(version=version).update_one(set__status="running", set__cursor=None)  # a replay
    rechecks.schedule_batch(desk.ctx, version, 99)
    run_to_end(desk)
    assert statuses() == before and len(desk.published) == events
    assert desk.recheck_progress()["withdrawn"] == len(withdraw)


def test_a_crash_mid_batch_resumes_from_the_cursor_and_changes_each_listing_once_R_LST_24(desk, frozen_clock,
                                                                                     monkeypatch):
    withdraw, review = stock(desk)
    desk.publish_lexicon(lexicon_with_new_terms(), "reviewer-1")
    desk.sweep()  # the first batch
    real, seen = rechecks.examine, []

    def dies_after_30(ctx, listing, lexicon):
        seen.append(listing.listing_id)
        if len(seen) > 30:
            raise RuntimeError("process killed")
        return real(ctx, listing, lexicon)

    monkeypatch.setattr(rechecks, "examine", dies_after_30)
    desk.sweep()  # the second batch dies a third of the way in: its cursor did not move
    cursor = models.Recheck.objects.first()
    assert cursor.batches == 1 and cursor.status == "running"
    monkeypatch.setattr(rechecks, "examine", real)
    frozen_clock.advance(seconds=31)  # the engine retries the failed firing
    run_to_end(desk)
    now = statuses()
    assert {i for i, s in now.items() if s == "withdrawn"} == withdraw
    assert {i for i, s in now.items() if s == "in_review"} == review
    assert sorted(e["listing_id"] for e in desk.events("listing_withdrawn")) == sorted(withdraw)  # once each


def test_a_newer_version_supersedes_a_running_recheck(desk, frozen_clock):
    stock(desk, 30)
    first = desk.publish_lexicon(lexicon_with_new_terms(), "reviewer-1")["version"]
    frozen_clock.advance(seconds=1)
    second = desk.publish_lexicon(lexicon_with_new_terms(), "reviewer-1")["version"]
    run_to_end(desk)
    assert models.Recheck.objects(version=first).first().status == "superseded"
    assert desk.recheck_progress()["version"] == second and desk.recheck_progress()["examined"] == 30
