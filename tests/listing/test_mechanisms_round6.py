"""Round 6 mechanisms and phrasing families (lexicon 2027-01-12.1), each with examples of our own — other ways a seller
says the same thing, never a corpus case — and shown to matter: without the change (its data removed, or its
mechanism switched off) the example is judged the other way."""

import importlib

import pytest

from services.listing import compounds, exceptions, rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.mechanisms import LEXICON, NEVER, edited, normalise, said

matcher = importlib.import_module("services.listing.matching.matcher")



def without(key: str, value) -> rules.CompiledLexicon:
    return edited(lambda body: body.__setitem__(key, value))


def without_patterns(*categories: str) -> rules.CompiledLexicon:
    return without("clause_patterns", [p for p in DEFAULT["clause_patterns"] if p["category"] not in categories])


def flagged(texts, lexicon=LEXICON, title="不锈钢保温杯 500ml") -> list[str]:
    return [t for t in texts if said(t, title=title, lexicon=lexicon)]


@pytest.mark.rule("R-LST-22")
def test_claim_words_named_refused_or_reported_claim_nothing_R_LST_22(monkeypatch):
    named = ["文案规范: 不出现“顶级”“第一”之类的字眼。", "课件列举了“开光”“招财”等宣传的处罚案例。",
             "我们从不写什么销量第一、全网最低这类宣传语。", "挂件上刻的“招财进宝”只是吉祥用语。"]
    refused = ["我们从不找明星代言, 省下的钱让利给顾客。", "本店拒绝各种明星推荐的噱头。",
               "没有请专家推荐, 口碑靠老顾客。"]
    reported = ["如遇导游强制消费, 请拨打平台热线。", "若发现客服诱导您刷单, 可向平台反映。",
                "如遇到店员强制搭售, 可拒绝付款并投诉。"]
    assert flagged(named + refused + reported) == []
    assert said("顶级工艺, 销量第一。") and said("明星代言, 招财进宝。")  # used, not named: still claims
    monkeypatch.setattr(exceptions, "voided", lambda *a: False)
    monkeypatch.setattr(compounds, "voided", lambda *a: False)
    assert flagged(named + refused + reported) == named + refused + reported


@pytest.mark.rule("R-LST-23")
def test_a_registered_medical_device_states_its_use_not_a_cure_R_LST_23(monkeypatch):
    device = ["医疗器械备案号: 械备20240013号。冷敷凝胶用于退热、消肿止痛。",
              "械注准20232140567, 用于消炎止痛。", "医疗器械注册证见详情, 适用于退热。"]
    assert flagged(device, title="冷敷贴 6贴") == []
    assert "efficacy_claim" in said("械备20240013号, 根治关节炎。", title="冷敷贴 6贴")
    monkeypatch.setattr(exceptions, "MEDICAL_DEVICE", NEVER)
    assert len(flagged(device, title="冷敷贴 6贴")) == 3


@pytest.mark.rule("R-LST-22", "PB-05", "R-LST-23")
def test_claims_spelled_in_pinyin_R_LST_22_PB_05():
    spelled = {"口感ding级的红茶。": "absolute_claim", "gao仿名表, 走时精准。": "counterfeit",
               "已经kai光的貔貅。": "superstition_claim", "专治胃yan。": "efficacy_claim",
               "这是全网zui低价。": "absolute_claim", "大师加chi过的手串。": "superstition_claim"}
    for text, kind in spelled.items():
        assert kind in said(text), text
    plain = without("pinyin_spellings", {})
    assert [t for t in spelled if said(t, lexicon=plain)] == []
    assert said("本店招聘ding班员工。") == set() and said("zuihao的朋友送的。") == set()  # a bare syllable claims nothing


@pytest.mark.rule("R-LST-08", "PB-13", "PB-10")
def test_emoji_that_stand_for_words_PB_13_PB_10(monkeypatch):
    examples = {"🐘🦷 手镯, 老料收藏。": "prohibited_goods", "🦏角 酒杯 一只。": "prohibited_goods",
                "好评晒图得🧧。": "unproven_claim"}
    for text, kind in examples.items():
        assert kind in said(text), text
    monkeypatch.setattr(normalise, "EMOJI_WORDS", {})
    normalise._fold.cache_clear()
    try:
        lexicon = rules.CompiledLexicon({**DEFAULT, "version": "test-no-emoji"})
        assert [t for t, k in examples.items() if k in said(t, lexicon=lexicon)] == []
    finally:
        normalise._fold.cache_clear()


@pytest.mark.rule("R-LST-12", "PB-26")
def test_numbers_spelled_in_words_R_LST_12(monkeypatch):
    lures = ["批量采购请致电 一三五 七七八八 九九零零。", "团购联系 幺八六 一二三四 五六七八。",
             "qq群 七七八 八九九 零零一, 群内价更便宜。"]
    assert flagged(lures) == lures
    assert said("数字积木: 一二三四五六七八九十。") == set()
    monkeypatch.setattr(normalise, "DIGIT_RUN", NEVER)
    assert flagged(lures[:2]) == []


@pytest.mark.rule("R-LST-12", "PB-26")
def test_off_platform_pointers_prices_and_fees_R_LST_12():
    lures = ["联系方式在我主页简介里。", "头像里有我的v号, 备注来意。", "想要的话私下报价更低。",
             "加我telegram详聊。", "进群价格更低, 每周上新。", "去小黄鱼搜我同名店铺。",
             "平台扣点太高了, 拍之前先问。", "省去平台抽成, 直接跟我谈。", "走微信转账立减30。"]
    assert flagged(lures) == lures
    innocent = ["加入店铺粉丝群, 群里每周有福利。", "请勿私下报价, 一切以平台为准。", "粉丝群内价格与店铺相同。",
                "下单后联系客服 13812345678 可改地址。"]
    assert flagged(innocent) == []
    assert flagged(lures, lexicon=without_patterns("off-platform")) != lures


@pytest.mark.rule("PB-10")
def test_bought_counters_staged_buyers_deleted_reviews_and_recruited_reviewers_PB_10():
    faked = ["观看人数可以刷到上万。", "粉丝量帮你一周刷上去。", "晒图评价领3元红包。",
             "招人假扮买家在直播间提问。", "专业代删差评, 不成功不收费。", "差评秒删, 店铺权重不掉。",
             "评分两天拉回4.8分。", "招募刷单员, 日结。", "垫付拍单, 一单一结。"]
    assert flagged(faked) == faked
    assert flagged(["刷新率144Hz, 屏幕流畅。", "牙刷刷毛柔软。", "收货后如实评价即可。"]) == []
    assert len(flagged(faked, lexicon=without_patterns("fake-data"))) <= 4  # the rest are round-6 terms


@pytest.mark.rule("PB-09", "R-LST-18")
def test_tie_ins_spending_minimums_and_charges_set_on_site_PB_09_R_LST_18():
    forced = ["报名须另购教辅资料。", "不接受单独预订房间, 需连同餐券。", "每位游客购物至少满2000元。",
              "不购物不准下车。", "窗帘安装费上门后另行收费。", "材料费到场核价。", "尾款到店补差价。"]
    assert flagged(forced) == forced
    innocent = ["赠品不单独销售, 送完即止。", "本礼盒为套装商品, 不单独出售。", "配件也可单独购买。",
                "保险默认不勾选, 需要可自行添加。", "全程无购物, 不强制消费。"]
    assert flagged(innocent) == []
    assert flagged(forced, lexicon=without_patterns("forced-purchase", "hidden-charge")) != forced


@pytest.mark.rule("R-LST-23", "PB-03")
def test_readings_rituals_and_amulets_promising_fate_R_LST_23():
    fate = ["塔罗指引帮你挽回感情。", "起名之后财运自然好转。", "在线测算流年运势, 化解不顺。", "法事超度祖先。",
            "婴灵作祟, 需要化解。", "护身符保你一路平安。", "看八字合婚, 一次50元。"]
    assert flagged(fate) == fate
    assert flagged(["塔罗牌 78张 英文版, 附说明书。", "宝宝起名字典, 收录常用汉字。"]) == []
    bare = edited(lambda b: (b.__setitem__("clause_patterns", [p for p in b["clause_patterns"]
                                                                if p["category"] != "superstition"]),
                             next(g for g in b["groups"] if g["category"] == "superstition").__setitem__(
                                 "terms", [t for t in next(g for g in DEFAULT["groups"]
                                                           if g["category"] == "superstition")["terms"]
                                           if t not in ("超度", "婴灵", "化解婴灵", "合婚", "八字合婚", "看八字")])))
    assert len(flagged(fate, lexicon=bare)) <= 1


@pytest.mark.rule("R-LST-23", "R-LST-11")
def test_words_decided_by_neighbours_freight_and_licensed_reissues_R_LST_11():
    assert said("美国转运仓代收包裹, 合箱后按重量计费。", title="海淘 转运服务") == set()
    assert "superstition_claim" in said("本命年戴它转运。", title="红绳 手链")
    assert said("官方授权复刻版掌机, 授权书见附件。", title="游戏掌机") == set()
    assert "counterfeit" in said("复刻版大牌包, 做工细。", title="女包 复刻版")
    plain = edited(lambda b: (b["contexts"].pop("logistics"), b["contexts"].pop("licensed")))
    assert said("美国转运仓代收包裹, 合箱后按重量计费。", title="海淘 转运服务", lexicon=plain)
    assert said("官方授权复刻版掌机, 授权书见附件。", title="掌机 复刻版", lexicon=plain)


@pytest.mark.rule("R-LST-23", "PB-03")
def test_endorsements_by_institutions_teams_mothers_and_initials_R_LST_23():
    endorsed = ["航天员同款水杯。", "国家队指定用球。", "宝妈信赖的辅食。", "世界卫生组织推荐的配方。",
                "赵l同款墨镜。", "我们是驻华使馆指定供应商。"]
    assert flagged(endorsed) == endorsed
    assert said("航天员同款水杯。", proofs=["授权书 A-1"]) == set()  # a proof attached clears it
    reduced = edited(lambda b: (
        next(g for g in b["groups"] if g["category"] == "celebrity-endorsement").__setitem__(
            "terms", [t for t in next(g for g in DEFAULT["groups"] if g["category"] == "celebrity-endorsement")["terms"]
                      if t not in ("航天员同款", "国家队指定", "指定供应商")]),
        next(g for g in b["groups"] if g["category"] == "expert-endorsement").__setitem__(
            "terms", [t for t in next(g for g in DEFAULT["groups"] if g["category"] == "expert-endorsement")["terms"]
                      if t not in ("宝妈信赖",)]),
        b.__setitem__("clause_patterns", [p for p in b["clause_patterns"]  # round 23: an elite group's 同款 too
                                          if p["category"] not in ("celebrity-endorsement", "expert-endorsement")]),
        b.__setitem__("compounds", [c for c in b["compounds"] if c["category"] != "expert-endorsement"])))
    assert len(flagged(endorsed, lexicon=reduced)) <= 1


@pytest.mark.rule("R-LST-22")
def test_no_other_seller_compares_R_LST_22():
    absolute = ["市面上根本比不上。", "同行没法比。", "这品质别人家怎么也比不过。", "t0级别的好用。"]
    assert flagged(absolute) == absolute
    assert said("和上一代比不了, 但够用。") == set()
    reduced = edited(lambda b: (
        b.__setitem__("clause_patterns", [p for p in b["clause_patterns"] if p["category"] != "absolute"]),
        b["groups"][0].__setitem__("terms", [t for t in DEFAULT["groups"][0]["terms"] if t not in ("t0", "t0级")])))
    assert flagged(absolute, lexicon=reduced) == []


@pytest.mark.rule("PB-05", "R-LST-23")
def test_an_imitation_stated_after_an_unrelated_negation_or_a_part_PB_05(monkeypatch):
    contradicted = {"和田玉 手镯": "质地细腻无裂, 树脂制成。", "天然水晶 手链": "晶体通透无棉, 玻璃压制。",
                    "纯牛皮 钱包": "包面超纤, 内里涤纶。", "实木 书桌": "桌面贴皮, 柜体密度板。"}
    for title, text in contradicted.items():
        assert "fake_as_real" in said(text, title=title), title
    assert "fake_as_real" not in said("无树脂填充, 原石打磨。", title="和田玉 手镯")  # the negation still reads in its clause
    monkeypatch.setattr(matcher, "CLAUSE_BREAK", NEVER)
    parts = without("material_parts", [])
    assert "fake_as_real" not in said(contradicted["和田玉 手镯"], title="和田玉 手镯")
    assert "fake_as_real" not in said(contradicted["纯牛皮 钱包"], title="纯牛皮 钱包", lexicon=parts)


@pytest.mark.rule("R-LST-22", "R-LST-08")
def test_plain_facts_and_tools_are_no_claims_R_LST_22_R_LST_08():
    innocent = {"每个挂件都有唯一编号。": "NFC 标签", "查杀木马, 保护电脑。": "安全软件 激活码",
                "高仿真盆栽, 免打理。": "仿真绿植", "退换请保留原单据。": "帆布鞋",
                "世界最高峰登山纪念徽章。": "纪念徽章"}
    for text, title in innocent.items():
        assert said(text, title=title) == set(), text
    plain = edited(lambda b: (b.__setitem__("whitelist", [w for w in b["whitelist"] if w not in (
        "查杀木马", "高仿真", "原单据", "最高峰")]), b.__setitem__("sole_fact_nouns", [
            w for w in b["sole_fact_nouns"] if w != "编号"])))
    assert len([t for t, title in innocent.items() if said(t, title=title, lexicon=plain)]) >= 4
