"""Round 17 lexicon classes (services/listing/lexicon.json 2027-02-26.6 to .9; classes of error from heldout17, now a
development split, fixed as clause patterns with their sources, never as the split's strings). Every text here is
our own, written from E-commerce Law art. 17 (ECL17: no fabricated sales, reviews or traffic) and PB-10. Each test
fails on the lexicon before round 17 (main's 2027-02-26.5)."""

import pytest

from services.listing import rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import product

VERSION = "2027-02-26.9"


def test_the_round17_lexicon_carries_its_version_and_sources():
    assert DEFAULT["version"] >= VERSION
    round17 = [p for p in DEFAULT["clause_patterns"] if p["message"].startswith("round 17 class: ")]
    assert len(round17) >= 4 and all(p["source"] in DEFAULT["sources"] for p in round17)


def fake_data(description: str, title: str = "新媒体 服务") -> set[str]:
    listing = product(title=title, description=description)
    return {f.category for f in rules.review(listing, LEXICON, {}) if f.category == "fake-data"}


PACKAGES = ["300个赞加100收藏，一单搞定。", "播放量5万、点赞2000，当天到。", "粉丝2千+，评论50条起。"]
ORGANIC = ["我们店开了三年，粉丝都是老顾客。", "视频教你拍出好看的照片，不卖数据。"]


@pytest.mark.rule("R-LST-23", "PB-10")
def test_engagement_figures_sold_together_are_bought_data_R_LST_23():
    assert [t for t in PACKAGES if fake_data(t) != {"fake-data"}] == []
    assert [t for t in ORGANIC if fake_data(t)] == []


REPUTATION = ["代刷信用，三天见效。", "帮店铺刷皇冠。", "下单人数刷到5000，看着就热闹。"]
SCROLLED = ["刷到这条视频的宝子有福了。", "刷卡付款也可以。"]


@pytest.mark.rule("R-LST-23", "PB-10")
def test_shua_aimed_at_a_reputation_or_a_figure_fakes_it_R_LST_23():
    assert [t for t in REPUTATION if fake_data(t) != {"fake-data"}] == []
    assert [t for t in SCROLLED if fake_data(t)] == []


@pytest.mark.rule("R-LST-23", "PB-10")
def test_mutual_engagement_groups_and_metric_lists_offered_as_a_service_R_LST_23():
    assert fake_data("拉你进互粉群，每天签到。") == {"fake-data"}
    assert fake_data("宝妈们相互点赞，号越养越好。") == {"fake-data"}
    assert fake_data("点赞、收藏、转发都可以做，私聊报价。") == {"fake-data"}
    assert fake_data("家长之间互相关心孩子的学习。") == set()


@pytest.mark.rule("R-LST-23", "PB-10")
def test_a_review_reward_refused_right_before_it_is_no_reward_R_LST_23():
    # the refusal stands next to the reward, not at its clause's start (round 14 read only the latter)
    assert fake_data("评价好坏一律没有返现。", title="棉袜 5双") == set()
    assert fake_data("写不写评价都不会有红包。", title="棉袜 5双") == set()
    assert fake_data("追评的话我们绝不返现。", title="棉袜 5双") == set()
    assert fake_data("晒图就返现5元。", title="棉袜 5双") == {"fake-data"}


def absolute(description: str, title: str = "家用 日用品") -> set[str]:
    listing = product(title=title, description=description)
    return {f.text for f in rules.review(listing, LEXICON, {}) if f.category == "absolute"}


@pytest.mark.rule("R-LST-22", "R-LST-20", "PB-03")
def test_best_before_a_time_limit_is_a_usage_tip_SAMR23_R_LST_22():
    # SAMR 2023 guideline: a usage tip is no absolute claim; 最好 + a time limit tells the buyer when to use the goods
    assert absolute("收到后最好当天吃完。") == set()
    assert absolute("开封后最好一周内用完。") == set()
    assert "最好" in absolute("这是最好的面膜。")


@pytest.mark.rule("R-LST-22", "R-LST-20", "PB-03")
def test_a_grade_the_seller_disclaims_for_its_own_goods_is_no_absolute_claim_R_LST_22():
    assert absolute("实话说算不上顶级，日常用足够。") == set()
    assert absolute("就是普通款，并不是什么顶级面料。") == set()
    assert absolute("顶级面料，手感一流。") == {"顶级"}


@pytest.mark.rule("R-LST-23", "PB-10")
def test_followers_grown_by_content_are_organic_not_bought_R_LST_23():
    assert fake_data("教你怎么涨粉：选题、封面、标题。", title="短视频 入门 课") == set()
    assert fake_data("坚持做内容，慢慢自然涨粉。", title="短视频 入门 课") == set()
    assert fake_data("帮你涨粉，一天500个。", title="短视频 服务") == {"fake-data"}


def endorsed(description: str) -> bool:
    listing = product(title="课程 资料", description=description)
    return any(f.category == "celebrity-endorsement" for f in rules.review(listing, LEXICON, {}))


@pytest.mark.rule("R-LST-23", "PB-03")
def test_a_famous_institution_or_state_medium_named_as_author_or_partner_is_an_endorsement_AD16_R_LST_23():
    assert endorsed("复旦中文系教授主编的阅读讲义。")
    assert endorsed("中科院合作单位联合研发的配方。") or endorsed("中科院专家团队联合研发。")
    assert endorsed("我们的辣酱上过CCTV美食节目。")
    assert not endorsed("讲义自己整理的，老师本科读的复旦。")
