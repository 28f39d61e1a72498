"""Two community-post readings (issue 25, R-LST-21, R-LST-23): a post that carries 广告 where the label check looks
for it is not sent to review by the class model's community_ad kind — the label is what R-LST-21 asks, and the model
reads the promotion (the same post without its label is an ad to it; trained on every judged split, it has learnt
that the label lowers the kind's score, not always below its threshold); and a member asking about a condition ("请问…湿疹用什么…?") names it without
claiming an efficacy. Texts of our own."""

import pytest

from services.listing import class_model, rules
from tests.listing.mechanisms import LEXICON

LABELLED = [("【广告】自家酱牛肉 开团", "酱牛肉一斤68元, 满两斤包邮, 接龙报名。"),
            ("(广告) 自家卤味 开团", "卤鸭脖一斤45元, 满三斤包邮, 接龙报名。"),
            ("手工水饺 开团", "广告: 水饺一斤28元, 满五斤包邮, 群里接龙。")]


def post(title: str, description: str, **extra) -> dict:
    return {"kind": "community_post", "category": "food", "title": title, "description": description, **extra}


@pytest.mark.rule("R-LST-21")
def test_a_labelled_promotional_post_is_not_sent_to_review_by_the_model_R_LST_21():
    model = class_model.loaded()
    for title, description in LABELLED:
        listing = post(title, description, price="68.00")
        unlabelled = post(title.replace("【广告】", "").replace("(广告) ", ""), description.replace("广告: ", ""),
                          price="68.00")
        assert model.score(unlabelled)["community_ad"] >= model.threshold["community_ad"]  # the model reads an ad
        assert class_model.findings(listing, rules.review(listing, LEXICON, {})) == []


@pytest.mark.rule("R-LST-23")
def test_a_member_asking_about_a_condition_claims_no_efficacy_R_LST_23():
    asked = [post("求推荐 老人失眠用的枕头", "请问大家老人失眠用什么枕头比较好? 谢谢"),
             post("求助 宝宝湿疹", "有没有人知道宝宝湿疹期间能用什么洗衣液?")]
    assert [p["title"] for p in asked if rules.review(p, LEXICON, {})] == []
    claimed = post("【广告】助眠枕 团购", "枕上一晚治疗失眠, 团购价99元。", price="99.00")
    assert {f.kind for f in rules.review(claimed, LEXICON, {})} >= {"efficacy_claim"}
