"""Builders of complete listing drafts (every field and attribute the category needs) and labelled cases."""

SOURCES = ("自有工厂, 浙江义乌", "品牌方一级经销, 授权书编号 SQ-2025-0417", "产地直采, 云南普洱",
           "自营仓, 广东东莞", "厂家直供, 江苏南通", "合作工厂, 福建泉州")


def product(category: str, title: str, description: str, price: str = "99.00", **extra) -> dict:
    draft = {"kind": "product", "category": category, "title": title, "description": description,
             "price": price, "shipping_fee": "0.00", "source": SOURCES[len(title) % len(SOURCES)]}
    draft.update(extra)
    return draft


JEWEL_BASE = {
    "brand": "珑玥", "operator_name": "深圳珑玥珠宝有限公司", "operator_contact": "客服 400-820-6618",
    "operator_qualification": "营业执照 91440300MA5H2K7Q3L", "origin": "中国深圳水贝加工",
    "style": "手串", "size": "内径 58mm", "weight_g": "12.6", "contains_gems": True, "treatment": "无",
    "accessories": "首饰盒, 检测证书", "after_sale_commitment": "7天无理由退货, 免费清洗保养",
    "warranty_period": "1年", "warranty_policy": "非人为损坏免费维修",
    "care_instructions": "避免磕碰、高温和化学品, 洗澡游泳前摘下", "professional_care": "改圈、抛光请交专业门店处理"}


def jewel(title: str, description: str, material: str, price: str = "1280.00", **attrs) -> dict:
    attributes = {**JEWEL_BASE, "material_fineness": material, **attrs}
    return product("jewelry", title, description, price, attributes=attributes)


def accessory(title: str, description: str, material: str, price: str = "59.00", **attrs) -> dict:
    """Fashion jewelry of no precious material: its own category, never `jewelry` (R-LST-06)."""
    attributes = {"material": material, "style": attrs.get("style", ""), "size": attrs.get("size", "")}
    return product("accessories", title, description, price, attributes=attributes)


def post(title: str, description: str, promotional: bool = False, price=None, category: str = "community_group") -> dict:
    return {"kind": "community_post", "category": category, "title": title, "description": description,
            "price": price, "promotional": promotional, "source": "社区团长发布"}


def live(category: str, title: str, script: str, price: str = "59.90", **extra) -> dict:
    """A host's spoken script for a live room, reviewed as the listing text it sells."""
    return product(category, title, script, price, host_id="h1", **extra)


def bad(family: str, draft: dict, span: str, field: str = "description", rules: tuple = ()) -> dict:
    return {"label": "violating", "family": family, "field": field, "span": span, "rules": list(rules),
            "draft": draft}


def good(trap: str, draft: dict) -> dict:
    """An innocent draft; `trap` says, in English, what makes it look like a violation."""
    return {"label": "innocent", "family": None, "field": None, "span": None, "trap": trap, "draft": draft}
