"""Round 5 mechanisms and phrasing families, each with examples of our own (not from any corpus) and shown to matter:
removing its data (or option) makes the example fail."""

import copy

import pytest

from services.listing import brands, rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.mechanisms import before_round12
from tests.listing.usecases import jewel, product

LEXICON = rules.CompiledLexicon(DEFAULT)


def kinds(listing: dict, lexicon=LEXICON) -> set[str]:
    return {f.kind for f in rules.review(listing, lexicon, {}) if f.kind != "missing_field"}


def said(description: str, title: str = "不锈钢保温杯 500ml", **extra) -> set[str]:
    return kinds(product(title=title, description=description, **extra))


def without(key: str, value) -> rules.CompiledLexicon:
    body = before_round12(copy.deepcopy(DEFAULT))  # round 12's class compounds overlap this round's mechanisms
    body[key] = value
    return rules.CompiledLexicon({**body, "version": f"test-{key}"})


def without_patterns(category: str) -> rules.CompiledLexicon:
    return without("clause_patterns", [p for p in DEFAULT["clause_patterns"] if p["category"] != category])


@pytest.mark.rule("PB-09")
def test_tie_ins_default_add_ons_and_exit_conditions_PB_09():
    forced = ["本机需与配套手柄一起下单。", "单拍手机壳的一律不发。", "不接受单独购买镜框。",
              "下单后系统自动为您勾选三年延保。", "体验课结束后必须办卡才能离开。",
              "每位游客购物金额不得低于2000元, 不然需补缴团费800元。", "不续费的学员需补交教材费。"]
    for text in forced:
        assert "absolute_claim" in said(text), text
    innocent = ["旅行团纯玩无购物, 不强制消费。", "办卡后方可使用淋浴间。", "报名后才能获取学习资料。",
                "本品可单独购买, 也可与手柄一起下单。", "本礼盒为套装商品, 不单独出售。"]
    for text in innocent:
        assert said(text) == set(), text
    assert "absolute_claim" not in kinds(product(description=forced[3]), without_patterns("forced-purchase"))


@pytest.mark.rule("R-LST-18")
def test_charges_set_on_site_or_demanded_before_delivery_R_LST_18():
    hidden = ["送货上门后收取搬运费, 不给钱就不搬上楼。", "安装费用由师傅上门后现场报价。",
              "上楼费另收, 页面价格不含。"]
    for text in hidden:
        assert "absolute_claim" in said(text, title="三人沙发 布艺"), text
    assert said("送货上门, 上楼费已包含在页面价格中。", title="三人沙发 布艺") == set()
    assert "absolute_claim" not in kinds(product(title="三人沙发 布艺", description=hidden[1]),
                                         without_patterns("hidden-charge"))


@pytest.mark.rule("PB-10")
def test_staged_traffic_bought_sales_and_recruited_reviews_PB_10():
    faked = ["直播间人气都是机器人刷的。", "销量是找人刷出来的, 质量一般。", "请帮我家店刷一波好评, 拍下后全款返还。",
             "五星好评后联系客服领取小礼品一份。", "买家秀由我们团队统一撰写。", "每单再给3元辛苦费。",
             "差评的不送赠品。"]
    for text in faked:
        assert "unproven_claim" in said(text), text
    innocent = ["欢迎晒图评价, 您的反馈是我们前进的动力。", "好评后系统自动发放积分, 以平台规则为准。",
                "安排助理一直在线回复大家问题。", "员工每天都在穿, 舒适度好。"]
    for text in innocent:
        assert said(text) == set(), text
    assert "unproven_claim" not in kinds(product(description=faked[1]), without_patterns("fake-data"))


@pytest.mark.rule("PB-26")
def test_other_shops_private_deposits_and_avoided_platform_fees_PB_26():
    lures = ["想要更便宜的请去我闲鱼店铺下单。", "私下交定金可以再优惠。", "为了省掉平台抽成, 请直接联系我。",
             "转账即发货, 比链接便宜20。", "长按识别二维码加客服领取福利。", "下播后私聊, 给你报内部价。"]
    for text in lures:
        assert "absolute_claim" in said(text), text
    innocent = ["如有质量问题请联系客服, 不要私下交易。", "陌生人让你私下转账的都是诈骗, 请勿相信。",
                "支持微信支付、支付宝付款。"]
    for text in innocent:
        assert said(text) == set(), text
    assert "absolute_claim" not in kinds(product(description=lures[2]), without_patterns("off-platform"))


@pytest.mark.rule("PB-26")
def test_a_platform_payment_feature_is_no_lure_PB_26():
    feature = product(category="electronics", title="收款 音箱 银行卡 支付 优惠",
                      description="平台支持的银行卡支付可享银行满减, 以结算页为准。")
    assert kinds(feature) == set()
    body = copy.deepcopy(DEFAULT)
    for compound in body["compounds"]:
        compound.pop("unless_in_listing", None)
    assert "absolute_claim" in kinds(feature, rules.CompiledLexicon({**body, "version": "test-unless"}))


@pytest.mark.rule("R-LST-15")
def test_claimed_equivalence_with_the_genuine_article_R_LST_15():
    copies = ["和原装正品一模一样, 外行根本看不出。", "与专柜正品同一工厂出品。", "鞋标和正品完全相同。",
              "二手翻新机当全新机出售。"]
    for text in copies:
        assert "counterfeit" in said(text, title="蓝牙耳机 降噪"), text
    compatible = "适用于iPhone15, 与原装屏幕手感一致。"
    assert said(compatible, title="钢化膜 苹果") == set()
    assert said("充电速度与原装无差别, 兼容多种协议。", title="快充 充电器") == set()
    body = copy.deepcopy(DEFAULT)
    body["compounds"] = [c for c in body["compounds"] if c["category"] != "counterfeit-equivalence"]
    assert "counterfeit" not in kinds(product(title="蓝牙耳机 降噪", description=copies[1]),
                                      rules.CompiledLexicon({**body, "version": "test-equivalence"}))


def test_a_long_mark_with_several_lookalike_characters_is_still_the_mark():
    variants = brands.chinese_lookalikes([{"name": "娃哈哈"}], {"哈": "蛤"})
    assert {"娃蛤哈", "娃哈蛤", "娃蛤蛤"} <= set(variants)
    two = brands.chinese_lookalikes([{"name": "雪碧"}], {"雪": "雷", "碧": "壁"})
    assert "雷壁" not in two  # a two-character mark keeps one of its own characters


@pytest.mark.rule("PB-05")
def test_material_families_pearl_base_metal_and_jade_lookalikes_PB_05():
    pearl = jewel(title="天然海水珍珠 耳钉", description="耳钉主体为贝壳珠, 光泽好。")
    assert "fake_as_real" in kinds(pearl)
    body = copy.deepcopy(DEFAULT)
    body["materials"] = [f for f in body["materials"] if f["family"] != "pearl"]
    assert "fake_as_real" not in kinds(pearl, rules.CompiledLexicon({**body, "version": "test-pearl"}))
    base = product(category="accessories", title="黄金吊坠 女", description="吊坠为铜镀金, 闪亮。")
    assert "fake_as_real" in kinds(base)
    jade = jewel(title="和田玉 平安扣", description="卡瓦石吊坠, 和田玉般温润。")
    assert "fake_as_real" in kinds(jade)
    assert "fake_as_real" not in kinds(jade, without("material_goods_nouns", []))
    finish = product(category="accessories", title="S925银 耳钉", description="S925银镀白金, 不过敏。")
    assert "fake_as_real" not in kinds(finish)
    colour = product(category="accessories", title="黄金色 耳环", description="黄金色合金耳环, 时尚百搭。")
    assert "fake_as_real" not in kinds(colour)


@pytest.mark.rule("PB-06")
def test_a_disclosed_treatment_keeps_the_name_and_a_concealed_one_does_not_PB_06():
    disclosed = jewel(title="天然紫水晶 手串", description="经加热处理(已注明), 证书标注处理。")
    disclosed["attributes"] = {**disclosed["attributes"], "treatment": "加热", "material_fineness": "紫水晶(处理)"}
    assert "treated_as_natural" not in kinds(disclosed)
    assert "treated_as_natural" in kinds(disclosed, without("treatment_disclosed", []))
    concealed = jewel(title="天然翡翠 手镯", description="做过注胶处理, 证书上不用标注。")
    assert "fake_as_real" in kinds(concealed)
    skin = jewel(title="和田玉 籽料 原石", description="外皮为烤色, 天然原皮。")
    assert "treated_as_natural" in kinds(skin)


@pytest.mark.rule("R-LST-08")
def test_detectors_and_likenesses_are_not_the_prohibited_goods_R_LST_08():
    assert said("酒店防针孔摄像头探测器。", title="反偷拍 神器") == set()
    assert said("家用烟感报警器, 可检测香烟烟雾。", title="烟雾报警器") == set()
    assert said("新年鞭炮造型抱枕。", title="鞭炮 造型 抱枕") == set()
    assert "prohibited_goods" in said("偷偷装在对方包里, 实时查看对方行踪。", title="定位器 迷你")
    assert "prohibited_goods" in said("车主姓名手机号, 按条计费。", title="客户数据")


@pytest.mark.rule("R-LST-23")
def test_fortune_promises_lesions_and_replacing_medicine_R_LST_23():
    assert "superstition_claim" in said("戴上它保你一生平安。", title="银手镯 宝宝")
    assert "superstition_claim" in said("挂在门口化解晦气。", title="铜葫芦 挂件")
    assert said("宝宝长命锁, 寓意长命百岁。", title="银手镯 宝宝") == set()
    assert "efficacy_claim" in said("坚持喝三个月, 囊肿就能消。", title="玫瑰花茶")
    assert "efficacy_claim" in said("可以替代降压药。", title="芹菜汁")
    assert said("请遵医嘱, 不能替代药物。", title="鱼油 软胶囊", category="health_food") == set()


@pytest.mark.rule("R-LST-23")
def test_ministries_chefs_and_top_ten_lists_need_proof_R_LST_23():
    for text in ("教育部推荐产品, 提分快。", "米其林主厨推荐的橄榄油。", "荣登十大品牌榜。"):
        assert "unproven_claim" in said(text), text
    assert said("教育部推荐产品, 提分快。", proofs=["doc://moe-letter"]) == set()


@pytest.mark.rule("R-LST-21")
def test_a_notice_about_fees_or_payment_is_no_advertisement_R_LST_21():
    fee = {"kind": "community_post", "category": "community", "title": "关于 停车费 调整 的 通知",
           "description": "自下月起地面停车费为150元/月, 请到物业前台缴纳。"}
    assert kinds(fee) == set()
    offer = dict(fee, title="团购 通知", description="本周六团购芒果, 38元一箱, 要的接龙。")
    assert "ad_label" in kinds(offer)


@pytest.mark.rule("PB-05")
def test_furniture_named_solid_wood_or_a_red_wood_species_it_is_not_PB_05():
    panel = product(category="home", title="全实木 衣柜", description="柜体为颗粒板, 环保E0级。")
    assert "fake_as_real" in kinds(panel)
    body = copy.deepcopy(DEFAULT)
    body["materials"] = [f for f in body["materials"] if f["family"] != "wood"]
    assert "fake_as_real" not in kinds(panel, rules.CompiledLexicon({**body, "version": "test-wood"}))
    assert kinds(product(category="home", title="实木复合地板", description="表层为橡木木皮。")) == set()
    assert kinds(product(category="home", title="原木色 衣柜", description="柜体为颗粒板。")) == set()


@pytest.mark.rule("R-LST-23")
def test_placing_or_wearing_for_fortune_is_superstition_but_a_symbol_is_not_R_LST_23():
    assert "superstition_claim" in said("摆在店门口, 生意越来越旺。", title="铜貔貅 摆件")
    assert said("寓意招财, 装饰客厅。", title="陶瓷 摆件") == set()
    assert "superstition_claim" in kinds(product(title="陶瓷 摆件", description="招财进宝, 装饰客厅。"))
    symbolic = {k: v for k, v in DEFAULT["contexts"].items() if k != "symbolic"}
    assert "superstition_claim" in kinds(product(title="陶瓷 摆件", description="寓意招财, 装饰客厅。"),
                                         without("contexts", symbolic))


@pytest.mark.rule("R-LST-08")
def test_identity_documents_and_accounts_traded_but_not_their_holders_R_LST_08():
    assert "prohibited_goods" in said("高价回收闲置银行卡, 当天结算。", title="回收 服务")
    assert said("出售银行卡包, 防消磁。", title="卡包 真皮") == set()
    assert said("快递签收需出示身份证。", title="同城 跑腿") == set()


@pytest.mark.rule("R-LST-23")
def test_a_work_named_in_quotation_marks_claims_nothing_in_a_compound_R_LST_23():
    assert said("《颈椎病康复指南》科普读物, 第二版。", title="医学 科普 书", category="books") == set()
    assert "efficacy_claim" in said("读完就能让颈椎病康复。", title="医学 科普 书", category="books")


@pytest.mark.rule("PB-26")
def test_pinyin_and_single_character_handles_are_contacts_PB_26():
    for text in ("jia wei xin: shop8888, 拿货价。", "薇: shop2024 详聊。", "加我好友走闲鱼。"):
        assert "absolute_claim" in said(text), text
    for text in ("版本号 v: 2.0.1 更新。", "全国走京东快递, 次日达。", "尺码 S: 155cm以下。"):
        assert said(text) == set(), text


@pytest.mark.rule("PB-09")
def test_livestream_speech_threats_staff_orders_and_personal_accounts_PB_09():
    assert "absolute_claim" in said("【主播】今天只卖组合装, 单品一律不上。")
    assert "absolute_claim" in said("【主播】没关注的拍了不发。")
    assert "unproven_claim" in said("【主播】我们运营在后面一直拍, 销量蹭蹭涨。")
    assert "unproven_claim" in said("【主播】给我们打个五星, 下次来直播间送你小礼物。")
    assert "absolute_claim" in said("【主播】想便宜的下播后加我个人号。")
    for text in ("助理一直在拍照片给大家看细节。", "新品上架, 单品也可以买。"):
        assert said(text) == set(), text
