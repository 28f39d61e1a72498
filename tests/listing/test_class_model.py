"""The class model (services/listing/class_model.py, issue 25): the committed artefact is the one the training data
makes (a stale model fails), the run time scores as training did, each kind's classifier catches an example written
after training and in no corpus — as a finding sent to a reviewer with the kind's rule IDs and an exact span — and
the draft check routes what only the model sees to human review, never to rejection. Precision on the innocent
look-alikes is judged under cross-validation grouped by corpus (leave one corpus out), recorded by the build with
the data hash the first test compares."""

import json

import pytest

from services.listing import class_model
from services.listing.findings import Finding
from tests.listing.usecases import Listings
from tools.class_model import corpora

ARTEFACT = json.loads(class_model.ARTEFACT.read_text(encoding="utf-8"))
MODEL = class_model.ClassModel(ARTEFACT)
PRECISION = 0.97


def product(title: str, description: str, category: str = "home") -> dict:
    return {"kind": "product", "category": category, "title": title, "description": description, "price": "59.00",
            "shipping_fee": "0.00", "source": "自有工厂, 浙江台州"}


def post(title: str, description: str) -> dict:
    return {"kind": "community_post", "category": "post", "title": title, "description": description}


# Written for this test after the model was trained; in no corpus. A kind the model cannot yet call at its threshold
# has none (README "The class model": jewelry, wildlife, imitation).
HELD_BACK = {
    "absolute": product("羽毛球拍 碳纤维", "史无前例的轻, 业内无人能及的手感。"),
    "community_ad": post("宝妈们看过来", "这款辅食机超好用, 群内价199, 扫码进群下单就能发货。"),
    "counterfeit": product("机械手表 男 原单", "尾单货, 跟官网的一模一样, 只是没有授权卡。", "apparel"),
    "efficacy": product("石墨烯 护膝", "戴上后膝盖的骨质增生慢慢就消了, 老人必备。"),
    "endorsement": product("婴儿 湿巾 80抽", "央视报道过的品牌, 多位明星宝妈都在用。"),
    "fakedata": product("收纳盒 三件套", "晒图五星好评返现8元, 差评的话联系客服删掉。"),
    "forced": product("宽带 套餐", "必须同时办理本店的手机卡, 否则不给安装。"),
    "guarantee": product("祛痘 精华", "承诺一周痘痘全消, 无效退双倍。", "cosmetics"),
    "offplatform": product("二手 相机", "拍下之前先加 V 聊, 走支付宝转账不走平台。"),
    "price": product("酸奶机", "标价39, 付款时另收包装费和服务费各10元。"),
    "prohibited": product("车用 信号屏蔽器", "一键屏蔽手机信号和GPS定位。"),
    "superstition": product("桃木剑 挂件", "镇宅辟邪, 挡煞化小人, 保家宅平安。"),
}
# Drafts the lexicon passes and only the model reads as violating (written after training, in no corpus).
ONLY_THE_MODEL = {
    "fakedata": product("台灯", "评价区那些图是我们找人拍的, 不过质量是真的好。"),
    "price": product("床垫", "吊牌上写的3999只是参考, 到手价399。"),
    "offplatform": product("手工 皂", "想便宜的话私聊我, 换个地方付钱。"),
    "efficacy": product("鱼油", "吃了半年, 心脏支架都不用放了。", "food"),
}


def test_the_committed_artefact_was_trained_on_the_development_corpora_as_they_are():
    assert ARTEFACT["data_hash"] == corpora.data_hash(), "stale class model: run `make class-model` and commit it"
    assert ARTEFACT["corpora"] == list(corpora.CORPORA) and not set(corpora.NEVER) & set(ARTEFACT["corpora"])


def test_the_run_time_scores_as_training_did():
    for check in ARTEFACT["checks"]:
        got = MODEL.margins(json.loads(json.dumps(check["listing"])))
        assert got == pytest.approx(check["margins"], abs=2e-3)


@pytest.mark.parametrize("kind", sorted(HELD_BACK))
def test_the_model_catches_a_held_back_example_of_each_kind(kind):
    listing = HELD_BACK[kind]
    caught = [f for f in class_model.findings(listing, [], MODEL) if f.category == f"model-{kind}"]
    assert caught, (kind, round(MODEL.score(listing)[kind], 3), MODEL.threshold[kind])
    finding = caught[0]
    assert finding.review and finding.kind == "class_model"
    assert finding.rule_ids == tuple(ARTEFACT["rule_ids"][kind]) and finding.rule_ids
    assert finding.text and class_model.fields(listing)[finding.field][finding.start:finding.end] == finding.text


@pytest.mark.parametrize("kind", sorted(HELD_BACK))
def test_the_model_is_silent_where_the_lexicon_already_found_the_kind(kind):
    listing = HELD_BACK[kind]
    rule_ids = tuple(ARTEFACT["rule_ids"][kind])
    lexicon = [Finding(rule_ids[:1], "absolute_claim", "title", 0, 1, "x", "lexicon", category=c)
               for c in class_model.COVERED_BY[kind][-1:]]
    assert not [f for f in class_model.findings(listing, lexicon, MODEL) if f.category == f"model-{kind}"]


@pytest.mark.parametrize("kind", sorted(ONLY_THE_MODEL))
def test_what_only_the_model_sees_goes_to_a_reviewer(kind, replica_for, monkeypatch):
    listings = Listings(replica_for("listing"))
    review = listings.check(dict(ONLY_THE_MODEL[kind]))
    assert review["status"] == "in_review", review
    assert {f["kind"] for f in review["findings"]} == {"class_model"}, review
    finding = next(f for f in review["findings"] if f["category"] == f"model-{kind}")
    assert finding["rule_ids"] == ARTEFACT["rule_ids"][kind] and finding["text"]
    assert ONLY_THE_MODEL[kind][finding["field"]][finding["start"]:finding["end"]] == finding["text"]
    monkeypatch.setattr(class_model, "findings", lambda listing, found, model=None: [])
    assert listings.check(dict(ONLY_THE_MODEL[kind]))["status"] == "published"  # the lexicon alone passes it


def test_cross_validated_precision_on_the_innocent_look_alikes():
    """Each kind's flags, scored on corpora the model was not trained on, keep precision >= 0.97 against the
    innocent look-alikes; the lexicon with the model keeps 19 innocents in 20 clean."""
    cv = ARTEFACT["cv"]
    for kind, figures in cv["per_kind"].items():
        model = figures["model_alone"]
        assert model["precision"] >= PRECISION, (kind, model)
    assert cv["clean_pass_lexicon+model"] >= 0.95, cv
