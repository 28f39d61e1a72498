"""Round 11 mechanisms and phrasing families (lexicon 2027-02-16.1), each with examples of our own — other products
and other ways a seller says the same thing, written from the rules (RULES.md R-LST-08/12/14/17/18/19/21/22/23,
PB-08/10/26) and the sources the lexicon cites, never a corpus case — and shown to matter: without the change (its
clause patterns, terms or check switched off) the example is judged the other way. Round 11 was tuned on the families
devset_external7 (formerly heldout10) showed weakest: faked data the seller admits, reference prices and bait prices,
fees added at the checkout, off-platform payment, unlabelled community sales, and words inside names and denials."""

import pytest

from services.listing import community, compounds, content, exceptions, rules
from tests.listing.mechanisms import LEXICON, NEVER, edited, said


def without_message(prefix: str):
    def change(body):
        body["clause_patterns"] = [p for p in body["clause_patterns"] if not p["message"].startswith(prefix)]
    return edited(change)


def flagged(texts, title: str, lexicon=LEXICON) -> list[str]:
    return [t for t in texts if said(t, title=title, lexicon=lexicon)]


def post(title: str, description: str) -> dict:
    return {"operator_id": "m1", "kind": "community_post", "category": "community", "title": title,
            "description": description, "promotional": False}


def ad_label(listing: dict) -> bool:
    return any(f.kind == "ad_label" for f in rules.review(listing, LEXICON, {}))


@pytest.mark.rule("PB-10", "R-LST-23")
def test_faked_data_the_seller_admits_is_faked_data_PB_10():
    claims = ["店里的五星评价全是找人写的，凑合用。", "已售两万件，其中一半为补单。", "直播间人数是运营调的，别在意。",
              "在线三万，脚本挂的。"]
    assert flagged(claims, "陶瓷马克杯") == claims
    innocent = ["评价都是真实买家写的，欢迎查看。", "在线人数以平台显示为准。", "脚本编写教程，附示例。"]
    assert flagged(innocent, "陶瓷马克杯") == []
    for prefix, some in (("round 11: the seller's own figures", claims[:1]), ("round 11: most of the sales", claims[1:2]),
                         ("round 11: a counter admitted", claims[2:])):
        assert flagged(some, "陶瓷马克杯", without_message(prefix)) == [], prefix


@pytest.mark.rule("PB-08", "R-LST-23")
def test_a_scene_admitted_staged_or_an_insider_behind_the_owners_back_PB_08():
    claims = ["刚才抢单的几位其实都是我们安排好的。", "等下老板会假装发火，砍价的剧本早就定好了。",
              "我是仓库的，偷偷拿出来卖，老板还不知道。"]
    assert flagged(claims, "蓝牙音箱") == claims
    innocent = ["这出话剧的剧本已经写好，六月首演。", "演员都是科班出身。", "老板不在的时候由店长接待。"]
    assert flagged(innocent, "话剧门票") == []
    assert flagged(claims[:2], "蓝牙音箱", without_message("round 11: a scene admitted")) == []
    assert flagged(claims[2:], "蓝牙音箱", without_message("round 11: an insider selling")) == []


@pytest.mark.rule("R-LST-18", "R-LST-19")
def test_fees_added_at_the_checkout_or_left_open_are_hidden_charges_R_LST_18():
    claims = ["标价 19.9，结算时会另收打包费 3 元。", "快递费另计。", "安装费另算，师傅上门再说。"]
    assert flagged(claims, "折叠餐桌") == claims
    innocent = ["价格已含安装费，下单时不另收费用。", "快递费另计，每单 10 元，满 99 包邮。", "运费 8 元，偏远地区 15 元。"]
    assert flagged(innocent, "折叠餐桌") == []
    assert flagged(claims[:1], "折叠餐桌", without_message("round 11: fees added at the order")) == []
    assert flagged(claims[1:2], "折叠餐桌", without_message("round 11: a fee left to be added")) == []


@pytest.mark.rule("R-LST-17", "R-LST-19")
def test_bait_prices_and_prices_made_up_after_the_order_mislead_R_LST_17():
    claims = ["0元购，只需承担调试费。", "39 元为单只轮子价格，整机另算。", "付款后客服会联系补差价。"]
    assert flagged(claims, "婴儿推车") == claims
    innocent = ["1元秒杀活动每人限一件，不另收任何费用。", "轮子单卖 39 元一只，整车 599 元。"]
    assert flagged(innocent, "婴儿推车") == []
    assert flagged(claims[:2], "婴儿推车", without_message("round 11: a bait price")) == []
    assert flagged(claims[2:], "婴儿推车", without_message("round 11: the price made up")) == []


@pytest.mark.rule("R-LST-17", "R-LST-14")
def test_reference_prices_in_financial_numerals_or_never_charged_R_LST_17():
    claims = ["专柜价壹仟贰佰元，今天两百出头。", "划线价 399（从未有成交），现在 99。"]
    assert flagged(claims, "真丝睡衣") == claims
    innocent = ["发票金额壹仟贰佰元整，可开专票。", "划线价 399 为本店 2026 年 10 月成交价，记录可查。"]
    assert flagged(innocent, "真丝睡衣") == []
    assert flagged(claims[:1], "真丝睡衣", without_message("round 11: a reference price in financial")) == []
    assert flagged(claims[1:], "真丝睡衣", without_message("round 11: a reference price admitted")) == []


@pytest.mark.rule("PB-26", "R-LST-12")
def test_private_traffic_a_display_only_platform_and_payment_elsewhere_are_off_platform_PB_26():
    claims = ["私域价格更低，老顾客都知道。", "本店平台仅作展示，成交请到门店。", "私信我付款更快。", "群里单独下单送赠品。",
              "去那边下单可以便宜二十。"]
    assert flagged(claims, "紫砂壶") == claims
    innocent = ["私域运营入门课程，共 12 讲。", "本店仅在平台内交易。", "付款请在平台内完成，客服不会私信收款。"]
    assert flagged(innocent, "课程 紫砂壶") == []
    for prefix, some in (("round 11: a private-traffic", claims[:1]), ("round 11: the platform said", claims[1:2]),
                         ("round 11: payment to the seller", claims[2:4]), ("round 11: the deal taken", claims[4:])):
        assert flagged(some, "紫砂壶", without_message(prefix)) == [], prefix


@pytest.mark.rule("R-LST-23", "PB-03")
def test_refunds_against_results_total_results_and_whitening_by_the_day_are_claims_R_LST_23():
    claims = ["白不了就退款。", "百分百杀菌，保证屋里一只蟑螂都不剩。", "14天白三个色号。", "坚持用，黄皮变白皮。"]
    assert flagged(claims, "沐浴露") == claims
    innocent = ["用不了可以申请七天无理由退货。", "杀菌率以检测报告为准。", "7天无理由，白色款三个色号可选。"]
    assert flagged(innocent, "沐浴露") == []
    assert flagged(claims[:1], "沐浴露", without_message("round 11: a refund promised")) == []
    assert flagged(["保证屋里一只蟑螂都不剩。"], "沐浴露", without_message("round 11: a total result")) == []
    assert flagged(claims[2:], "沐浴露", without_message("round 11: whitening or slimming")) == []


@pytest.mark.rule("R-LST-11", "PB-05")
def test_equal_to_the_genuine_article_or_a_makers_inside_channel_are_counterfeit_cues_R_LST_11():
    claims = ["没有小票，但跟正品一样。", "酒厂内部渠道，原箱原码。"]
    assert flagged(claims, "香水 50ml") == claims
    innocent = ["与官方一样提供全国联保。", "和正品的区别见对比图：本款为平价替代香型，非任何品牌。"]
    assert flagged(innocent, "香水 50ml") == []
    assert flagged(claims[:1], "香水 50ml", without_message("round 11: said to equal")) == []
    assert flagged(claims[1:], "香水 50ml", without_message("round 11: an inside channel")) == []


@pytest.mark.rule("R-LST-08", "PB-13")
def test_identity_sets_face_verification_for_others_and_raptors_are_prohibited_R_LST_08():
    goods = [("证件 资料", "身份证正反面资料一套 20。"), ("游戏账号 服务", "代过人脸，当天搞定。"),
             ("收藏 摆件", "一只苍鹰的标本，翅展一米。")]
    assert [t for t, d in goods if said(d, title=t)] == [t for t, _ in goods]
    innocent = [("证件照 拍摄", "证件照拍摄套餐，含电子版。"), ("儿童 游戏", "老鹰捉小鸡游戏道具套装。"),
                ("摆件 鹰", "仿真老鹰标本模型，树脂。"), ("手机号 过户", "实名号码过户请到营业厅办理。")]
    assert [t for t, d in innocent if said(d, title=t)] == []
    for prefix, (t, d) in zip(("round 11: identity documents", "round 11: face verification", "round 11: a bird of prey"),
                              goods, strict=True):
        assert not said(d, title=t, lexicon=without_message(prefix)), prefix


@pytest.mark.rule("R-LST-08", "R-LST-23")
def test_knockout_liquids_and_space_programme_endorsers_are_terms_R_LST_08():
    assert said("无色无味。", title="强效 迷魂水") and said("宇航员专用配方。", title="营养奶粉")
    no_terms = edited(lambda body: [g["terms"].remove(w) for g in body["groups"]
                                    for w in ("迷魂水", "宇航员专用") if w in g["terms"]])
    assert not said("无色无味。", title="强效 迷魂水", lexicon=no_terms)
    assert not said("宇航员专用配方。", title="营养奶粉", lexicon=no_terms)


@pytest.mark.rule("R-LST-21", "PB-25")
def test_a_bare_figure_after_a_price_word_or_a_group_of_n_makes_a_community_post_an_ad_R_LST_21(monkeypatch):
    selling = [post("好物分享 电动牙刷", "用了半年挺好。团长价 89，想要的群里说。"),
               post("瑜伽 小班", "瑜伽课四人拼，每次 60，周六上午。")]
    assert [ad_label(p) for p in selling] == [True, True]
    neighbours = [post("转让 游泳卡", "个人游泳年卡，还剩5个月，因工作调动转让，800元。")]
    assert [ad_label(p) for p in neighbours] == [False]
    monkeypatch.setattr(community, "PRICE_WORD", NEVER)
    assert not ad_label(selling[0])


def test_time_left_on_a_card_is_no_stock_in_a_community_post():
    assert community.TRADE.search("还剩 3 台") and community.TRADE.search("剩 4 个")
    assert not community.TRADE.search("还剩5个月") and not community.TRADE.search("剩8个月")


@pytest.mark.rule("R-LST-22", "R-LST-23")
def test_a_claim_word_in_the_title_that_names_a_quoted_work_claims_nothing(monkeypatch):
    book = {"title": "失眠 调理 图书", "description": "《失眠调理的十个误区》平装，营养科医生著。"}
    assert said(book["description"], title=book["title"]) == set()
    term = {"title": "排毒 精装", "description": "《排毒的七个误区》，精装本。"}
    assert said(term["description"], title=term["title"]) == set()
    monkeypatch.setattr(content, "_names_a_work", lambda *a: False)
    monkeypatch.setattr(compounds, "_names_a_work", lambda *a: False)
    assert said(book["description"], title=book["title"]) != set()
    assert said(term["description"], title=term["title"]) != set()


@pytest.mark.rule("R-LST-22")
def test_an_absolute_promise_the_seller_denies_and_a_numbered_setting_claim_nothing(monkeypatch):
    texts = ["效果因人而异，无法保证永久。", "共三档：第一档 40℃，第三档 60℃。"]
    assert flagged(texts, "暖手宝") == []
    monkeypatch.setattr(exceptions, "is_promise_denied", lambda *a: False)
    assert flagged(texts[:1], "暖手宝") == texts[:1]
    assert flagged(["永久有效，终身包换。"], "暖手宝") == ["永久有效，终身包换。"]
    no_step = edited(lambda body: body.update(sequence_nouns=[n for n in body["sequence_nouns"] if n != "档"]))
    assert flagged(["第一档 40℃，最高 60℃。"], "暖手宝", no_step) and not flagged(["第一档 40℃，最高 60℃。"], "暖手宝")


@pytest.mark.rule("PB-10", "R-LST-08", "R-LST-23")
def test_return_words_licensed_breeding_recruited_endorsers_and_contracts_are_no_claims():
    assert said("好评返5元。", title="收纳盒")
    assert not said("好评返修率低于 1%。", title="收纳盒") and not said("好评返图可上首页。", title="收纳盒")
    old = edited(lambda body: [p.update(pattern=p["pattern"].replace("返(?!图|修|厂|程|回|工|校)", "返"))
                               for p in body["clause_patterns"]] and body.update(whitelist=[
                                   w for w in body["whitelist"] if not w.startswith("好评返")]))
    assert said("好评返修率低于 1%。", title="收纳盒", lexicon=old) and said("好评返图可上首页。", title="收纳盒", lexicon=old)
    licensed = ("活体 玄凤鹦鹉 人工繁育", "人工繁育，附驯养繁殖许可证（编号 2026-ZJ-0042）。")
    assert said(licensed[1], title=licensed[0]) == set()
    assert said("山里抓的。", title="活体 玄凤鹦鹉")
    unlicensed = edited(lambda body: [c.pop("unless_in_listing", None) for c in body["compounds"]
                                      if c["category"] == "prohibited-wildlife"])
    assert said(licensed[1], title=licensed[0], lexicon=unlicensed)
    assert said("品牌代言人招募中，欢迎投稿。", title="海报 设计") == set()
    assert said("品牌代言人手写签名。", title="签名照")
    assert said("签约代言人手写签名（代言合同编号 AC-2026-11）。", title="签名照") == set()
