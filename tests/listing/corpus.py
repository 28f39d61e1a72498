"""The review corpus: listing texts written for the tests — compliant and violating, every kind of finding and
every listing rule the review enforces, innocent uses of absolute words, and full-width, traditional-script and
noise-inserted variants — each with the findings a reviewer expects, as (kind, field) pairs.

Variants are made by transforming the written text (OpenCC's simplified→traditional table, which the reviewer's
normaliser does not use; ASCII to full-width; a noise character between the letters of the term)."""

import opencc

from tests.listing.usecases import JEWEL_ATTRIBUTES, jewel, product

_S2T = opencc.OpenCC("s2t")
NOISE = ("*", " ", "·", "_")

# (before, term, after, kind): one finding of `kind` on the term, wherever the text is placed
TERMS = [
    ("这是", "最", "舒服的衬衫", "absolute_claim"), ("品质", "第一", "的工厂直供", "absolute_claim"),
    ("", "国家级", "工艺制作", "absolute_claim"), ("", "世界级", "品质标准", "absolute_claim"),
    ("", "顶级", "长绒棉面料", "absolute_claim"), ("", "极品", "好货低价出", "absolute_claim"),
    ("本店", "唯一", "授权渠道", "absolute_claim"), ("", "史上", "超低折扣", "absolute_claim"),
    ("", "全网", "底价", "absolute_claim"), ("", "独一无二", "的设计", "absolute_claim"),
    ("", "万能", "百搭款", "absolute_claim"), ("The ", "best", " shirt ever", "absolute_claim"),
    ("", "NO.1", " choice", "absolute_claim"), ("", "100%纯", "天然棉", "absolute_claim"),
    ("佩戴可以", "降血压", "", "efficacy_claim"), ("", "防癌", "保健款", "efficacy_claim"),
    ("菩萨", "保佑", "平安", "superstition_claim"), ("", "转运", "手链", "superstition_claim"),
    ("", "辟邪", "挂件", "superstition_claim"), ("", "招财", "貔貅摆件", "superstition_claim"),
    ("可以", "治疗", "失眠", "efficacy_claim"), ("常戴", "延年益寿", "", "efficacy_claim"),
    ("帮助", "改善睡眠", "", "efficacy_claim"), ("", "排毒", "养颜", "efficacy_claim"),
    ("", "抗癌", "功效", "efficacy_claim"), ("辅助", "降血糖", "", "efficacy_claim"),
    ("全国", "销量第一", "", "unproven_claim"), ("年度", "销量冠军", "", "unproven_claim"),
    ("行业", "排名第一", "", "unproven_claim"), ("", "销售额第一", "的店铺", "unproven_claim"),
    ("", "好评率100", "%", "unproven_claim"), ("", "卖出百万", "件", "unproven_claim"),
    ("", "销量领先", "同行", "unproven_claim"),
]

INNOCENT = ["清洗第一步: 用清水冲洗", "第一次购买立减5元", "最初的设计灵感来自海洋", "最近上新的款式", "仅剩最后一件",
            "第一批现货已到", "第一眼就会爱上", "转运费由买家承担", "最早可在周五发货", "尺码最少S码起",
            "第一天穿就很舒服", "最终版本已确认", "第一代面料升级", "第一件八折", "最晚周日发货"]
CLEAN = ["纯棉衬衫, 透气舒适", "机洗不掉色, 可烘干", "领口做了加固处理", "适合通勤和休闲", "尺码偏大, 建议选小一码",
         "面料来自新疆长绒棉", "支持七天无理由退货", "下单后48小时内发货", "颜色: 白, 蓝, 灰", "含运费险"]


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


def _noisy(term: str, n: int) -> str:
    return NOISE[n % len(NOISE)].join(term) if len(term) > 1 else term + NOISE[n % len(NOISE)]


def cases() -> list[tuple[str, dict, list[tuple[str, str]]]]:
    out = []
    for n, (before, term, after, kind) in enumerate(TERMS):
        variants = {"plain": before + term + after, "traditional": _S2T.convert(before + term + after),
                    "noise": before + _noisy(term, n) + after}
        if any(c.isascii() and c.isalnum() for c in term):
            variants["fullwidth"] = _fullwidth(before + term + after)
        for name, text in variants.items():
            for field in ("description", "title"):
                listing = product(**{field: text}) if field == "description" else product(title=text)
                out.append((f"{kind}:{term}:{name}:{field}", listing, [(kind, field)]))
        if kind == "unproven_claim":
            out.append((f"{kind}:{term}:with-proof", product(description=before + term + after,
                                                             proofs=["report://sales-2026-q3"]), []))
    for n, text in enumerate(INNOCENT):
        for name, variant in (("plain", text), ("traditional", _S2T.convert(text)), ("fullwidth", _fullwidth(text))):
            out.append((f"innocent:{n}:{name}", product(description=variant), []))
    for n, text in enumerate(CLEAN):
        out.append((f"clean:{n}", product(description=text), []))
        out.append((f"clean:{n}:traditional", product(description=_S2T.convert(text)), []))
    return out + _structural()


def _jewel_attrs(**changes) -> dict:
    return {**JEWEL_ATTRIBUTES, **changes}


def _structural() -> list[tuple[str, dict, list[tuple[str, str]]]]:
    out = [("jewel:complete", jewel(), [])]
    # R-LST-07: each required Appendix A item left out is one finding on that attribute
    for field in ("brand", "operator_name", "operator_contact", "operator_qualification", "origin",
                  "material_fineness", "style", "size", "weight_g", "accessories", "after_sale_commitment",
                  "warranty_period", "warranty_policy", "care_instructions", "professional_care", "treatment"):
        attrs = {k: v for k, v in JEWEL_ATTRIBUTES.items() if k != field}
        out.append((f"missing:{field}", jewel(attributes=attrs), [("missing_field", f"attributes.{field}")]))
    out.append(("missing:material-in-name", jewel(title="冰种手镯 56圈口"), [("missing_field", "title")]))
    out.append(("ok:material-in-name-traditional", jewel(title=_S2T.convert("翡翠手镯")), []))
    out.append(("missing:treatment-no-gems", jewel(attributes={k: v for k, v in _jewel_attrs(contains_gems=False)
                                                                .items() if k != "treatment"}), []))
    out += [("missing:source", product(source=""), [("missing_field", "source")]),
            ("missing:description", product(description=""), [("missing_field", "description")]),
            ("missing:price", product(price=None), [("missing_field", "price")]),
            ("missing:shipping", product(shipping_fee=None), [("missing_field", "shipping_fee")]),
            ("missing:promotion-terms", product(promotion={"description": "限时八折"}), [("missing_field", "promotion")]),
            ("ok:promotion-terms", product(promotion={"description": "限时八折", "ends_at": "2026-12-01T00:00:00+08:00",
                                                      "conditions": "每人限购一件"}), [])]
    # R-LST-17 / R-LST-18 (price_rules.py): terms, firmness and fees the text leaves open; each stated, no finding
    out += [("price:time-unstated", product(description="活动价59元, 欢迎选购"), [("price_claim", "description")]),
            ("price:condition-unstated", product(description="会员价更优惠"), [("price_claim", "description")]),
            ("price:not-firm", product(description="拍下改价"), [("price_claim", "description")]),
            ("price:fee-unlisted", product(description="礼盒包装需另收包装费"), [("price_claim", "description")]),
            ("ok:price-terms", product(description="活动价59元, 活动至12月31日; 会员价49元, 注册会员免费"), []),
            ("ok:fee-listed", product(description="礼盒包装另收包装费5元"), []),
            ("guarantee:shape", product(description="保证三年不生锈"), [("guarantee_claim", "description")]),
            ("ok:guarantee-of-service", product(description="保证48小时内发货"), [])]
    # R-LST-07: the Appendix A items under their accepted aliases (appendix_a.ALIASES) are read as the items
    aliased = {**{k: v for k, v in JEWEL_ATTRIBUTES.items() if k not in ("accessories", "care_instructions")},
               "findings": "无", "care_consumer": "避免磕碰和高温"}
    out.append(("jewel:aliases", jewel(attributes=aliased), []))
    # PB-06: "天然" on a treated stone (attribute or own text); a disclosed treatment without "天然" is fine
    for n, (title, treatment, expected) in enumerate([
            ("天然翡翠手镯", "B货(充胶)", [("treated_as_natural", "title")]),
            ("天然翡翠手镯 B+C货", "无", [("treated_as_natural", "title")]),
            ("天然翡翠手镯", "染色", [("treated_as_natural", "title")]),
            ("天然绿松石吊坠", "注胶", [("treated_as_natural", "title")]),
            ("天然红宝石戒指", "烧色处理", [("treated_as_natural", "title")]),
            ("天然翡翠手镯", "无", []), ("翡翠手镯 B货 已充胶处理", "B货(充胶)", []), ("绿松石吊坠", "优化(注胶)", []),
            ("天然和田玉挂件", "未处理", []), ("天然琥珀手串", "无", [])]):
        traditional = _S2T.convert(title)
        stone = next(m for m in ("翡翠", "绿松石", "红宝石", "和田玉", "琥珀") if m in title)
        attrs = _jewel_attrs(treatment=treatment, material_fineness=stone)
        out.append((f"treated:{n}", jewel(title=title, attributes=attrs), expected))
        out.append((f"treated:{n}:traditional", jewel(title=traditional, attributes=attrs), expected))
    # PB-05 / R-LST-06: imitation or plated goods called real; imitation goods in the precious category
    out += [("fake:plated-gold", jewel(title="足金项链 18K镀金", attributes=_jewel_attrs(material_fineness="铜镀金")),
             [("fake_as_real", "title"), ("fake_as_real", "category")]),
            ("fake:alloy-silver", product(title="纯银手镯 合金材质"), [("fake_as_real", "title")]),
            # ... and its name hides the plating the standard requires it to state
            ("fake:imitation-in-category", jewel(title="时尚手链", attributes=_jewel_attrs(material_fineness="合金镀金")),
             [("fake_as_real", "category"), ("missing_field", "title")]),
            ("fake:traditional", product(title=_S2T.convert("纯金耳环 电镀工艺")), [("fake_as_real", "title")]),
            ("ok:plated-outside-category", product(title="18K镀金合金耳环", category="fashion_accessory"), []),
            ("ok:real-gold", jewel(title="足金手链 999", attributes=_jewel_attrs(material_fineness="足金999",
                                                                            contains_gems=False)), []),
            ("ok:silver", jewel(title="足银耳钉", attributes=_jewel_attrs(material_fineness="足银S990",
                                                                      contains_gems=False)), [])]
    # R-LST-21 / PB-25: a promotional community post carries 广告
    post = {"kind": "community_post", "category": "post", "title": "今天推荐一款好用的保温杯",
            "description": "群友专享价59元", "promotional": True}
    out += [("ad:missing", product(**post), [("ad_label", "title")]),
            ("ad:labelled-title", product(**{**post, "title": "【广告】今天推荐一款好用的保温杯"}), []),
            ("ad:labelled-description", product(**{**post, "description": "广告: 群友专享价59元"}), []),
            ("ad:not-promotional", product(**{**post, "promotional": False}), []),
            ("ad:missing-2", product(**{**post, "title": "团购接龙: 新疆红枣"}), [("ad_label", "title")])]
    return out


# rooms the corpus's room cases are checked against (R-LST-27, R-LST-28)
ROOMS = {"room-ok": {"licence_info": "营业执照 91440300MA5XXXXX", "dispute_channel": "平台调解入口",
                     "service_hotline": "400-800-1234"},
         "room-no-hotline": {"licence_info": "营业执照 91440300MA5XXXXX", "dispute_channel": "平台调解入口"}}
ROOM_CASES = [("room:ok", product(room_id="room-ok"), []),
              ("room:unknown", product(room_id="room-none"), [("missing_field", "room_id")]),
              ("room:no-hotline", product(room_id="room-no-hotline"), [("missing_field", "room.service_hotline")])]

# certificates the corpus's certificate cases are checked against (the registry of accredited labs)
CERTIFICATES = {"NGTC-001": {"status": "valid", "material": "翡翠", "weight_g": "52.30"},
                "NGTC-002": {"status": "revoked", "material": "翡翠", "weight_g": "52.30"},
                "NGTC-003": {"status": "valid", "material": "和田玉", "weight_g": "52.30"},
                "NGTC-004": {"status": "valid", "material": "翡翠", "weight_g": "60.00"},
                "NGTC-005": {"status": "valid", "material": "翡翠", "weight_g": "52.32"}}
CERTIFICATE_CASES = [("cert:ok", jewel(certificates=["NGTC-001"]), []),
                     ("cert:within-tolerance", jewel(certificates=["NGTC-005"]), []),
                     ("cert:unknown", jewel(certificates=["FAKE-999"]), [("certificate", "certificates.0")]),
                     ("cert:revoked", jewel(certificates=["NGTC-002"]), [("certificate", "certificates.0")]),
                     ("cert:material", jewel(certificates=["NGTC-003"]), [("certificate", "certificates.0")]),
                     ("cert:weight", jewel(certificates=["NGTC-004"]), [("certificate", "certificates.0")]),
                     ("cert:second", jewel(certificates=["NGTC-001", "FAKE-2"]), [("certificate", "certificates.1")])]
