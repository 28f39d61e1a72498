"""Round 24 lexicon classes (services/listing/lexicon.json 2027-03-03.1, entries appended in round 24). Classes of
error from heldout25 (services and health-adjacent goods), now a development split, fixed as clause patterns and
word lists with their sources, never as the split's strings. Every text here is our own, written from the rules
(RULES.md R-LST-08, R-LST-17, R-LST-18, R-LST-20, R-LST-22, R-LST-23, R-LST-36, PB-03, PB-10, PB-13) and the named
sources. Each test of a class fails on the lexicon before round 24 (2027-03-02.3); the look-alikes beside each class
guard precision (the words of the new entries in their ordinary senses)."""

import pytest

from services.listing import rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import product

ROUND24 = "round 24 class: "
VERSION = "2027-03-03.1"
ENDORSEMENTS = {"expert-endorsement", "media-endorsement", "celebrity-endorsement", "sales-rank"}


def test_the_round24_entries_carry_their_sources():
    assert DEFAULT["version"] >= VERSION
    round24 = [p for p in DEFAULT["clause_patterns"] if p.get("message", "").startswith(ROUND24)]
    assert len(round24) >= 15 and all(p["source"] in DEFAULT["sources"] and p["rule_ids"] for p in round24)


def categories(description: str, title: str = "服务 一次", **extra) -> set[str]:
    listing = product(title=title, description=description, **extra)
    return {f.category for f in rules.review(listing, LEXICON, {})}


def endorsed(description: str, title: str = "服务 一次", **extra) -> bool:
    return bool(categories(description, title, **extra) & ENDORSEMENTS)


@pytest.mark.rule("R-LST-23", "R-LST-20", "PB-03")
def test_a_champions_or_an_association_heads_title_lent_to_the_teacher_is_a_borrowed_authority_AD16():
    assert endorsed("全国散打冠军亲自执教，小班教学。", title="散打 少儿班 16课")
    assert endorsed("市摄影家协会副主席掌镜。", title="证件照 精修")
    assert endorsed("时尚杂志签约化妆师跟妆。", title="新娘跟妆 全天")
    assert not endorsed("本店摄影师掌镜，可加印。", title="证件照 精修")
    assert not endorsed("学员曾获市散打冠军，欢迎试课。", title="散打 少儿班 16课")
    assert not endorsed("全国散打冠军亲自执教，聘书与获奖证书见详情。", title="散打 少儿班 16课")


@pytest.mark.rule("R-LST-23", "R-LST-20", "PB-03")
def test_an_outside_institution_or_a_health_body_named_as_partner_or_recommender_needs_its_proof_AD16():
    assert endorsed("雅思官方授权中心，外教授课。", title="英语 口语 一对一")
    assert endorsed("疾控推荐使用，按说明稀释。", title="含氯 消毒片 100片")
    assert not endorsed("课程内容参考牛津教材的难度分级。", title="英语 口语 一对一")
    assert not endorsed("宝宝腹泻请及时就医，遵医生指导。", title="婴儿 米粉 400g")
    assert not endorsed("雅思官方授权中心，授权书见详情。", title="英语 口语 一对一")
    assert not endorsed("按疾控发布的消毒指南配比稀释。", title="含氯 消毒片 100片")


@pytest.mark.rule("R-LST-23", "R-LST-20", "PB-03")
def test_an_unnamed_celebrity_a_counted_crowd_and_a_show_kennel_are_endorsements_without_proof_AD16():
    assert endorsed("一位当红歌手也天天喝。", title="枸杞 原浆 30袋")
    assert endorsed("五十万宝妈的共同选择。", title="婴儿 洗衣液 2L")
    assert endorsed("冠军猫舍都在用，不结块。", title="混合 猫砂 6L")
    assert not endorsed("一家三口都在用，量大实惠。", title="婴儿 洗衣液 2L")
    assert not endorsed("适合多猫家庭与猫舍批量采购。", title="混合 猫砂 6L")
    assert not endorsed("歌手练声时可以喝一杯。", title="枸杞 原浆 30袋")


@pytest.mark.rule("R-LST-20", "R-LST-23", "PB-03")
def test_a_divined_date_said_to_secure_a_marriage_or_wealth_is_superstition_AD9S():
    assert "superstition" in categories("择吉日入宅，保住家运。", title="同城 搬家")
    assert "superstition" in categories("吉时由师傅算好，保婚姻长长久久。", title="婚礼 策划 全包")
    assert "superstition" not in categories("吉日由新人自己定，我们按日期排档。", title="婚礼 策划 全包")
    assert "superstition" not in categories("按吉日搬家，保证家具无损送达。", title="同城 搬家")


@pytest.mark.rule("R-LST-36", "PB-10")
def test_a_review_bought_across_the_sentence_or_made_a_condition_is_fake_data_ECL17():
    assert "fake-data" in categories("收货后晒图好评，联系客服返5元。", title="纸尿裤 L码")
    assert "fake-data" in categories("试用名额有限，领取者须写满50字好评。", title="面膜 试用")
    assert "fake-data" not in categories("好评率98%，满两件送运费险。", title="纸尿裤 L码")
    assert "fake-data" not in categories("不满意无需好评，直接联系客服。", title="面膜 试用")


@pytest.mark.rule("R-LST-18", "R-LST-19", "PB-09")
def test_a_fee_left_to_be_agreed_or_set_later_is_a_hidden_charge_CRPL():
    assert "hidden-charge" in categories("基础套餐999元，加项费用面谈。", title="婚礼 跟拍")
    assert "hidden-charge" in categories("两小时内280元，超时视情况加收。", title="钟点工 保洁")
    assert "hidden-charge" not in categories("其他问题请咨询客服。", title="婚礼 跟拍")
    assert "hidden-charge" not in categories("超时每小时60元，按实际时长计。", title="钟点工 保洁")


@pytest.mark.rule("R-LST-17", "R-LST-22")
def test_a_price_said_lower_than_another_markets_needs_its_basis_PRICE():
    assert "reference-price" in categories("比线下药店便宜一半。", title="破壁机 1.75L")
    assert "reference-price" not in categories("比上一代轻了一半。", title="破壁机 1.75L")
    assert "reference-price" not in categories("比线下药店便宜一半，药店价签截图见详情。", title="破壁机 1.75L")


def guaranteed(description: str, title: str = "服务 一次") -> bool:
    return "guaranteed-results" in categories(description, title)


@pytest.mark.rule("R-LST-20", "R-LST-23", "PB-03")
def test_a_bodily_result_promised_or_its_failure_paid_for_is_a_guarantee_AD24():
    assert guaranteed("喝完一盒确保掉秤。", title="代餐 奶昔")
    assert guaranteed("坚持用，包你长出新发。", title="洗发水 500ml")
    assert guaranteed("21天瘦掉10斤。", title="减脂 训练营")
    assert guaranteed("瘦不下来全额退款。", title="减脂 训练营")
    assert not guaranteed("保证正品，假一赔三。", title="代餐 奶昔")
    assert not guaranteed("21天训练营，每天40分钟。", title="减脂 训练营")


def refused(description: str, title: str) -> set[str]:
    return {c for c in categories(description, title) if c.startswith("prohibited")}


@pytest.mark.rule("R-LST-08", "PB-13")
def test_a_drug_in_a_food_a_certificate_without_examination_and_a_home_injection_are_refused_PB13():
    assert refused("添加了西布曲明，一周见效。", title="草本 瘦身 胶囊")
    assert refused("从业资格证不用考试，一周拿证。", title="代办 资格证")
    assert refused("肉毒瘦脸针，可上门。", title="瘦脸 美容")
    assert not refused("酚酞指示剂，实验室滴定用。", title="酚酞 试剂 100ml")
    assert not refused("不含西布曲明等违禁成分，检测报告见详情。", title="草本 代餐 粉")
    assert not refused("健康证办理须本人到医院体检。", title="餐饮 开店 指南")
    assert not refused("玻尿酸面膜，上门配送。", title="补水 面膜")


@pytest.mark.rule("R-LST-36", "PB-10")
def test_the_participants_of_a_group_buy_or_a_chain_faked_are_fake_data_ECL17():
    assert "fake-data" in categories("代凑成团人数，报假名字也行。", title="拼团 助力 服务")
    assert "fake-data" not in categories("周六打球差两个人，凑人数的来。", title="羽毛球 拍 一对")
    assert "fake-data" not in categories("成团人数满10人发货。", title="拼团 苹果 5斤")


@pytest.mark.rule("R-LST-23", "R-LST-20", "PB-03")
def test_a_recommender_or_a_teacher_asked_about_endorses_nothing_AD16():
    assert not endorsed("有没有疾控推荐的消毒片？", title="含氯 消毒片 100片")
    assert not endorsed("是冠军亲自执教吗", title="散打 少儿班 16课")
