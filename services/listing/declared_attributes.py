"""Any listing's text claiming more than its own declared attributes (pure; PB-05, R-LST-11, R-LST-23). Round 15: the
truth of a claim often sits in `attributes` — the seller declares the material, composition, cultivation, origin, grade
or filling, and the title or description names a better one. Passing off the lesser as the better is 以次充好 /
以假充真 (产品质量法 art. 32, 39; 反不正当竞争法 art. 8(1); 食品安全法 art. 71 for labels; GB 7718 §4.1.2 for
ingredient lists); precious materials are judged by declared_material.py. One family per row of `CLAIMS`:

- a stainless grade above the declared one ("316不锈钢" where 201 or 430 is declared);
- wild where the declaration says cultivated, farmed or grown in a greenhouse;
- pure, natural or additive-free where the declared composition lists a syrup, flavouring, colour or preservative;
- made in or imported from a country the declared origin does not name;
- an original-maker part where the declared grade is aftermarket, refurbished or compatible;
- a fill or a material (goose down, mulberry silk, cashmere, full-grain leather, latex) the declared fill or material
  replaces with a cheaper one.

A claim disclosed or denied just before ("非野生", "仿真丝", "不是原厂") claims nothing. Kind `fake_as_real`, category
`declared-attribute`, span: the claim in the text; to a reviewer."""

import functools
import re

from tianping.lib.enforcement import NO_FINDING, enforces

from . import declared_blend
from .findings import Finding
from .matching.normalise import fold_chars

RULE_IDS = ("PB-05", "R-LST-11", "R-LST-23")
FIELDS = ("title", "description")
MATERIAL = ("material", "composition", "ingredients", "filling", "fabric")
# A part or a material of the goods named after its origin ("意大利进口面料", "日本原装机芯") says nothing of the goods'.
PART = r"[\u4e00-\u9fff]?(面料|机芯|原料|材料|配件|芯片|零件|皮料|布料|奶源|电机|轴承|刀片|钢材|钢|纱线|木料|染料|香精|配方|设备|技术)"
COUNTRIES = r"意大利|日本|德国|法国|美国|瑞士|英国|韩国|澳洲|澳大利亚|新西兰|泰国|西班牙|比利时|丹麦|瑞典|荷兰|加拿大|奥地利|捷克"
# (family, the attributes read, the claim in the text, what in them contradicts it — None: any declared place that does
# not name the claimed country); a claim's group `own` found in the declaration too is no contradiction (the same grade
# or country, or a blend that names the claimed fibre: "腈纶70% 羊绒30%").
CLAIMS = (
    ("stainless grade", MATERIAL + ("grade",), r"(?P<own>304|316l?|316)\s*(不锈钢|钢)",
     r"(?<!\d)(201|202|430|410|420|j1|j2|j3)(?!\d)"),
    ("wild", ("cultivation", "production_method", "origin"), r"野生", r"人工|栽培|养殖|大棚|种植|圈养|菌袋|家养|饲养|培育"),
    ("pure or additive-free", ("composition", "ingredients"),
     r"纯天然|纯正|(100|百分百)\s*%?\s*纯|无任何添加|零添加|无添加|不添加|纯粮|原浆|纯[\u4e00-\u9fff]?(蜜|蜂蜜|油|奶|汁|粉)",
     r"糖浆|果葡|白砂糖|香精|色素|添加剂|防腐剂|甜味剂|增稠剂|代可可脂|植脂末|食用酒精|勾兑|香料|氢化|山梨酸钾|苯甲酸钠"),
    ("origin", ("origin", "place_of_origin"),
     r"(?P<own>" + COUNTRIES + r")[\u4e00-\u9fff]{0,2}?(手工|制作|制造|生产|原产|原装|进口)(?!" + PART + r")|(产自|原产于?)\s*(?P<own2>"
     + COUNTRIES + r")", None),
    # Round 19: the part's source and its maker's brand declared too ("part_source": 副厂件, "brand": 无品牌).
    # Round 20: and its maker declared as not the brand's ("manufacturer": 某电子厂（非品牌授权）).
    ("original part", ("grade", "material", "condition", "part_source", "brand", "manufacturer"),
     r"原厂(件|配件|正品)?|原装(件|配件)?(?!进口|包装|盒|配送)|正厂件",
     r"副厂|非原厂|拆车|翻新|仿|兼容|品牌件|改装|再制造|无品牌|白牌|第三方|非[\u4e00-\u9fff\w]{0,6}授权|未经?授权|无授权|"
     r"[（(]\s*(非|不是)[^）)]{1,10}[）)]|非(官方|原厂|品牌方?|正品|原装)|贴牌|山寨|组装"),  # round 21: 某电子厂（非苹果）
    # Round 20: a genuine edition claimed where the declared print is a copy (著作权法 art. 53: copies made without leave).
    ("genuine edition", ("print", "printing", "edition"), r"正版(?!权)", r"复印|影印|盗版|翻印|打印|盗印|扫描"),
    # Round 22: a licence claimed where the declared brand is home-made or none (著作权法 art. 53, 商标法 art. 57).
    ("licence", ("brand", "manufacturer"), r"(正版|官方|品牌|原厂)授权|授权正版",
     r"自制|无品牌|无牌|没有品牌|白牌|杂牌|无授权|未经?授权|非授权"),
    ("goose down", MATERIAL, r"(?P<own>鹅绒|鹅毛)", r"鸭绒|鸭毛|羽丝绵|聚酯|涤纶|喷胶棉|丝绵"),
    ("down", MATERIAL, r"(?P<own>羽绒)", r"羽丝绵|聚酯|涤纶|喷胶棉|丝绵|棉花|仿羽绒"),
    ("silk", MATERIAL, r"(桑)?(?P<own>蚕丝|真丝)", r"化纤|聚酯|涤纶|仿丝|冰丝|人造丝|醋酸"),
    ("cashmere", MATERIAL, r"(?P<own>羊绒)", r"腈纶|涤纶|聚酯|仿羊绒"),
    ("leather", MATERIAL, r"(?P<own>真皮|头层(牛)?皮|全粒面)",
     r"pu|超纤|人造革|合成革|二层|再生皮|仿皮|科技布|布艺|聚酯|涤纶|绒布"),  # round 19: a fabric declared
    ("latex", MATERIAL, r"(天然)?(?P<own>乳胶)", r"海绵|聚氨酯|记忆棉"),
    # Round 16: a natural fibre (wool, linen, cotton said pure) where the declared composition is a synthetic one.
    ("natural fibre", MATERIAL, r"(纯|全|100%|百分百)?(?P<own>羊毛|羊驼毛|马海毛|驼绒|牦牛绒|亚麻|苎麻|蚕丝)|(纯|全)(?P<own2>棉)",
     r"聚丙烯|丙纶|腈纶|涤纶|聚酯|锦纶|尼龙|化纤|粘胶|人造|仿羊毛|仿麻|再生纤维"),
)
COMPILED = tuple((family, keys, re.compile(claim), against and re.compile(against))
                 for family, keys, claim, against in CLAIMS)
DISCLOSED = re.compile(r"(非|不是|并非|仿|类|似|人工|无|不含|没有|不用)[\u4e00-\u9fff]{0,2}$")
# Round 20: an origin declared only as the home country names no region, so a Chinese indication's area is not
# contradicted by it ("凉山料" from "中国"); a foreign indication's still is ("缅甸翡翠" from "中国").
HOME_COUNTRY = ("中国", "国产", "china", "中国大陆", "中华人民共和国")
FOREIGN = re.compile(COUNTRIES + r"|缅甸|俄罗斯|波兰|立陶宛|波罗的海|斯里兰卡|哥伦比亚|阿富汗|伊朗|墨西哥|巴西|印度|越南|老挝|多米尼加")


def _declared(listing: dict, keys: tuple[str, ...]) -> str:
    attributes = listing.get("attributes") or {}
    return " ".join(fold_chars(str(attributes[k])).lower() for k in keys if attributes.get(k))


def _contradicted(m: re.Match, against, declared: str) -> bool:
    own = m.groupdict().get("own") or m.groupdict().get("own2")
    if not declared or (own and own in declared):
        return False  # nothing declared, or the declaration names the claimed grade or country too
    return against is None or bool(against.search(declared))


@enforces(*RULE_IDS, neutral=NO_FINDING)  # beside declared_material (precious goods): any goods' declared attributes
def findings(listing: dict, precious: tuple[str, ...], indications: dict | None = None) -> list[Finding]:
    """`indications`: geographical-indication names to their protected areas (lexicon `geographical_indications`)."""
    if not listing.get("attributes"):
        return []
    out = _indications(listing, indications or {})  # round 16: precious goods too (保山料 declared from 凉山)
    if listing.get("category") in precious:
        return out
    out += declared_blend.findings(listing, _declared(listing, MATERIAL), RULE_IDS)  # round 21: pure over a blend
    for field in FIELDS:
        original = listing.get(field) or ""
        text = fold_chars(original).lower()
        for family, keys, claim, against in COMPILED:
            declared = _declared(listing, keys)
            m = next((m for m in claim.finditer(text) if not DISCLOSED.search(text[max(0, m.start() - 4):m.start()])
                      and _contradicted(m, against, declared)), None)
            if m:
                said = original[m.start():m.end()]
                out.append(Finding(RULE_IDS, "fake_as_real", field, m.start(), m.end(), said,
                                   f"'{said}': {family} claimed against the listing's own declared attributes "
                                   f"({declared[:60]}): the lesser passed off as the better (PB-05)", review=True,
                                   category="declared-attribute"))
                break
    return out


# Round 22: a producing-area word inside the name ("西湖产区龙井", "阳澄湖产地大闸蟹") still names the indication.
AREA_WORDS = re.compile(r"核心产区|原产地|产区|产地|核心区")


def _squeezed(folded: str) -> tuple[str, list[int]]:
    """The text read with spaces (round 18: "阳澄湖 大闸蟹") and area words taken out, each index kept to the original's."""
    dropped = {i for m in AREA_WORDS.finditer(folded) for i in range(m.start(), m.end())}
    kept = [i for i, c in enumerate(folded) if not c.isspace() and i not in dropped]
    return "".join(folded[i] for i in kept), kept


# Round 23: an origin declared only as a pointer ("见商品详情", "详见图片") names no place; and an indication written
# with its place and its product apart ("西湖产区龙井", "五常产的大米") is still its name.
POINTER = re.compile(r"见|详见|详情|参见|如图|以实物为准|图片|页面|商品|说明")
PLACE_JOIN = r"(核心产区|产区|产地|原产地?|出产的?|产的?|正宗)"


def _named(text: str, name: str) -> tuple[int, int]:
    """Where `name` is said in `text` and how long the saying is: whole, or its place and product apart."""
    at = text.find(name)
    if at >= 0:
        return at, len(name)
    m = _apart(name).search(text)
    return (m.start(), m.end() - m.start()) if m else (-1, 0)


@functools.lru_cache(maxsize=1024)
def _apart(name: str) -> re.Pattern:
    return re.compile("|".join(re.escape(name[:cut]) + PLACE_JOIN + re.escape(name[cut:])
                               for cut in range(2, len(name) - 1)) or r"(?!)")


def _indications(listing: dict, indications: dict) -> list[Finding]:
    """Round 16: a geographical-indication name ("五常大米", "西湖龙井") on goods whose declared origin names none of
    its protected areas: origin passed off (地理标志产品保护办法 art. 20, 商标法 art. 16; source GI in the lexicon)."""
    origin = _declared(listing, ("origin", "place_of_origin"))
    if not origin:
        return []
    country_only = origin.strip() in HOME_COUNTRY
    if POINTER.search(origin) and not FOREIGN.search(origin) and len(POINTER.sub("", origin).strip()) < 2:
        return []  # round 23: "见商品详情" points elsewhere and names no place: nothing declared to contradict
    for field in FIELDS:
        original = listing.get(field) or ""
        text, kept = _squeezed(fold_chars(original))
        for name, areas in indications.items():
            at, size = _named(text, name)
            if at < 0 or DISCLOSED.search(text[max(0, at - 4):at]) or any(a.lower() in origin for a in areas):
                continue
            if country_only and not FOREIGN.search("/".join(areas)):
                continue  # round 20: the country declared, no region: the area is not contradicted
            first, last = kept[at], kept[at + size - 1] + 1
            said = original[first:last]
            return [Finding(RULE_IDS, "fake_as_real", field, first, last, said,
                            f"'{said}': a geographical indication of {'/'.join(areas)} on goods declared from "
                            f"{origin[:40]}: origin passed off (PB-05)", review=True, category="geographical-indication")]
    return []
