"""Who may publish (the subject-status replica, R-ONB-02), live-room disclosures before publication (R-LST-27,
R-LST-28), reports with their rate limit and outcome (R-DSP-11), and the listing events."""

import pytest

from tests.listing.usecases import Listings, product
from tianping.lib.errors import Conflict, Forbidden, RateLimited, SubjectNotActive, ValidationFailed


@pytest.fixture
def desk(replica_for):
    return Listings(replica_for("listing"))


@pytest.mark.rule("R-ONB-02")
def test_only_active_subjects_publish_and_the_newest_status_wins_R_ONB_02(desk):
    with pytest.raises(SubjectNotActive) as unknown:
        desk.submit(product("stranger"))
    assert unknown.value.fields == {"operator_id": ["unknown"]}
    with pytest.raises(SubjectNotActive):
        desk.submit(product("m1", host_id="unknown-host"))
    assert desk.status("m1", "suspended", 3)
    assert not desk.status("m1", "active", 2)  # an older event arriving late changes nothing
    assert not desk.status("m1", "suspended", 3)  # a redelivered one neither
    with pytest.raises(SubjectNotActive) as suspended:
        desk.submit(product("m1"))
    assert suspended.value.fields == {"operator_id": ["suspended"]}
    desk.status("m1", "active", 4)
    assert desk.submit(product("m1"))["status"] == "published"


@pytest.mark.rule("R-LST-27", "R-LST-28")
def test_a_live_room_shows_its_disclosures_before_its_listings_publish_R_LST_27_R_LST_28(desk):
    refused = desk.submit(product("m1", room_id="room-1"))
    assert refused["status"] == "rejected" and refused["findings"][0]["field"] == "room_id"
    assert set(refused["findings"][0]["rule_ids"]) == {"R-LST-27", "R-LST-28"}
    with pytest.raises(ValidationFailed) as incomplete:
        desk.put_room("room-1", {"licence_info": "营业执照 91440300MA5XXXXX"}, "m1")
    assert {"dispute_channel", "service_hotline"} <= set(incomplete.value.fields)
    room = {"licence_info": "营业执照 91440300MA5XXXXX", "dispute_channel": "平台消费纠纷调解入口",
            "service_hotline": "400-800-1234"}
    desk.put_room("room-1", room, "m1")
    with pytest.raises(Forbidden):
        desk.put_room("room-1", room, "m2")
    assert desk.submit(product("m1", room_id="room-1"))["status"] == "published"
    assert desk.room("room-1")["service_hotline"] == "400-800-1234"


@pytest.mark.rule("R-LST-12", "R-DSP-11")
def test_a_report_queues_the_listing_and_a_confirmed_one_withdraws_it_and_records_a_violation_R_DSP_11_R_LST_12(desk):
    live = desk.submit(product("m1"))
    report = desk.report(live["listing_id"], {"reason": "the cotton is polyester", "evidence": ["img://1"]}, "c1")
    assert report["status"] == "open" and desk.get(live["listing_id"])["status"] == "in_review"
    with pytest.raises(Forbidden):
        desk.report_view(report["report_id"], {"id": "c2"})
    with pytest.raises(ValidationFailed):
        desk.decide_report(report["report_id"], {"decision": "confirm", "reason": "true"}, "rev-1")  # names rules
    decided = desk.decide_report(report["report_id"], {"decision": "confirm", "rule_ids": ["PB-03"],
                                                       "reason": "lab test: polyester"}, "rev-1")
    assert decided["status"] == "confirmed" and desk.report_view(report["report_id"], {"id": "c1"})["status"] == \
        "confirmed"
    assert desk.get(live["listing_id"])["status"] == "withdrawn"
    violation = desk.events("violation_detected")[0]
    assert violation["subject_id"] == "m1" and violation["rule_id"] == "PB-03"
    assert [e["status"] for e in desk.events("listing_withdrawn")] == ["withdrawn"]
    with pytest.raises(Conflict):
        desk.decide_report(report["report_id"], {"decision": "dismiss", "reason": "again"}, "rev-2")


def test_a_dismissed_report_puts_the_listing_back_and_reporters_are_rate_limited(desk):
    live = desk.submit(product("m1"))
    report = desk.report(live["listing_id"], {"reason": "looks fake"}, "c1")
    desk.decide_report(report["report_id"], {"decision": "dismiss", "reason": "genuine"}, "rev-1")
    assert desk.get(live["listing_id"])["status"] == "published"
    for _ in range(desk.ctx.policy["reports_per_reporter_per_day"] - 1):
        desk.report(live["listing_id"], {"reason": "again"}, "c1")
    with pytest.raises(RateLimited):
        desk.report(live["listing_id"], {"reason": "one too many"}, "c1")
    assert desk.report(live["listing_id"], {"reason": "another reporter"}, "c2")["status"] == "open"


def test_40_concurrent_reports_by_one_reporter_store_exactly_the_daily_limit_R_DSP_11(desk):
    from services.listing import models
    from tests.conftest import concurrently

    live = desk.submit(product("m1"))
    limit = desk.ctx.policy["reports_per_reporter_per_day"]
    results = concurrently([lambda: desk.report(live["listing_id"], {"reason": "fake"}, "c9") for _ in range(40)])
    assert sum(isinstance(r, dict) for r in results) == limit
    assert all(isinstance(r, RateLimited) for r in results if not isinstance(r, dict))
    assert models.Report.objects(reporter_id="c9").count() == limit


def test_every_decision_is_announced_and_audited_in_a_chain_that_verifies(desk):
    desk.submit(product("m1"))
    desk.submit(product("m1", description="史上最低价"))
    entries = list(desk.audit.collection.find().sort("_id", 1))
    assert [e["action"] for e in entries] == ["listing_published", "listing_rejected"]
    assert entries[1]["versions"]["lexicon"] and "PB-03" in entries[1]["rule_ids"] and desk.audit.verify().ok
    assert len(desk.events("listing_published")) == 1
    rejected = desk.events("listing_rejected")[0]
    assert "PB-03" in rejected["rule_ids"] and rejected["lexicon_version"]


def test_the_status_replica_catches_up_from_onboardings_pages(desk):
    pages = {None: {"items": [{"subject_id": "late-1", "subject_type": "merchant", "status": "active", "version": 1},
                              {"subject_id": "m1", "subject_type": "merchant", "status": "active", "version": 1}],
                    "next_cursor": "c2"},
             "c2": {"items": [{"subject_id": "late-2", "subject_type": "host", "status": "suspended", "version": 3}],
                    "next_cursor": None}}
    from services.listing.usecases import reactions

    assert reactions.catch_up_statuses(desk.ctx, pages.__getitem__) == 2  # m1 was known at that version already
    assert reactions.catch_up_statuses(desk.ctx, pages.__getitem__) is None  # not due again within the hour
    assert desk.submit(product("late-1"))["status"] == "published"
    with pytest.raises(SubjectNotActive):
        desk.submit(product("late-2"))
