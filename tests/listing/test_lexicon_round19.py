"""Round 19 lexicon classes (services/listing/lexicon.json, entries appended in round 19; the version is left for the
lead to bump at merge: 2027-02-28.1). Classes of error from heldout18 and heldout19, now development splits, fixed as groups,
clause patterns and compounds with their sources, never as the splits' strings. Every text here is our own, written
from the rules and the named lists. Each test of a class fails on the lexicon before round 19 (main's 2027-02-26.9);
the tests of look-alikes alone guard precision (the words of the new entries in their ordinary senses)."""

import pytest

from services.listing import rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import JEWEL_ATTRIBUTES, product

ROUND19 = "round 19 class: "
NEW_SOURCES = ("VETDRUG", "HAZCHEM", "HUNTTOOL", "FSL81", "SECFIN", "LENDING", "CBD")
VERSION = "2027-02-28.1"  # rounds 18 and 19 merged


def test_the_round19_entries_carry_their_sources():
    assert DEFAULT["version"] >= VERSION
    assert all(key in DEFAULT["sources"] for key in NEW_SOURCES)
    round19 = [p for p in DEFAULT["clause_patterns"] + DEFAULT["compounds"] if p.get("message", "").startswith(ROUND19)]
    assert len(round19) >= 15 and all(p["source"] in DEFAULT["sources"] and p["rule_ids"] for p in round19)


def categories(description: str, title: str = "商品 一件") -> set[str]:
    return {f.category for f in rules.review(product(title=title, description=description), LEXICON, {})}


def prohibited(description: str, title: str = "商品 一件") -> bool:
    return any(f.kind == "prohibited_goods" for f in rules.review(product(title=title, description=description),
                                                                   LEXICON, {}))


@pytest.mark.rule("R-LST-08", "PB-13")
def test_drugs_banned_in_food_animals_are_prohibited_goods_VETDRUG_R_LST_08():
    # 农业农村部公告第250号 and 农业部公告第176号; a human medicine that shares a name counts only beside livestock
    assert prohibited("育肥猪专用，拌料添加莱克多巴胺，出栏快。")
    assert prohibited("正品瘦肉精，量大从优。", title="添加剂 批发")
    assert prohibited("虾塘用呋喃唑酮，防烂鳃。", title="水产 鱼药")
    assert not prohibited("呋喃唑酮片，请遵医嘱。", title="家庭 常备 药箱 清单")
    assert not prohibited("科普：为什么国家禁止在饲料中添加莱克多巴胺？", title="科普 读物")


@pytest.mark.rule("R-LST-08", "PB-13")
def test_highly_toxic_chemicals_and_banned_hunting_tools_are_prohibited_HAZCHEM_HUNTTOOL_R_LST_08():
    assert prohibited("氰化钾试剂，分析纯，顺丰发。", title="化学 试剂")
    assert prohibited("山地专用猎夹，弹力强。", title="户外 工具")
    assert prohibited("带遥控的电子鸟媒，声音逼真。", title="户外 工具")
    assert not prohibited("加粗防鸟网，保护樱桃不被鸟啄，鸟不会被缠住。", title="果园 防鸟网")
    assert not prohibited("氰化物中毒的急救知识讲解。", title="急救 科普 图书")


@pytest.mark.rule("R-LST-08", "PB-13")
def test_repacked_infant_formula_unregistered_shares_unlicensed_loans_and_cbd_are_prohibited_R_LST_08():
    assert prohibited("大桶婴幼儿配方奶粉分装成小份，试吃装。", title="奶粉 试吃")
    assert prohibited("公司上市前认购原始股，名额紧张。", title="投资 机会")
    assert prohibited("征信不好也能办，无视征信，当天放款。", title="借款 服务")
    assert prohibited("Organic CBD gummies, 25mg each.", title="Gummies")
    assert not prohibited("原罐发货，不分装，配方注册号见罐底。", title="婴幼儿配方奶粉 3段")
    assert not prohibited("地铁直达CBD，步行五分钟。", title="公寓 出租")


@pytest.mark.rule("R-LST-08", "PB-13")
def test_a_species_named_as_a_colour_or_a_toys_likeness_is_no_wildlife_WILD_R_LST_08():
    assert not prohibited("这支是红珊瑚色，显白。", title="唇釉 哑光")
    assert not prohibited("娃娃鱼造型的毛绒公仔，送小朋友。", title="毛绒 玩具")
    assert prohibited("活体娃娃鱼，两斤一条。", title="水产 活体")


@pytest.mark.rule("R-LST-11", "R-LST-15", "PB-05", "PB-24")
def test_counterfeit_said_in_english_is_counterfeit_TM57_R_LST_11():
    assert "counterfeit-indication" in categories("Super copy watch, looks just like the original.", "Watch")
    assert "counterfeit-indication" in categories("Replica bags, 1:1 copy of the runway model.", "Bag")
    assert "counterfeit-indication" not in categories("Scale model replica of a steam train, 1:87.", "Model train")
    assert "counterfeit-indication" not in categories("AAA batteries, pack of 8.", "Batteries")


def fake_data(description: str, title: str = "新媒体 运营 服务") -> bool:
    return "fake-data" in categories(description, title)


@pytest.mark.rule("R-LST-23", "PB-10")
def test_engagement_sold_by_the_unit_or_made_by_insiders_is_faked_data_ECL17_R_LST_23():
    assert fake_data("视频转发 500个 8元，半小时到。")
    assert fake_data("小红书收藏，5毛钱一个，量大优惠。")
    assert fake_data("开店第一周的评价都是店员自己写的。", title="毛巾 3条")
    assert fake_data("新品期也刷过几单，现在自然流量了。", title="毛巾 3条")
    assert fake_data("后台可以随意修改月销，显示多少都行。", title="店铺 插件")
    assert fake_data("We post 5-star Amazon reviews written by real accounts.", title="Seller service")
    assert fake_data("Buy TikTok likes, instant delivery.", title="Growth service")


@pytest.mark.rule("R-LST-23", "PB-10")
def test_figures_that_only_describe_or_price_something_else_are_not_faked_data_ECL17_R_LST_23():
    assert not fake_data("流量卡 200G，月租39元。", title="手机 流量卡")
    assert not fake_data("关注店铺满59起送。", title="零食 大礼包")
    assert not fake_data("滤芯可另外加购(25元)，不加购也发主机。", title="净水器 台式")  # 25元 is one price, not 2 + 5元
    assert not fake_data("关注店铺领取5元券，下单自动抵扣。", title="零食 大礼包")
    assert not fake_data("店铺评分提升至4.8，谢谢老顾客。", title="面馆 招牌 牛肉面")
    assert not fake_data("墙面先刷了一层底漆，再刷面漆。", title="装修 服务")
    assert not fake_data("Please leave a review if you like it.", title="Handmade soap")


def guaranteed(description: str, title: str = "商品 一件") -> bool:
    return bool(categories(description, title) & {"guaranteed-results", "guaranteed-returns"})


@pytest.mark.rule("R-LST-23", "R-LST-20", "PB-03")
def test_an_outcome_of_use_promised_is_a_guarantee_AD24_AD25_R_LST_23():
    assert guaranteed("装上以后保证每个房间都满格。", title="WiFi 扩展器")
    assert guaranteed("二年级前确保进名校。", title="幼小衔接 课程")
    assert guaranteed("用这款窝料包上鱼。", title="钓鱼 窝料")
    assert guaranteed("硬盘坏了也承诺完整恢复。", title="数据 恢复")
    assert guaranteed("百分之百杀灭蟑螂，一包搞定。", title="杀蟑 胶饵")
    assert guaranteed("保底收益6%，按季付息。", title="理财 会员")
    assert guaranteed("Guaranteed weight loss in 2 weeks.", title="Tea")
    assert guaranteed("苗子不成活退款。", title="果树 苗")


@pytest.mark.rule("R-LST-23", "R-LST-20", "PB-03")
def test_a_service_promise_a_caution_or_a_fund_class_is_no_guarantee_R_LST_23():
    assert not guaranteed("保证24小时内发货。", title="WiFi 扩展器")
    assert not guaranteed("请保证孩子每天开口说10分钟。", title="英语 绘本")
    assert not guaranteed("固定收益类产品，过往业绩不代表未来表现。", title="理财 科普 图书")
    assert not guaranteed("苗子成活与管理有关，请按说明种植。", title="果树 苗")


def price_terms(description: str) -> set[str]:
    return categories(description, "上门 服务") & {"hidden-charge", "price-or-terms-misleading"}


@pytest.mark.rule("R-LST-17", "R-LST-18")
def test_a_price_or_terms_left_open_and_fees_added_without_amounts_R_LST_17_R_LST_18():
    assert price_terms("折扣力度以付款页面显示为准。")
    assert price_terms("满赠规则请咨询客服。")
    assert price_terms("价格待定，到货后再说。")
    assert price_terms("Price upon request.")
    assert price_terms("周末另行加价。")
    assert price_terms("耗材自理。")
    assert price_terms("费用包含人工，不含材料费、运输费。")
    assert price_terms("到时候可能会产生少量停车费。")


@pytest.mark.rule("R-LST-17", "R-LST-18")
def test_a_price_with_its_amounts_stated_leaves_nothing_open_R_LST_17_R_LST_18():
    assert not price_terms("周末另行加价30元。")
    assert not price_terms("费用包含人工，不含材料费（每平方20元）、运输费（50元）。")
    assert not price_terms("价格不定期调整，以下单时页面价格为准。")
    assert not price_terms("满赠规则：满300赠保温杯一个。")


@pytest.mark.rule("R-LST-22", "R-LST-20", "PB-03")
def test_a_quality_crowned_in_a_word_a_negated_comparison_or_a_universal_scope_is_absolute_AD9_R_LST_22():
    assert "absolute" in categories("这款机器降噪之冠，地铁里也安静。", "降噪 耳机")
    assert "absolute" in categories("续航王者，一周一充。", "运动 手表")
    assert "absolute" in categories("市面上买不到比它更结实的了。", "行李箱 20寸")
    assert "absolute" in categories("任何油污都能去掉，一擦就净。", "厨房 清洁剂")
    assert "absolute" in categories("本店全市独一家，只做手工。", "手工 饺子")
    assert "absolute" not in categories("王者荣耀皮肤兑换码，官方渠道。", "游戏 点券")
    assert "absolute" not in categories("封神榜人物连环画，全套12册。", "连环画 套装")


@pytest.mark.rule("R-LST-23", "PB-03")
def test_certifications_champions_appraisers_academies_and_user_figures_need_their_proof_AD11_AD16_R_LST_23():
    assert "award" in categories("通过SGS检测，放心使用。", "儿童 水杯")
    assert "celebrity-endorsement" in categories("世界冠军推荐的训练绳。", "跳绳 计数")
    assert "expert-endorsement" in categories("资深鉴定师把关，件件保真。", "二手 包")
    assert "celebrity-endorsement" in categories("林科院选育的新品种。", "苗木 樱花")
    assert "sales-rank" in categories("家长满意度高达98%。", "托管 班")
    assert "sales-rank" in categories("8万名家长选择了我们。", "托管 班")
    assert "sales-rank" not in categories("好评率97%（平台统计，截至上月）。", "托管 班")
    proved = product(title="儿童 水杯", description="通过SGS检测，放心使用。", proofs=["SGS 检测报告 SH2026-0412"])
    assert "award" not in {f.category for f in rules.review(proved, LEXICON, {})}


@pytest.mark.rule("R-LST-23", "PB-03", "R-LST-20")
def test_fortune_promised_by_placing_or_using_the_goods_is_superstition_AD9S_R_LST_23():
    assert "superstition" in categories("挂在车上保平安还能旺财运。", "车挂 吊坠")
    assert "superstition" in categories("戴上以后贵人运特别好。", "手串")
    assert "superstition" in categories("这款香薰专招贵人。", "香薰 蜡烛")
    assert "superstition" not in categories("红包袋上印有“恭喜发财”。", "红包袋 50个")
    assert "superstition" not in categories("新年贺卡，烫金字样：财源广进。", "贺卡 10张")


@pytest.mark.rule("R-LST-08", "R-LST-11", "R-LST-20")
def test_a_ladder_an_antivirus_a_village_and_a_sole_owner_claim_nothing_R_LST_08():
    assert not categories("铝合金伸缩梯子，承重150kg。", "家用 梯子")
    assert not categories("实时查杀木马，保护隐私。", "杀毒 软件 一年")
    assert not categories("山寨是我们村的名字，欢迎来住。", "山寨 民宿")
    assert not categories("一手车，唯一车主，4S店保养。", "二手车 轿车")


def community_label(title: str, description: str) -> bool:
    post = {"kind": "community_post", "category": "community", "title": title, "description": description}
    return any(f.kind == "ad_label" for f in rules.review(post, LEXICON, {}))


@pytest.mark.rule("R-LST-21", "PB-25")
def test_a_post_promoting_by_a_deal_a_sign_up_code_a_shop_pointer_or_a_sponsor_is_an_ad_R_LST_21():
    assert community_label("奶茶店 开业", "凭截图到店买一送一。")
    assert community_label("少儿 美术 秋季班", "九月开课，扫码报名。")
    assert community_label("手作 蜡烛", "新做了一批香薰蜡烛，点我头像进店看看。")
    assert community_label("Handmade candles", "New scents this week, DM to order.")
    assert community_label("社区 运动会", "本次运动会由某某健身房冠名，欢迎到店消费。")
    assert not community_label("超市 鸡蛋 降价", "超市鸡蛋今天半价，比上周便宜，大家可以去看看。")


@pytest.mark.rule("R-LST-23", "PB-03", "R-LST-20")
def test_a_condition_cured_a_vaccine_made_needless_or_an_epidemic_warded_off_is_medical_efficacy_AD17_R_LST_23():
    assert "medical-efficacy" in categories("坚持训练，帮孩子告别抽动症。", "感统 训练 课")
    assert "medical-efficacy" in categories("喂了这款益生菌，狗狗不需要打预防针。", "宠物 益生菌")
    assert "medical-efficacy" in categories("拌料使用，能防非洲猪瘟。", "猪 饲料 添加")
    assert "medical-efficacy" not in categories("幼猫已接种疫苗，驱虫完毕。", "英短 幼猫")
    assert "medical-efficacy" not in categories("一本讲多动症的科普读物。", "科普 图书")


@pytest.mark.rule("R-LST-11", "PB-05")
def test_seed_in_an_unlabelled_bag_or_farm_saved_is_false_seed_SEEDLAW_R_LST_11():
    assert "counterfeit-indication" in categories("杂交二代种子，便宜好种。", "玉米 种子")
    assert "counterfeit-indication" in categories("白皮袋装，量大从优。", "小麦 种子")
    assert "counterfeit-indication" not in categories("原厂包装，标签齐全，附检验证明。", "小麦 种子")


@pytest.mark.rule("PB-06", "R-LST-23")
def test_an_untreated_claim_in_english_against_a_declared_treatment_PB_06():
    listing = product(title="Ruby ring 红宝石 戒指", category="jewelry", description="Unheated ruby, 1ct.",
                      attributes={**JEWEL_ATTRIBUTES, "material_fineness": "红宝石；S925银", "treatment": "加热",
                                  "contains_gems": True})
    assert "untreated-claim-contradicted" in {f.category for f in rules.review(listing, LEXICON, {})}
    plain = {**listing, "description": "Heated ruby, 1ct, treatment disclosed."}
    assert "untreated-claim-contradicted" not in {f.category for f in rules.review(plain, LEXICON, {})}


@pytest.mark.rule("R-LST-11", "R-LST-23")
def test_fakes_named_in_a_compensation_promise_and_a_champions_trophy_claim_nothing_R_LST_11():
    assert "counterfeit-indication" not in categories("正品保障：如为假货，十倍赔偿。", "篮球鞋 男")
    assert "counterfeit-indication" in categories("便宜出假货，和专柜一样。", "篮球鞋 男")
    assert "celebrity-endorsement" not in categories("篮球赛用冠军奖杯，可刻字。", "奖杯 定制")
    assert "celebrity-endorsement" in categories("世界冠军比赛用款。", "护膝")


@pytest.mark.rule("R-LST-08", "R-LST-11", "R-LST-23")
def test_the_round19_words_in_their_ordinary_senses_claim_nothing_R_LST_08():
    # packaging bags, a persona design, a polish, pearl grades, a rental, botany, a lyric, sunglasses' UV rating
    assert not categories("牛皮纸白皮袋，100个一包。", "打包袋 批发")
    assert not categories("真人IP形象设计，品牌打造。", "设计 服务")
    assert not categories("Mirror quality polish, 304 steel.", "Frying pan")
    assert not categories("AAA quality pearls, 7mm, strand of 45.", "Pearl necklace")
    assert not categories("押一付三，不查征信，拎包入住。", "一室一厅 出租")
    assert not categories("鸟媒花的传粉方式图解。", "植物 科普 图书")
    assert not categories("印花文字：你的蜜糖我的砒霜。", "T恤 印花")
    assert not categories("UV400 偏光镜片，99元包邮。", "墨镜 偏光")
    assert not categories("12306刷票，春运帮抢车票。", "抢票 服务")
    assert not categories("CBD油画展，周末开放。", "画展 门票")
    assert not categories("电线保护用钢丝套管，10米。", "钢丝套管")


@pytest.mark.rule("R-LST-22", "R-LST-20", "PB-03")
def test_a_rhetorical_comparison_answered_no_is_absolute_while_an_invitation_to_compare_is_not_AD9_R_LST_22():
    assert "absolute" in categories("还有比我们更脆的饼干吗？没有！", "手工 饼干")
    assert "absolute" in categories("做工细致，万无一失。", "登山 扣")
    assert "absolute" not in categories("有没有更脆的？欢迎大家对比。", "手工 饼干")


@pytest.mark.rule("R-LST-08", "PB-13")
def test_a_protected_animals_likeness_as_a_lamp_or_ornament_is_no_wildlife_WILD_R_LST_08():
    assert not prohibited("猫头鹰造型，暖光。", title="猫头鹰 台灯")
    assert not prohibited("木雕穿山甲，桌面装饰。", title="木雕 存钱罐")
    assert prohibited("老象牙雕刻，包浆自然。", title="雕刻 摆件")  # an ornament of the material is the goods
