"""Round 9 mechanisms and phrasing families (lexicon 2027-02-02.1), each with examples of our own — other products and
other ways a seller says the same thing, written from the rules (RULES.md R-LST-06/07/08/11/12/17/18/20/22/23,
PB-03/05/06/08/09/10/13/26), never a corpus case — and shown to matter: without the change (its data removed, or its
mechanism switched off) the example is judged the other way. Round 9 was tuned on the families devset_external5
(formerly heldout8) showed weak: off-platform euphemisms, staged personas and faked data, prices left open, promised
results, superiority slang; and on its false alarms: licences and synthetic notes naming a prohibited word, refusals
before a claim, disclosed treatments and simulants."""

import pytest

from services.listing import content, disclaimers, exceptions, rules
from tests.listing.mechanisms import LEXICON, edited, said
from tests.listing.mechanisms import normalise as normalise_module
from tests.listing.usecases import JEWEL_ATTRIBUTES, jewel


def without_category(category: str, patterns_only: bool = False) -> rules.CompiledLexicon:
    def change(body):
        if not patterns_only:
            body["groups"] = [g for g in body["groups"] if g["category"] != category]
        body["clause_patterns"] = [p for p in body["clause_patterns"] if p["category"] != category]
    return edited(change)


def without(key: str, words) -> rules.CompiledLexicon:
    def change(body):
        body[key] = [w for w in body[key] if w not in words]
    return edited(change)


def flagged(texts, title: str, lexicon=LEXICON) -> list[str]:
    return [t for t in texts if said(t, title=title, lexicon=lexicon)]


@pytest.mark.rule("R-LST-20", "R-LST-22")
def test_superiority_slang_and_spelled_ranks_are_absolute_claims_R_LST_22():
    claims = ["续航在同价位里独一档。", "音质完爆同级耳机。", "清洁力领先全行业。", "人气第壹的保温杯。", "用了juedui不后悔。"]
    assert flagged(claims, "蓝牙音箱") == claims
    assert flagged(claims[2:3], "蓝牙音箱", without_category("absolute", patterns_only=True)) == []
    no_terms = edited(lambda body: [g["terms"].remove(w) for g in body["groups"] if g["category"] == "absolute"
                                    for w in ("独一档", "完爆")])
    assert flagged(claims[:1], "蓝牙音箱", no_terms) == []


@pytest.mark.rule("R-LST-22")
def test_a_claim_word_the_seller_refuses_to_say_claims_nothing(monkeypatch):
    refused = ["我们不吹顶级, 只列参数: 容量500ml。", "不敢称第一, 只求耐用。"]
    assert flagged(refused, "保温杯") == []
    assert flagged(["顶级做工, 容量500ml。"], "保温杯") != []  # the claim itself still counts
    monkeypatch.setattr(exceptions, "said_refused", lambda *a: False)
    assert flagged(refused, "保温杯") == refused
    assert disclaimers.said_refused("从不号称最好", 4)


@pytest.mark.rule("R-LST-23", "PB-03")
def test_blood_markers_and_eyesight_put_right_are_efficacy_claims_R_LST_23():
    claims = ["喝了两个月, 血压稳住了。", "尿酸降下来了, 脚不疼了。", "孩子用了半年, 近视降了50度。"]
    assert flagged(claims, "果蔬汁") == claims
    assert flagged(["血压计, 测量准确, 家人健康早知道。", "近视人群请配合眼镜使用。"], "电子血压计") == []
    assert flagged(claims[::2], "果蔬汁", without_category("medical-efficacy", patterns_only=True)) == []


@pytest.mark.rule("R-LST-17", "R-LST-18")
def test_prices_and_fees_left_open_or_not_binding_R_LST_18():
    open_ = ["最终价格以主播报价为准。", "安装费、上门费按次另收。", "上楼费另外收, 到时候再说。", "邮费下单后客服另行告知。",
             "页面价仅作参考。", "秒杀价19.9! 以实际结算为准。"]
    assert flagged(open_, "吸顶灯") == open_
    honest = ["安装费另收80元/次。", "运费按地区计算, 详见运费模板。", "颜色以实物为准。", "尺码问题可咨询客服。",
              "会员价需开通会员, 非会员按标价结算。", "付尾款后客服会通知发货时间。", "价格实惠, 颜色以实际为准。",
              "运费险理赔由客服通知。"]
    assert flagged(honest, "吸顶灯") == []
    gone = edited(lambda body: body.update(clause_patterns=[
        p for p in body["clause_patterns"] if p["category"] not in ("hidden-charge", "price-or-terms-misleading")
        and not p["message"].startswith("round 21 class: ")]))  # round 21's "价格仅供参考" class reads 页面价仅作参考 too
    assert flagged(open_, "吸顶灯", gone) == []


@pytest.mark.rule("R-LST-17")
def test_struck_and_chanted_reference_prices_R_LST_17():
    struck = ["~~399~~ 今天129。", "不要三百九, 不要两百九, 只要九十九!", "门店指导价 1 千 2, 今晚只要三百。"]
    assert flagged(struck, "电饭煲") == struck
    assert flagged(["日常价129元, 无活动。"], "电饭煲") == []
    assert flagged(struck, "电饭煲", without_category("reference-price", patterns_only=True)) == []


@pytest.mark.rule("R-LST-11", "R-LST-15")
def test_passing_an_authenticator_and_homophone_marks_are_counterfeits_R_LST_11():
    fakes = ["可过得物鉴定, 放心穿。", "专柜查不出来, 放心送人。"]
    assert flagged(fakes, "运动鞋") == fakes
    assert flagged(["支持专柜验货, 假一赔三。", "已通过得物鉴定, 附鉴定证书。"], "运动鞋") == []
    assert flagged(fakes, "运动鞋", without_category("counterfeit-indication")) == []
    assert "counterfeit" in said("经典款, 百搭。", title="谱拉达 尼龙双肩包")
    assert "counterfeit" in said("自动机芯。", title="朗琴 机械表 男款")
    plain = edited(lambda body: body["lookalike_chars"].update({"普": "", "浪": ""}))
    assert said("经典款, 百搭。", title="谱拉达 尼龙双肩包", lexicon=plain) == set()


@pytest.mark.rule("R-LST-08", "PB-13")
def test_knockout_substances_and_trackers_for_a_partner_are_prohibited_R_LST_08():
    offered = ["往她杯里滴几滴, 她就乖乖听话。", "让对方神志不清。"]
    assert flagged(offered, "香氛喷雾") == offered
    tracking = ["定位老公的行踪。", "吸在车底, 对方不知道。"]
    assert flagged(tracking, "GPS 定位器") == tracking
    innocent = ["儿童定位手表, 随时查看孩子位置。", "严禁用于跟踪他人。", "香水一喷, 她就会注意到你。"]
    assert flagged(innocent, "GPS 定位器") == []
    assert flagged(offered, "香氛喷雾", without_category("prohibited-drugs", patterns_only=True)) == []
    assert flagged(tracking, "GPS 定位器", without_category("prohibited-surveillance", patterns_only=True)) == []


@pytest.mark.rule("R-LST-08")
def test_a_prohibition_before_a_surveillance_word_reverses_it():
    assert said("仅限自家看护, 严禁用于偷窥他人。", title="家用摄像头") == set()
    no_prohibition = edited(lambda body: [g["negators"].remove("prohibition") for g in body["groups"]
                                          if g["category"] == "prohibited-surveillance"])
    assert "prohibited_goods" in said("仅限自家看护, 严禁用于偷窥他人。", title="家用摄像头", lexicon=no_prohibition)


@pytest.mark.rule("R-LST-12", "PB-26")
def test_off_platform_euphemisms_R_LST_12():
    lures = ["加v咨询: abc12345", "找我拿货加卫星号", "绿色app搜我, 领券。", "进群下单, 比这里便宜十块。", "上鱼拍更便宜。",
             "扣点太狠了, 去别处下单便宜。", "复制吱口令 打开支付宝领券。", "订货请拨幺三九零零一二三四五六", "加钉钉详聊。"]
    assert flagged(lures, "卫衣") == lures
    innocent = ["绿色软件, 免安装, 解压即用。", "粉丝群内领券更便宜。", "去鱼腥味, 加姜片。", "下单请拨打客服热线400-820-8820。",
                "链接贵一点, 因为加了运费险。", "可添加到钉钉日程。", "开心信箱 木质。"]
    assert flagged(innocent, "料酒") == []
    assert flagged(lures[2:], "卫衣", without_category("off-platform", patterns_only=True)) == []


@pytest.mark.rule("PB-08", "PB-10")
def test_staged_personas_templates_and_spare_accounts_PB_08():
    staged = ["这事被老板知道了我肯定挨骂, 快拍。", "瞒着老板给大家放二十单。", "厂家破产, 最后三百件。", "含泪清最后一批。",
              "仓管悄悄拿出来的尾单。"]
    assert flagged(staged, "床品 四件套") == staged
    faked = ["晒单的文案我发你。", "直播间人气不够, 大家切号进来。", "直播间挂了人气机器人。"]
    assert flagged(faked, "床品 四件套") == faked
    assert flagged(["老板今天出差, 客服正常在线。", "欢迎晒单, 真实评价。", "小号也算宽松, 建议拍小一码。", "建议换小号点的。",
                    "孩子总偷偷拿出来吃。", "超速被交警发现会罚款, 装个记录仪安心。", "评论区刷一刷有惊喜。"], "卫衣") == []
    assert flagged(staged, "床品 四件套", without_category("staged-scene")) == []
    assert flagged(["扫地机器人在线升级。", "陪伴机器人在线讲故事。"], "扫地机器人") == []  # robots as the goods
    assert flagged(["机器人挂在线人数。"], "卫衣") == ["机器人挂在线人数。"]
    assert flagged(faked[:2], "床品 四件套", without_category("fake-data", patterns_only=True)) == []


@pytest.mark.rule("R-LST-08", "PB-13")
def test_processed_wildlife_parts_and_innocent_namesakes_R_LST_08():
    assert flagged(["炮山甲粉 50g", "醋甲片 入药。"], "药材") == ["炮山甲粉 50g", "醋甲片 入药。"]
    innocent = ["香调: 合成麝香, 持久。", "人工繁育 虎纹蛙, 附野生动物人工繁育许可证。"]
    assert flagged(innocent, "香水") == []
    assert flagged(innocent[:1], "香水", without("whitelist", {"合成麝香"})) == innocent[:1]


@pytest.mark.rule("R-LST-20", "R-LST-23")
def test_promised_scores_and_their_refusals_R_LST_23():
    promised = ["签约保分课程。", "没进前五名退一半学费。", "保证提分。"]
    assert flagged(promised, "数学课程") == promised
    refused = ["本课程不包拿证, 考试以官方为准。", "银行理财不保本, 投资需谨慎。", "签收不到7天可退。"]
    assert flagged(refused, "课程") == []
    assert flagged(promised, "数学课程", without_category("guaranteed-results")) == []
    negation_off = edited(lambda body: [g.pop("negators") for g in body["groups"]
                                        if g["category"] in ("guaranteed-results", "guaranteed-returns")])
    assert flagged(refused[:2], "课程", negation_off) == refused[:2]


@pytest.mark.rule("R-LST-23")
def test_consumer_bodies_and_3_15_as_endorsers_need_a_proof_R_LST_23():
    assert "unproven_claim" in said("中国质量万里行推荐。", title="净水器")
    assert "unproven_claim" in said("3·15 放心产品。", title="净水器")
    assert said("315消费者权益日, 全场包邮。", title="净水器") == set()
    assert said("质量万里行推荐(证书编号QW-2025-118)。", title="净水器") == set()
    assert said("中国质量万里行推荐。", title="净水器", lexicon=without_category("consumer-body-endorsement")) == set()


@pytest.mark.rule("PB-05", "R-LST-07")
def test_a_plated_base_metal_or_an_opening_simulant_states_the_material_PB_05(monkeypatch):
    plated = jewel(title="足银 手链", description="铁 镀 银, 看起来跟足银一样。",
                   attributes={**JEWEL_ATTRIBUTES, "material_fineness": "足银", "contains_gems": False})
    simulant = jewel(title="钻石 耳钉", description="锆石, 闪过钻石。",
                     attributes={**JEWEL_ATTRIBUTES, "material_fineness": "钻石; 耳针: S925银"})
    honest = jewel(title="锆石 耳钉", description="锆石, 火彩好, 耳针S925银。",
                   attributes={**JEWEL_ATTRIBUTES, "material_fineness": "锆石; 耳针: S925银"})
    assert "fake_as_real" in {f.kind for f in rules.review(plated, LEXICON, {})}
    assert "fake_as_real" in {f.kind for f in rules.review(simulant, LEXICON, {})}
    assert rules.review(honest, LEXICON, {}) == []  # the name carries its main material (锆石), not the pin's
    monkeypatch.setattr(content, "_names_itself", lambda *a: False)
    assert "fake_as_real" not in {f.kind for f in rules.review(plated, LEXICON, {})}
    assert "fake_as_real" not in {f.kind for f in rules.review(simulant, LEXICON, {})}


@pytest.mark.rule("PB-06")
def test_a_heated_stone_disclosed_in_the_treatment_entry_is_natural_PB_06():
    heated = jewel(title="天然红宝石 戒指", description="红宝石经加热, 见优化处理一栏。",
                   attributes={**JEWEL_ATTRIBUTES, "material_fineness": "红宝石; 戒托: 18K金", "treatment": "加热(优化)"})
    assert rules.review(heated, LEXICON, {}) == []  # the entry's name is no treatment
    assert "treated_as_natural" in {f.kind for f in rules.review(heated, without("whitelist", {"优化处理一栏"}), {})}
    dyed = jewel(title="天然玛瑙 手串 染色 已披露", description="玛瑙经染色。",
                 attributes={**JEWEL_ATTRIBUTES, "material_fineness": "玛瑙", "treatment": "染色(处理)"})
    assert rules.review(dyed, LEXICON, {}) == []  # the treatment disclosed
    assert "treated_as_natural" in {f.kind for f in rules.review(dyed, without("treatment_disclosed", {"已披露"}), {})}


def test_the_financial_numeral_one_after_第_reads_as_the_ordinal():
    assert normalise_module.normalise("销量第壹")[0] == "销量第一"
    assert said("人气第壹的保温杯。") == {"absolute_claim"}


def test_clause_patterns_anchored_on_their_longest_literals_find_what_running_every_pattern_finds():
    """Throughput (round 9): a pattern is anchored on the mandatory element with the longest literals; over every
    development text the findings are those of running every pattern."""
    import json
    from pathlib import Path

    from services.listing import clauses
    patterns = LEXICON.clause_patterns
    assert sum(p.anchors is None for p in patterns) <= 3  # 6 before round 9 (first element only)
    here = Path(__file__).parent
    texts = [json.loads(line)["data"].get(field) or "" for name in ("devset_external4", "devset_external5")
             for line in (here / name / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()
             for field in ("title", "description")]
    for text in texts:
        assert clauses.field_findings("description", text, patterns, LEXICON.variants) == clauses.field_findings(
            "description", text, tuple(patterns), LEXICON.variants), text
