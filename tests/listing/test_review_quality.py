"""Review quality (R-LST-02, issue 25): each reviewer's verdict on an automatic decision is recorded with it as a
label per category, and a period's labels give precision and recall per category — the human sample's misses
weighted by 1/rate. Periods are local calendar days (Asia/Shanghai), tested at the boundary on both sides."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from services.listing import quality_rules
from services.listing.usecases import POLICY
from tests.listing.usecases import Listings, product
from tianping.lib import clock
from tianping.lib.errors import ValidationFailed

SALT = POLICY["human_sample"]["salt"]
NOTICE = {"kind": "community_post", "category": "post", "title": "【平台公告】本周会员免单", "description": "广告: 点击领取"}


@pytest.fixture
def desk(replica_for):
    desk = Listings(replica_for("listing"))
    yield desk
    clock.set_now(None)


def at(text: str) -> None:
    clock.set_now(datetime.fromisoformat(text))


@pytest.mark.rule("R-LST-02")
def test_a_reviewers_decisions_become_labels_and_figures_per_category(desk):
    at("2026-12-01T10:00:00+08:00")
    upheld, overturned, missed = (desk.submit(product(**NOTICE)) for _ in range(3))
    desk.decide(upheld["listing_id"], {"decision": "reject", "rule_ids": ["PB-19"], "reason": "not the platform"}, "r1")
    desk.decide(overturned["listing_id"], {"decision": "approve", "reason": "the platform's own post"}, "r1")
    desk.decide(missed["listing_id"], {"decision": "reject", "rule_ids": ["R-LST-23"], "reason": "health claim",
                                       "categories": ["medical-efficacy"]}, "r2")
    figures = desk.review_quality("2026-12-01", "2026-12-01")
    rows = {row["category"]: row for row in figures["categories"]}
    notice = rows[upheld["findings"][0]["category"] or upheld["findings"][0]["kind"]]
    assert (notice["upheld"], notice["false_alarm"], notice["precision"]) == (1, 2, "0.333")
    assert rows["medical-efficacy"] == {"category": "medical-efficacy", "upheld": 0, "false_alarm": 0,
                                        "missed_in_review": 1, "missed_in_sample": 0, "estimated_missed": "1",
                                        "precision": None, "recall": "0.000"}
    assert figures["labels"] == 3 and figures["since"] == figures["until"] == "2026-12-01"
    stored = desk.get(missed["listing_id"])
    assert stored["status"] == "rejected"  # the label went with the decision, in the same update


@pytest.mark.rule("R-LST-02")
def test_the_samples_misses_weigh_one_over_the_rate_in_recall(desk):
    at("2026-12-02T09:00:00+08:00")
    desk.ctx.policy = {**POLICY, "human_sample": {"rate": "0.5", "salt": SALT}}
    drawn = [item for item in (desk.submit(product(title=f"纯棉衬衫 款{i}")) for i in range(40))
             if item["sample_state"] == "open"][:3]
    assert len(drawn) == 3
    desk.decide_sample(drawn[0]["listing_id"], {"decision": "keep", "reason": "fine"}, "r1")
    for listing in drawn[1:]:
        desk.decide_sample(listing["listing_id"], {"decision": "withdraw", "rule_ids": ["R-LST-23"],
                                                   "reason": "a cure claimed", "categories": ["medical-efficacy"]}, "r1")
    held = desk.submit(product(**NOTICE))
    desk.decide(held["listing_id"], {"decision": "reject", "rule_ids": ["R-LST-23"], "reason": "cure claim",
                                     "categories": ["medical-efficacy"]}, "r1")
    figures = desk.review_quality("2026-12-02", "2026-12-02")
    row = next(r for r in figures["categories"] if r["category"] == "medical-efficacy")
    assert (row["missed_in_sample"], row["missed_in_review"], row["estimated_missed"]) == (2, 1, "5")
    assert figures["sample_kept"] == 1


def test_figures_add_exactly_and_a_period_is_local_days_both_sides_of_midnight(desk):
    rows = quality_rules.figures([
        {"source": "review", "outcomes": {"absolute": "upheld"}, "weight": "1"},
        {"source": "review", "outcomes": {"absolute": "upheld"}, "weight": "1"},
        {"source": "review", "outcomes": {"absolute": "false_alarm"}, "weight": "1"},
        {"source": "sample", "outcomes": {"absolute": "missed"}, "weight": "50"}])["categories"]
    assert rows[0]["precision"] == "0.667" and rows[0]["recall"] == str((Decimal(2) / 52).quantize(Decimal("0.001")))
    at("2026-12-02T23:59:59+08:00")  # the last second of 2 December in Shanghai (15:59:59 UTC)
    late = desk.submit(product(**NOTICE))
    desk.decide(late["listing_id"], {"decision": "approve", "reason": "fine"}, "r1")
    at("2026-12-03T00:00:00+08:00")  # the first second of 3 December (still 2 December in UTC)
    early = desk.submit(product(**NOTICE))
    desk.decide(early["listing_id"], {"decision": "approve", "reason": "fine"}, "r1")
    assert desk.review_quality("2026-12-02", "2026-12-02")["labels"] == 1
    assert desk.review_quality("2026-12-03", "2026-12-03")["labels"] == 1
    assert desk.review_quality("2026-12-01", "2026-12-03")["labels"] == 2
    assert clock.now() == datetime(2026, 12, 2, 16, 0, tzinfo=UTC)


def test_a_period_backwards_or_a_category_not_a_slug_is_refused_with_the_field(desk):
    with pytest.raises(ValidationFailed) as refused:
        desk.review_quality("2026-12-03", "2026-12-01")
    assert "until" in refused.value.fields
    held = desk.submit(product(**NOTICE))
    with pytest.raises(ValidationFailed) as refused:
        desk.decide(held["listing_id"], {"decision": "reject", "rule_ids": ["PB-19"], "reason": "x",
                                         "categories": ["Not A Slug!"]}, "r1")
    assert "categories" in refused.value.fields
    assert desk.get(held["listing_id"])["status"] == "in_review"  # nothing written
