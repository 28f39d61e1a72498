"""PB-19: a merchant's post presented as the platform's notice waits for a reviewer, with the span of the claim."""

import pytest

from tests.listing.usecases import Listings, product


@pytest.fixture
def desk(replica_for):
    return Listings(replica_for("listing"))


@pytest.mark.rule("PB-19")
def test_a_post_in_the_platforms_name_waits_for_a_reviewer_and_a_shop_notice_publishes(desk):
    post = product(kind="community_post", category="post", title="【平台公告】本周会员免单",
                   description="广告: 点击领取")
    held = desk.submit(post)
    [finding] = [f for f in held["findings"] if f["kind"] == "platform_notice"]
    assert held["status"] == "in_review" and finding["rule_ids"] == ["PB-19"]
    assert post["title"][finding["start"]:finding["end"]] == "平台公告" and finding["field"] == "title"
    shop = desk.submit(product(description="店铺公告: 春节期间暂停发货, 节后48小时内发出"))
    assert shop["status"] == "published"
