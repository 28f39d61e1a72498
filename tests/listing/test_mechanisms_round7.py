"""Round 7 mechanisms and phrasing families (lexicon 2027-01-19.1), each with examples of our own — other ways a seller
says the same thing, written from the rules (RULES.md R-LST-08/11/12/17/19/21/22/23, PB-05/09/10/26), never a corpus
case — and shown to matter: without the change (its data removed, or its mechanism switched off) the example is judged
the other way."""

import re

import pytest

from services.listing import clauses, community, content, disclaimers, exceptions, rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.mechanisms import LEXICON, NEVER, edited, normalise, said


def without_patterns(*categories: str) -> rules.CompiledLexicon:
    return edited(lambda b: b.__setitem__("clause_patterns", [p for p in b["clause_patterns"]
                                                              if p["category"] not in categories]))


def without_terms(category: str, words) -> rules.CompiledLexicon:
    def change(body):
        group = next(g for g in body["groups"] if g["category"] == category)
        group["terms"] = [t for t in group["terms"] if t not in words]
        body["clause_patterns"] = [p for p in body["clause_patterns"] if p["category"] != category]
    return edited(change)


def flagged(texts, lexicon=LEXICON, title="不锈钢保温杯 500ml") -> list[str]:
    return [t for t in texts if said(t, title=title, lexicon=lexicon)]


def post(title: str, description: str) -> dict:
    return {"operator_id": "m1", "kind": "community_post", "category": "community", "title": title,
            "description": description, "promotional": False}


@pytest.mark.rule("R-LST-23", "R-LST-22")
def test_disclaimed_warned_against_or_asked_and_answered_claims_nothing_R_LST_23(monkeypatch):
    cleared = {"本品不具备任何治疗功效, 仅作日常护理。": "面霜 50g", "本店从未请明星代言, 款式自己设计。": "卫衣",
               "教你鉴别高仿包的五个细节。": "鉴定教程 电子书", "谨防开光手串骗局, 理性消费。": "消费提示 海报",
               "常有人问这款是不是明星同款, 其实是原创设计。": "卫衣 原创", "纯棉材质, 亲肤透气。": "包治百病? 不存在的"}
    assert [t for t, title in cleared.items() if said(t, title=title)] == []
    assert "efficacy_claim" in said("具备治疗功效, 专治失眠。", title="面霜 50g")  # used, not denied: still claims
    assert "efficacy_claim" in said("不含任何激素可根治湿疹。", title="面霜 50g")  # the negation is of something else
    assert "efficacy_claim" in said("这款枕头治疗失眠。", title="失眠? 不用愁")  # a reassuring reply answers yes
    monkeypatch.setattr(exceptions, "denied", lambda *a: False)
    assert len([t for t, title in cleared.items() if said(t, title=title)]) == len(cleared)


@pytest.mark.rule("PB-09", "R-LST-19")
def test_a_conduct_said_to_be_absent_is_no_conduct_PB_09(monkeypatch):
    absent = ["旅途中无隐形自费强制消费。", "套餐已含全部配件, 无需另购。"]
    assert flagged(absent) == []
    assert flagged(["行程中强制消费两次。", "套餐须另购配件。"]) == ["行程中强制消费两次。", "套餐须另购配件。"]
    monkeypatch.setattr(disclaimers, "ABSENT", ())
    monkeypatch.setattr(clauses, "NEGATING_PREFIX", ("\x00",))
    assert flagged(absent) == absent


@pytest.mark.rule("R-LST-19")
def test_a_quoted_construction_under_discussion_is_no_term_R_LST_19(monkeypatch):
    discussed = "课程解析“最终解释权归商家所有”这类条款的效力。"
    assert said(discussed, title="法律课程 视频") == set()
    assert said("本活动最终解释权归本店所有。", title="会员卡")
    monkeypatch.setattr(clauses, "quoted_mention", lambda *a: False)
    assert said(discussed, title="法律课程 视频")


@pytest.mark.rule("PB-05", "R-LST-23")
def test_a_material_asked_and_answered_and_a_grade_code_before_a_material_PB_05(monkeypatch):
    answered = ("柜体材料为颗粒板, 环保E0级。", "实木? 其实是板材")
    assert "fake_as_real" not in said(answered[0], title=answered[1])
    coded = ("材质: K9玻璃, 配木底座。", "天然紫水晶 摆件")
    assert "fake_as_real" in said(*coded)
    labelled = ("成分标签: 涤纶 60% 羊毛 40%", "纯羊毛 毛衣")
    assert "fake_as_real" in said(*labelled)
    monkeypatch.setattr(content, "answered_no", lambda *a: False)
    assert "fake_as_real" in said(answered[0], title=answered[1])
    monkeypatch.setattr(content, "LABEL_TAIL", r"(说明|信息|构成|组成|成分)?\s*[:：为是]\s*$")
    assert "fake_as_real" not in said(*coded) and "fake_as_real" not in said(*labelled)


@pytest.mark.rule("PB-05", "R-LST-23")
def test_a_cultured_pearl_said_not_to_be_cultured_PB_05():
    listing = ("海水珍珠, 并非养殖。", "珍珠 项链")
    attrs = {"attributes": {"material": "淡水养殖珍珠"}}
    assert "fake_as_real" in said(*listing, **attrs)
    assert "fake_as_real" not in said("淡水珍珠, 光泽好。", title="珍珠 项链", **attrs)  # disclosed, not denied
    plain = edited(lambda b: b.__setitem__("materials", [m for m in b["materials"] if m["family"] != "pearl_origin"]))
    assert "fake_as_real" not in said(*listing, lexicon=plain, **attrs)


@pytest.mark.rule("R-LST-22", "PB-06")
def test_a_comparison_a_setting_a_printed_slogan_and_a_registered_cosmetic_claim_nothing_R_LST_22(monkeypatch):
    assert said("合成立方氧化锆, 火彩与天然钻石相近。", title="锆石 耳钉") == set()
    assert said("最大开口可调, 夹持稳。", title="手机支架") == set()
    assert said("“招财进宝”红色文字贴纸, 春节装饰。", title="春节 贴纸") == set()
    assert said("国妆特字G20210001, 祛斑美白。", title="精华液 30ml") == set()
    assert "efficacy_claim" in said("国妆特字G20210001, 根治黄褐斑。", title="精华液 30ml")
    assert said("合成立方氧化锆, 火彩与天然钻石相近。", title="锆石 耳钉",
                lexicon=edited(lambda b: b["contexts"].__setitem__("comparison", [])))
    assert said("国妆特字G20210001, 祛斑美白。", title="精华液 30ml",
                lexicon=edited(lambda b: b.__setitem__("special_cosmetic_functions", [])))
    monkeypatch.setattr(exceptions, "ADJUSTABLE", NEVER)
    monkeypatch.setattr(exceptions, "PRINTED", NEVER)
    assert said("最大开口可调, 夹持稳。", title="手机支架")
    assert said("“招财进宝”红色文字贴纸, 春节装饰。", title="春节 贴纸")


@pytest.mark.rule("R-LST-22", "R-LST-12")
def test_ordinal_digits_and_emoji_handles_are_read_as_words_R_LST_22(monkeypatch):
    assert "absolute_claim" in said("本地第1名的老字号。")
    assert said("第1步: 拆开包装。") == set()
    assert said("大件请走🐧转账。")
    monkeypatch.setattr(normalise, "ORDINAL_DIGIT", NEVER)
    monkeypatch.setattr(normalise, "EMOJI_WORDS", {k: v for k, v in normalise.EMOJI_WORDS.items() if k != "🐧"})
    normalise._fold.cache_clear()
    try:
        assert "absolute_claim" not in said("本地第1名的老字号。")
        assert said("大件请走🐧转账。") == set()
    finally:
        normalise._fold.cache_clear()


@pytest.mark.rule("R-LST-23", "R-LST-11")
def test_words_decided_by_neighbours_camera_lenses_and_retro_reissues_R_LST_23():
    assert said("大光圈镜头开光拍夜景。", title="相机 镜头 50mm") == set()
    assert said("按七十年代老式样复刻的铁皮青蛙。", title="复刻版 铁皮玩具") == set()
    assert "superstition_claim" in said("开光手串, 保平安。", title="手串")
    plain = edited(lambda b: (b["contexts"].pop("optics"), b["contexts"].pop("retro")))
    assert said("大光圈镜头开光拍夜景。", title="相机 镜头 50mm", lexicon=plain)
    assert said("按七十年代老式样复刻的铁皮青蛙。", title="复刻版 铁皮玩具", lexicon=plain)


@pytest.mark.rule("R-LST-21", "PB-25")
def test_one_used_item_a_pickup_for_past_orders_and_a_delivered_group_buy_R_LST_21(monkeypatch):
    def labelled(p):
        return {f.kind for f in rules.review(p, LEXICON, {})} == {"ad_label"}
    neighbourly = [post("闲置转让", "出一台自用洗衣机, 九成新, 200元自提。"),
                   post("苹果到了", "团购的苹果已到, 已下单的邻居请到门口取货。")]
    group_buy = post("小区拼团 赣南橙", "5斤一箱 39, 免费送到家, 要的留言。")
    assert [p for p in neighbourly if labelled(p)] == [] and labelled(group_buy)
    monkeypatch.setattr(community, "TRADE", re.compile(community.TRADE.pattern + r"|[0-9一二三四五六七八九十]+台"))
    monkeypatch.setattr(community, "PAST_ORDERS", NEVER)
    assert [p for p in neighbourly if labelled(p)] == neighbourly
    monkeypatch.setattr(community, "DELIVERY", NEVER)
    monkeypatch.setattr(community, "TRADE", re.compile(community.TRADE.pattern.replace("拼团|", "")))
    assert not labelled(group_buy)


@pytest.mark.rule("R-LST-22", "PB-03")
def test_nothing_better_crowned_in_its_field_and_no_harm_at_all_R_LST_22():
    absolute = ["找不到比这更划算的了。", "保温杯界的王者。", "百分百无刺激。", "零风险使用。"]
    assert flagged(absolute) == absolute
    assert flagged(["比上一代更轻。", "风险提示: 请勿空烧。"]) == []
    assert flagged(absolute, lexicon=without_terms("absolute", ("零风险",))) == []


@pytest.mark.rule("R-LST-17", "R-LST-19")
def test_a_price_never_charged_conditions_elsewhere_unilateral_terms_and_hidden_defects_R_LST_17():
    misleading = ["划线价从来没有按这个价卖过。", "优惠名额以直播间通知为准。", "商家有权随时修改活动内容, 恕不另行通知。",
                  "边角有磕碰的瑕疵就不写了。", "标价999, 其实从来没卖过这个价。"]
    assert flagged(misleading) == misleading
    assert flagged(["发货时间以物流为准。", "价格以页面为准。", "瑕疵见第三张图。"]) == []
    assert flagged(misleading, lexicon=without_patterns("price-or-terms-misleading")) == []


@pytest.mark.rule("R-LST-11", "PB-05")
def test_refilled_genuine_packaging_and_copies_called_a_version_R_LST_11():
    fakes = ["用正品回收瓶灌装的红酒。", "城堡积木仿版, 颗粒通用。"]
    assert flagged(fakes) == fakes
    assert flagged(["包装盒可回收, 请分类投放。"]) == []
    reduced = edited(lambda b: (
        b.__setitem__("clause_patterns", [p for p in b["clause_patterns"] if p["category"] != "sold-as-new-or-genuine"]),
        next(g for g in b["groups"] if g["category"] == "counterfeit-indication").__setitem__(
            "terms", [t for t in next(g for g in DEFAULT["groups"] if g["category"] == "counterfeit-indication")["terms"]
                      if "仿版" not in t])))
    assert flagged(fakes, lexicon=reduced) == []


@pytest.mark.rule("PB-10")
def test_paid_tasks_own_orders_pretend_users_paid_replies_merged_reviews_staged_comments_PB_10():
    faked = ["点赞收藏宝贝, 每单返5元佣金。", "前期销量是店里自己刷的单。", "写笔记假装亲测分享。",
             "在评论区跟评夸一句, 每条返2元。", "好评是从老款合并过来的评价。", "直播时让大家刷屏已下单。",
             "好评截图发客服, 每张返3元。", "同事帮忙补的单, 销量真实。"]
    assert flagged(faked) == faked
    assert flagged(["收藏店铺可领优惠券。", "评论区有使用视频。"]) == []
    assert len(flagged(faked, lexicon=without_patterns("fake-data"))) <= 1


@pytest.mark.rule("PB-09", "R-LST-19")
def test_punished_for_not_buying_minimums_ties_own_services_loans_and_bound_viewers_PB_09():
    forced = ["不充值的直接拉黑。", "每位至少下单两件。", "需要同时开通会员并购买礼包。", "非会员一律不售。",
              "外面买的配件一律不给用。", "只能通过合作平台办分期。", "看上了就得付款。", "不买会员不能进群。"]
    assert flagged(forced) == forced
    assert flagged(["不满意可以退。", "会员和非会员同价。", "支持分期, 也可全款。"]) == []
    assert len(flagged(forced, lexicon=without_patterns("forced-purchase"))) <= 1


@pytest.mark.rule("R-LST-12", "PB-26")
def test_paid_to_a_person_ordered_elsewhere_or_a_token_order_R_LST_12():
    lures = ["发红包给群主即可。", "扫我发的收款码付款。", "线下微信收款。", "可以接私单。", "群里找我下单便宜。",
             "先拍个占位, 差价另付。"]
    assert flagged(lures) == lures
    assert flagged(["平台下单, 支持花呗。", "拍下后48小时发货。"]) == []
    assert len(flagged(lures, lexicon=without_patterns("off-platform"))) <= 1


@pytest.mark.rule("R-LST-08", "PB-13")
def test_registered_cards_exam_cheating_and_stakes_topped_up_R_LST_08():
    prohibited = ["已实名的流量卡批发。", "监考查不出来的接收器。", "上下分快, 客服在线。", "成品号出售。"]
    assert flagged(prohibited) == prohibited
    assert flagged(["上下分开两层包装。", "蒸笼上下分两层。", "请插入本人已实名的手机卡。"]) == []
    reduced = edited(lambda b: (
        b.__setitem__("clause_patterns", [p for p in b["clause_patterns"] if p["source"] not in (
            "PHONECARD", "EXAM", "GAMBLE")]),
        next(g for g in b["groups"] if g["category"] == "prohibited-identity-data").__setitem__(
            "terms", [t for t in next(g for g in DEFAULT["groups"] if g["category"] == "prohibited-identity-data")[
                "terms"] if "成品" not in t])))
    assert flagged(prohibited, lexicon=reduced) == []


@pytest.mark.rule("R-LST-23", "PB-03")
def test_endorsed_by_research_centres_and_champions_R_LST_23():
    endorsed = ["省级研究中心推荐的护腰。", "球星训练专用的护膝。"]
    assert flagged(endorsed) == endorsed
    assert said("球星训练专用的护膝。", proofs=["授权书 B-2"]) == set()

    def change(body):
        body["compounds"] = [c for c in body["compounds"] if "冠军" not in c["all_of"][0] or "专家" in c["all_of"][0]]
        for c in body["compounds"]:
            c["all_of"][0] = [w for w in c["all_of"][0] if w != "研究中心"]
    assert flagged(endorsed, lexicon=edited(change)) == []


def test_clause_patterns_run_only_where_one_of_their_literal_anchors_is():
    """Throughput: a clause pattern runs over a field only if the field holds one of the literals every match of the
    pattern contains; the findings are the same as running every pattern (matching/anchors.py)."""
    from services.listing.matching import anchors
    assert anchors("(必须|须){C}购买".replace("{C}", clauses.CLAUSE_CHAR)) == ("购买",)  # round 9: the longest literals
    assert anchors("(?<![a-z])(走|去)私单") == ("私单",) and anchors("[^，]{0,4}买") == ("买",) and anchors("[^，]{1,4}") is None
    assert anchors("(必须|须)(交|付)") == ("必须", "须")
    patterns = LEXICON.clause_patterns
    assert isinstance(patterns, clauses.Patterns) and len(patterns.runnable("纯棉衬衫, 机洗30度。")) < len(patterns) / 4
    texts = ["群里找我下单便宜。", "不充值的直接拉黑。", "纯棉衬衫, 机洗30度。", "好评返现5元, 晒图再送。"]
    for text in texts:
        assert clauses.field_findings("description", text, patterns, LEXICON.variants) == clauses.field_findings(
            "description", text, tuple(patterns), LEXICON.variants)
