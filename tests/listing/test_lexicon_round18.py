"""Round 18 lexicon classes (services/listing/lexicon.json 2027-02-27.1 on; classes of error from heldout17, now a
development split, and the classes weakest at its first contact, fixed as clause patterns and terms with their
sources, never as a split's strings). Every text here is our own, written from the SAMR 2023 guideline on absolute
terms (SAMR23), Advertising Law art. 9(3) and 11 (AD9, AD11), E-commerce Law art. 17 (ECL17) and 明码标价和禁止价格欺诈
规定 (PRICE). Each test fails on the lexicon before round 18 (main's 2027-02-26.9)."""

import pytest

from services.listing import rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import product

VERSION = "2027-02-27.1"


def test_the_round18_lexicon_carries_its_version_and_sources():
    assert DEFAULT["version"] >= VERSION
    round18 = [p for p in DEFAULT["clause_patterns"] if p["message"].startswith("round 18 class: ")]
    assert len(round18) >= 10 and all(p["source"] in DEFAULT["sources"] for p in round18)


def categories(description: str, title: str = "家用 日用品") -> set[str]:
    listing = product(title=title, description=description)
    return {f.category for f in rules.review(listing, LEXICON, {})}


RHETORICAL = ["问问你自己，还有比我们家更脆的苹果吗？", "哪家的腊肉能比得过我家？", "这个价你还能买到更好用的吗？不可能的。",
              "没有比这口锅更耐用的了。", "比市面上所有同类拖把都好用。"]
ANSWERED = ["问：还有比这个更大的规格吗？答：有，选加大款。", "问：哪个颜色比较耐脏？答：深灰。", "比去年的苹果更脆一些。",
            "价格没有比上个月贵。"]


@pytest.mark.rule("R-LST-22", "R-LST-20", "PB-03")
def test_a_rhetorical_or_universal_comparison_is_an_absolute_claim_SAMR23_R_LST_22():
    assert [t for t in RHETORICAL if "absolute" not in categories(t)] == []
    assert [t for t in ANSWERED if "absolute" in categories(t)] == []


@pytest.mark.rule("R-LST-22", "R-LST-20", "PB-03")
def test_certainty_idioms_and_english_superlatives_are_absolute_terms_AD9_R_LST_22():
    for text in ("装好了就万无一失。", "做工十全十美。", "Lowest price on the market.", "quality second to none"):
        assert "absolute" in categories(text), text
    assert "absolute" not in categories("Best before: see the lid.")


@pytest.mark.rule("R-LST-23", "PB-03")
def test_a_rate_at_the_whole_or_a_share_of_customers_needs_its_source_AD11_R_LST_23():
    for text in ("老客好评率高达100%！", "顾客满意度百分之百。", "98%的宝妈都会回购。", "用了以后效率提高3倍。"):
        assert "sales-rank" in categories(text), text
    for text in ("好评率97%(平台页面显示)。", "满意度100%（第三方调查报告，截至11月）。", "80%的顾客选M码。",
                 "续航提升30%（第三方检测报告见详情）。", "价格降低20%，活动到12月31日。"):
        assert "sales-rank" not in categories(text), text


@pytest.mark.rule("R-LST-23", "PB-10")
def test_orders_and_reviews_the_seller_admits_it_made_are_fake_data_ECL17_R_LST_23():
    for text in ("新店前期找亲戚帮忙拍了几十单。", "问：销量是真的吗？答：开店时做过两百单补单。",
                 "评价里一半是我们自己刷出来的。", "买家秀是找模特拍的。"):
        assert "fake-data" in categories(text), text
    for text in ("朋友帮我下单买了一件，觉得好才开的店。", "模特拍摄服务，买家秀风格。", "图片一半是我们自己拍的。",
                 "本店不做补单。"):
        assert "fake-data" not in categories(text), text


@pytest.mark.rule("R-LST-17", "R-LST-14")
def test_a_reference_price_stated_as_what_others_or_the_seller_once_charged_needs_its_basis_PRICE_R_LST_17():
    for text in ("商场卖899，我们直播间299。", "以前都卖128，今天只要68。", "别的店要卖300多，我家到手150。"):
        assert "reference-price" in categories(text), text
    for text in ("以前卖128，有成交记录截图。", "商场也有卖，我们是线上店。"):
        assert "reference-price" not in categories(text), text


@pytest.mark.rule("R-LST-22", "R-LST-20", "R-LST-23", "R-LST-11", "PB-03", "PB-10")
def test_claims_in_english_are_read_like_their_chinese_terms_AD9_AD17_TM57_ECL17():
    assert "medical-efficacy" in categories("Lowers blood pressure naturally.", title="Herbal tea")
    assert "counterfeit-indication" in categories("AAA replica, same as the original.", title="Phone case")
    assert "superstition" in categories("A good luck charm that wards off evil.", title="Bracelet")
    assert "fake-data" in categories("We sell fake reviews and followers.", title="Service")
    for text in ("Dry-cured ham from Yunnan.", "Best regards from our team.", "Best wishes for the new year."):
        assert categories(text, title="Gift") == set(), text


@pytest.mark.rule("R-LST-22", "R-LST-20", "PB-03")
def test_pinyin_for_one_character_of_a_claim_spells_the_claim_PINYIN_R_LST_22():
    assert "absolute" in categories("品质di一，放心买。")
    assert "absolute" in categories("全国wei一一家。")
    assert "absolute" not in categories("DIY 一套，送说明书。")


@pytest.mark.rule("R-LST-08", "PB-13")
def test_an_animal_naming_the_design_of_a_made_object_is_no_wildlife_WILD_R_LST_08():
    assert "prohibited-wildlife" not in categories("卧室用，触摸开关。", title="猫头鹰 小夜灯")
    assert "prohibited-wildlife" not in categories("熊猫 马克杯，陶瓷，350ml。", title="马克杯")
    assert "prohibited-wildlife" in categories("活体猫头鹰，包邮。", title="宠物 鸟")


@pytest.mark.rule("R-LST-20", "R-LST-23", "PB-12")
def test_a_belief_object_pictured_on_paper_goods_claims_no_power_AD9S_R_LST_20():
    assert "superstition" not in categories("画面是一只风水罗盘的插画，500片。", title="复古 拼图")
    assert "superstition" not in categories("八卦镜插画海报，装饰用。", title="装饰 画")
    assert "superstition" in categories("开光八卦镜，挂门口辟邪。", title="八卦镜 铜")


@pytest.mark.rule("R-LST-23", "PB-03")
def test_goods_put_a_multiple_above_ordinary_or_others_goods_need_a_source_AD11_R_LST_23():
    for text in ("吸力是普通吸尘器的3倍。", "比同类产品省电50%。", "清洁速度快了三倍！", "吸力比别家强2倍。"):
        assert "sales-rank" in categories(text, title="吸尘器"), text
    for text in ("吸力是上一代的1.5倍（实验室实测）。", "省电模式下功率降低50%。", "手机支持10倍变焦。",
                 "比普通款多一个滤网。"):
        assert "sales-rank" not in categories(text, title="吸尘器"), text


@pytest.mark.rule("R-LST-17", "R-LST-14")
def test_a_reference_price_by_a_rough_figure_or_a_counter_that_asks_it_needs_its_basis_PRICE_R_LST_17():
    for text in ("专柜要1000多，这里只要299。", "市场零售价在500左右，我们批发价120。"):
        assert "reference-price" in categories(text, title="羽绒服"), text
    for text in ("外面要排队20分钟，我们这里现做现卖。", "原价1299为本店2026年11月成交价，现价999。"):
        assert "reference-price" not in categories(text, title="羽绒服"), text


BOUGHT = ["笔记点赞收藏包到1000，不到退款。", "新号起号，三天给你做到万粉。", "淘宝店铺信誉代做，一钻三天。",
          "快手双击、关注、评论打包一条龙。", "用户反馈截图（部分为内部员工试用）。", "老顾客帮忙写个长评，送面膜一片。"]
EARNED = ["粉丝涨到1万的时候我们会抽奖。", "教你做小红书：选题、拍图、写文案，不买流量。", "写评价的时候可以附上照片。",
          "评价区的问题由店员统一回复。", "点赞关注不迷路，每周上新。"]


@pytest.mark.rule("R-LST-23", "PB-10")
def test_engagement_delivered_to_a_target_bundled_staff_reviews_and_gifts_for_reviews_are_fake_data_ECL17():
    assert [t for t in BOUGHT if "fake-data" not in categories(t, title="新媒体 服务")] == []
    assert [t for t in EARNED if "fake-data" in categories(t, title="新媒体 服务")] == []


@pytest.mark.rule("R-LST-20", "PB-03")
def test_a_product_type_that_lifts_physically_claims_no_growth_AD17_R_LST_20():
    assert "medical-efficacy" not in categories("硅胶材质，穿上视觉增高3cm。", title="内增高 鞋垫")
    assert "medical-efficacy" not in categories("床脚增高，4个装。", title="家具 增高垫")
    assert "medical-efficacy" in categories("坚持喝三个月，孩子增高5cm。", title="儿童 奶粉")


ENGLISH = {"#1 seller on the platform": "absolute", "World-leading formula.": "absolute",
           "Best-selling serum in China.": "sales-rank", "Clinically proven to work.": "sales-rank",
           "Doctor recommended.": "expert-endorsement", "As seen on CCTV.": "media-endorsement",
           "A celebrity favourite.": "celebrity-endorsement", "Guaranteed weight loss.": "guaranteed-results",
           "100% pass rate for our students.": "guaranteed-results", "Treats insomnia.": "medical-efficacy",
           "Ranked 1st in sales.": "sales-rank",
           "Zero side effects.": "medical-efficacy"}
ENGLISH_PLAIN = ["30ml, apply 2-3 drops at night.", "Pass rate depends on your own practice.", "First harvest of spring.", "Lifetime warranty on the metal frame.", "Only 3 left in stock.",
                 "Top-grain leather strap, 20mm."]


@pytest.mark.rule("R-LST-22", "R-LST-23", "R-LST-20", "PB-03")
def test_absolute_ranking_endorsement_and_result_claims_in_english_AD9_AD11_AD16_AD17():
    assert [t for t, c in ENGLISH.items() if c not in categories(t, title="Serum")] == []
    assert [t for t in ENGLISH_PLAIN if categories(t, title="Serum")] == []


DOMINANT = ["同价位无对手。", "音质完胜千元耳机。", "同级别里找不到第二个。", "比大牌还好用，价格只要零头。",
            "其他品牌都是渣渣，只有我们是良心。"]
MODEST = ["同价位里算是比较均衡的一款，低音稍弱。", "同价位秒杀活动今晚8点开始，12月20日截止。", "比进口的便宜一半。",
          "和上一代比，我们更轻一些。"]


@pytest.mark.rule("R-LST-22", "R-LST-20", "PB-03")
def test_dominance_over_a_peer_group_a_premium_class_or_disparaged_rivals_is_absolute_AD9_AD13_R_LST_22():
    assert [t for t in DOMINANT if "absolute" not in categories(t, title="耳机")] == []
    assert [t for t in MODEST if "absolute" in categories(t, title="耳机")] == []
    assert "AD13" in DEFAULT["sources"]


@pytest.mark.rule("R-LST-23", "PB-03")
def test_an_appearance_on_a_show_or_a_title_a_medium_conferred_needs_its_proof_AD16_AD11_R_LST_23():
    assert "media-endorsement" in categories("我们的辣酱上过浙江卫视的美食节目。")
    assert "award" in categories("被《美食》杂志评为年度好物。")
    assert categories("被《美食》杂志评为年度好物（获奖证书见详情页）。") & {"award"} == set()
    assert "media-endorsement" not in categories("我们家孩子上过大学的暑期班。")


SOLICITED = ["大家收到蛋帮忙在群里发个好评截图，发了的下次优先拿货。", "家长群里的好评是我让几个老家长帮忙写的。",
             "直播间一半是同事开小号进来撑场子的。", "外面店里都卖69，我这19.9。"]
UNSOLICITED = ["收到蛋有破损的在群里发照片，团长统一处理。", "欢迎朋友们来逛逛，喜欢再买。", "好评是买家自己写的，我们从不干预。"]


@pytest.mark.rule("R-LST-23", "PB-10", "R-LST-17")
def test_reviews_asked_for_or_rewarded_spare_accounts_and_a_shops_price_are_read_in_a_plain_voice_ECL17_PRICE():
    found = [t for t in SOLICITED if not categories(t, title="团购") & {"fake-data", "reference-price"}]
    assert found == []
    assert [t for t in UNSOLICITED if "fake-data" in categories(t, title="团购")] == []


@pytest.mark.rule("R-LST-23", "PB-03")
def test_a_figure_with_its_basis_stated_after_it_is_sourced_AD11_R_LST_23():
    for text in ("节省了30%的包装材料（见环保认证）。", "容量是普通杯的两倍大（普通300ml，本款600ml）。"):
        assert "sales-rank" not in categories(text), text
    assert "sales-rank" in categories("容量是普通杯的两倍大，超能装。")


@pytest.mark.rule("R-LST-23", "PB-10")
def test_engagement_figures_with_any_measure_word_and_a_level_in_words_are_bought_ECL17():
    for text in ("200个赞加30条评论，直接上热门。", "视频号播放5000+，点赞300，一天内到账。", "帮新店刷到一皇冠。"):
        assert "fake-data" in categories(text, title="新媒体 服务"), text
    for text in ("点赞50万的爆款视频同款菜谱。", "收藏、点赞、关注，谢谢。", "播放1小时自动关机。"):
        assert "fake-data" not in categories(text, title="新媒体 服务"), text


@pytest.mark.rule("R-LST-23", "PB-03")
def test_any_university_or_hospital_named_as_co_developer_or_recommender_needs_its_proof_AD16_R_LST_23():
    assert "expert-endorsement" in categories("与浙江大学联合开发的课程体系。", title="编程 课")
    assert "expert-endorsement" in categories("中央音乐学院推荐的入门教材。", title="钢琴 课")
    assert not categories("课程适合参加浙江大学夏令营前预习。", title="编程 课") & {"expert-endorsement"}
    assert not categories("与浙江大学联合开发（合作协议编号见详情页）。", title="编程 课") & {"expert-endorsement"}
