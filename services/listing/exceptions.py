"""The exceptions of the SAMR 2023 guideline on absolute terms, and the other readings in which a claim word claims
nothing (pure, each over one field's text and one matched term):

- a comparative stating the goods' own specification ("最大XXL", "最大支持256GB", "最低起订量2箱", "最快30分钟"), or
  qualifying a measured quantity of them ("单口最大输出功率65W", "最低工作温度下") — a technical parameter;
- a comparison within the seller's own range ("本系列最大", "我们家最轻的一款", "店内最厚款", "最新一册");
- an ordinal or a step in a sequence ("第一阶段", "第一卷", "第一视角"; any "第一" in a text that also has "第二");
- "唯一" stating a plain fact about the goods ("唯一成分", "唯一的缺点", "唯一的门店");
- a ranking, award or endorsement word in a question ("有没有营养师推荐的早餐?"): asking for one claims nothing;
- "绝对" in an instruction ("绝对不要混洗", "绝对避免暴晒"), "最好" as advice ("最好提前一天预约", "最好有执照的");
- a comparative read off the goods' own figures later in its clause ("最大可以坐六个人", "最小的一块也有3厘米", "最大
  刻度 500ml"), never a price ("最低只要9元");
- a launch or a first that is a fact of time or place unless a wider scope is claimed ("本周首发", but "全网首发");
- an absolute word inside an award's name ("某某奖最佳导演"): the award is a claim of its own (R-LST-23, proof);
- a disease named in a caution to its patients ("孕妇及哮喘患者慎用") — a warning, not an efficacy;
- an approved health function claimed by registered health food (国食健注G…, 卫食健字, 食健备G…: R-LST-23's
  proof is the registration; the function must be one of the approved ones, never a cure).
The word lists are lexicon data (`measured_quantities`, `own_range`, `sequence_nouns`, `sole_fact_nouns`, `instruction_words`,
`health_functions`, `advice_followers`, `scoped_terms`), so a reviewer extends them with a new version like any term."""

import re
import unicodedata

from .disclaimers import denied, is_name_or_theme, said_refused
from .exceptions_r24 import is_own_sole
from .matching import Match
from .proofs import proved_in_text
from .reference_price import is_period_price

WIDER_SCOPE = ("全国", "全网", "全球", "世界", "行业", "同行", "市面", "所有", "同类", "国内", "国际", "全城", "业内", "业界", "全市", "本市",
               "圈内")
ORDINAL = re.compile(r"第[二三四五六七八九十2-9]")
SPEC_LEAD = re.compile(r"^[\s:：]*(支持|可达|达到|达|为|是|起订量|起订|可|仅需|只需|约|充至|仅)?[\s:：]*[0-9SMLXsmlx]")
ADJUSTABLE = re.compile(r"^[\u4e00-\u9fff]{1,3}(可调|可选|可设|可调节)")  # "最小扣距可调": a setting (round 7)
QUESTION_WORDS = ("吗", "求推荐", "有没有", "谁知道", "请问")
CLAUSE_END = re.compile(r"[，,。;；\n|!！?？]")
QUANTITY_REACH = 2  # characters allowed between the comparative and the quantity ("最大输出功率")
FIGURE = re.compile(r"[0-9]|[一二两三四五六七八九十百千万半几][个只件人位杯碗层档斤块张片粒台套米厘寸码号]")
PRICE = re.compile(r"[元块¥￥]|价|折|钱|划算|便宜")
FIGURE_REACH = 10  # characters after a comparative in which the figure that makes it a parameter must stand
AWARD = re.compile(r"奖")
CAUTION = re.compile(r"^(患者|病人|病患|人群|者|人)[^，,。;；]{0,4}(请|慎|禁|勿|不宜|不可|忌|须|需|应|遵|在医生)")
HEALTH_REGISTRATION = re.compile(r"国食健[注字]\s*G?\d|卫食健字|食健备\s*G?\d|蓝帽子|保健食品批准文号")
# Round 6. A claim word named, not used: quoted in a list or followed by a word for wording ("禁止使用“国家级”“最佳”等
# 用语", "不说什么全网第一、最好之类的话", "不含任何宗教加持说法") — a rule, a book or a disclaimer about the word.
OPEN_QUOTES = "“\"‘'「『"
MENTION_TAIL = re.compile(r"^[”\"’'」』、\s]*(?:[“\"‘'「『][^，,。;；!！?？\n]{1,12}?[”\"’'」』、\s]*){0,6}(等|之类|这类|这种|这样|这些|一类|那套|这套|那一套|那些)")
WORDING = re.compile(r"^[^，,。;；!！?？\n]{0,12}?((之类|这类|这种|这样|等)的?(话|用语|词|字眼|说法)|用语|词语|词汇|字眼|字样|说法|表述|话术|宣传语|违禁词|极限词|措辞)")
# Round 7: a quoted slogan printed on the goods ("“逢考必过”励志文字便利贴") is their decoration, not a claim.
PRINTED = re.compile(r"^[”\"’'」』]\s*[^，,。;；!！?？\n]{0,6}?(文字|图案|印字|刻字|标语|印花|贴纸)")
RULE_VERBS = ("禁止", "不得", "严禁", "不能用", "不要用", "避免", "违规", "违禁", "规定", "解读", "讲解", "列举", "列出",
              "属于", "不说", "不写", "不用", "不搞", "不玩", "拒绝")  # round 8: a practice refused ("不搞'特供'那套")
# A refusal in the clause just before a conduct claim ("我们没有请明星代言", "不花钱找博主推荐", "不以任何形式用返现换好
# 评", "不做大牌复刻"): the seller says what it does not do.
REFUSALS = ("没有请", "没请", "不请", "不找", "没找", "没有找", "不花钱", "不以任何形式", "不做", "不卖", "不搞", "不玩",
            "从不", "从来不", "绝不", "决不", "拒绝", "杜绝", "不接受", "不参与", "不提供", "不靠", "没有", "并无")
REFUSAL_REACH = 12
# Round 16: a status the state confers (特供, 专供) denied just before it: the seller says the goods have none.
# Round 18: so is one denied by 非 right before it ("非特供产品"), and a grade the state confers among the absolute terms
# ("并非国家级产品"): a status denied is none, where a denied superlative ("不是最好") still compares.
STATUS_DENIED = re.compile(r"(不是|并非|并不是|也不是|绝非|没有|并无|不属于|(?<![除莫])非)(什么|任何|所谓的?|啥)?$")
STATUS_TERMS = ("国家级", "国家级产品", "世界级", "国际级", "免检", "国家免检", "质量免检")
# A condition reported, not offered ("如遇导游强制消费可随时投诉", "若发现私下交易请举报"): the clause names what the
# buyer may meet and what to do about it.
HYPOTHETICAL = ("如遇", "若遇", "如遇到", "如果遇到", "如发现", "若发现", "一经发现", "如有人", "若有人")
SPECIAL_COSMETIC = re.compile(r"国妆特(进)?字|卫妆特字|特殊化妆品注册")
MEDICAL_DEVICE = re.compile(r"医疗器械(备案|注册)|械备\d|械注准|械字号|农药登记证|兽药(产品)?批准文号")  # round 19: +pesticides
CURE_WORDS = ("根治", "治愈", "包治", "痊愈", "特效", "神药", "百病", "断根", "永不复发")


def is_spec(text: str, m: Match, spec, quantities=()) -> bool:
    """A comparative followed by a figure or a size, directly or after a verb ("最大支持256GB"), or by the name of a
    measured quantity within a few characters ("最大输出功率", "最低工作温度"): SAMR 2023's technical parameters."""
    word = next((w for w in spec if text.startswith(w, m.start)), None)
    if word is None:
        return False
    after = text[m.start + len(word):]
    if SPEC_LEAD.match(after) or ADJUSTABLE.match(after):
        return True
    near = after[:QUANTITY_REACH + 4]
    return any(0 <= near.find(q) <= QUANTITY_REACH for q in quantities)


def is_read_off(text: str, m: Match, spec) -> bool:
    """A comparative (最大, 最长 …) whose clause goes on, within a few characters, to a figure of the goods ("最大可以煮
    八个人的饭", "最大一只有25厘米") and names no price or wider scope: it reports the goods' own range."""
    if not any(text.startswith(w, m.start) for w in spec):
        return False
    end = CLAUSE_END.search(text, m.end)
    rest = text[m.end:min(end.start() if end else len(text), m.end + FIGURE_REACH)]
    before = text[max(0, m.start - 6):m.start]
    return bool(FIGURE.search(rest)) and not PRICE.search(rest) and not any(w in before for w in WIDER_SCOPE)


def is_advice(text: str, m: Match, lexicon) -> bool:
    """"最好" followed by an action or a condition is advice ("最好提前预约", "最好有备案的"), not "the best"."""
    return m.text == "最好" and any(text.startswith(w, m.end) for w in lexicon.advice_followers)


def is_scoped_fact(text: str, m: Match, lexicon) -> bool:
    """A launch or a first ("首发") states a fact of time or place; only a wider scope before it makes it absolute."""
    if m.text not in lexicon.scoped_terms:
        return False
    return not any(w in text[max(0, m.start - 4):m.start] for w in WIDER_SCOPE)


def in_award_name(text: str, m: Match) -> bool:
    """"雨果奖最佳长篇小说": an absolute word right after an award's name, or before 奖 in its clause, names the award."""
    end = CLAUSE_END.search(text, m.end)
    after = text[m.end:end.start() if end else len(text)]
    return bool(AWARD.search(text[max(0, m.start - 2):m.start])) or (m.text.startswith("最") and "奖" in after[:8])


def is_own_range(text: str, m: Match, lexicon) -> bool:
    """A superlative within the seller's own range, named before it in the sentence or right after it."""
    if not text[m.start:m.end].startswith("最"):
        return False
    sentence_start = max(text.rfind(c, 0, m.start) for c in "。!！?？\n") + 1
    before = text[max(sentence_start, m.start - 24):m.start]
    marked = [before.rfind(marker) + len(marker) for marker in lexicon.own_range_markers if marker in before]
    if marked and not any(scope in before[max(marked):] for scope in WIDER_SCOPE + PRICED):
        return True  # "本系列最大"; not "我们家的品质全国最好", which compares beyond the range, nor (round 18)
        # "我们店回收价格永远是最高的": a price put highest or lowest is compared with other sellers'
    if any(scope in text[max(sentence_start, m.start - 6):m.start] for scope in WIDER_SCOPE):
        return False  # round 16: "业内最权威的版本" compares beyond the range, whatever follows
    after = text[m.end:m.end + 8]
    return any(re.match(rf"^[\u4e00-\u9fff]{{0,3}}{re.escape(f)}", after) for f in lexicon.own_range_followers)


def is_ordinal(text: str, m: Match, lexicon, listing_text: str = "") -> bool:
    said = unicodedata.normalize("NFKC", m.text).replace(" ", "").lower()
    if said in NUMBERED:  # round 8: "No.1" in a numbered range ("色号: No.1 正红 / No.2 豆沙") is a label
        # round 14: the range may be listed in another field (a title "No.1 号色", its description "No.2 …"), and a
        # number named as a label ("色号No.1", "No.1 号色", "No.1款") is one whatever else the listing says
        whole = unicodedata.normalize("NFKC", f"{text} {listing_text}").lower()
        after = unicodedata.normalize("NFKC", text[m.end:m.end + 4]).lstrip(" :：")
        return bool(NEXT_NUMBER.search(whole) or LABEL_BEFORE.search(text[max(0, m.start - 4):m.start])
                    or after.startswith(LABEL_AFTER))
    if not said.replace("第1", "第一").endswith("第一"):
        return False
    after = text[m.end:m.end + 4]
    return any(after.startswith(noun) for noun in lexicon.sequence_nouns) or bool(ORDINAL.search(text))


NUMBERED = ("no1", "no.1", "#1")
PRICED = ("价", "费")  # round 18: a price or a fee between the seller's range and its superlative
# Round 18: a number named as the colour right before it ("1号色 No.1 雾霾蓝") labels it too.
LABEL_BEFORE = re.compile(r"(色号|号色|型号|编号|款号|货号|序号|款式|颜色)[\s:：]*$")
LABEL_AFTER = ("号色", "色号", "号", "色")
NEXT_NUMBER = re.compile(r"(no\.?|#)\s?0?2(?!\d)")


def is_sole_fact(text: str, m: Match, lexicon) -> bool:
    if m.text != "唯一":
        return False
    after = text[m.end:m.end + 6].lstrip("的 ")
    return any(after.startswith(noun) for noun in lexicon.sole_fact_nouns) or is_own_sole(text, m, lexicon)


def is_instruction(text: str, m: Match, lexicon) -> bool:
    return m.text == "绝对" and any(text.startswith(w, m.end) for w in lexicon.instruction_words)


# Round 11: an absolute promise the seller says it cannot make ("效果因人而异, 不能保证永久", "无法承诺百分百") claims the
# opposite of the term; the denying verb stands right before it in its clause.
PROMISE_DENIED = re.compile(r"(不能|不敢|无法|不会|不可能|没法|不)(保证|承诺|确保|做到|打包票)(是|能|会|可以|达到|效果)?$")


def is_promise_denied(text: str, m: Match) -> bool:
    return bool(PROMISE_DENIED.search(_clause_before(text, m.start, 10).replace(" ", "")))


def is_registered_function(listing_text: str, m: Match, lexicon) -> bool:
    """Registered health food claiming one of the approved functions (not a cure: those stay violations), or (round 7)
    a registered special-use cosmetic (国妆特字…) claiming the function it is registered for (防脱发, 祛斑美白 …)."""
    functions = lexicon.health_functions if HEALTH_REGISTRATION.search(listing_text) else ()
    if SPECIAL_COSMETIC.search(listing_text):
        functions = (*functions, *lexicon.special_cosmetic_functions)
    said = m.text.replace(" ", "")
    return any(said in function or function in said for function in functions)


def in_question(text: str, at: int) -> bool:
    """Is the word at `at` in a question (the clause ends with "?" or asks: "有没有", "求推荐", "…吗")?"""
    end = CLAUSE_END.search(text, at)
    clause_start = max((m.end() for m in CLAUSE_END.finditer(text, 0, at)), default=0)
    clause = text[clause_start:end.start() if end else len(text)]
    return (end is not None and end.group() in "?？") or any(w in clause for w in QUESTION_WORDS)


def is_mention(text: str, start: int, end: int) -> bool:
    """A claim word named rather than claimed (round 6): in quotes in a list closed by 等/之类, after a rule verb in its
    sentence, or followed in its clause by a word for wording (用语, 说法, 字眼, 之类的话)."""
    quoted = start > 0 and text[start - 1] in OPEN_QUOTES
    sentence_start = max(text.rfind(c, 0, start) for c in "。!！?？\n") + 1
    before = text[sentence_start:start]
    if quoted and (MENTION_TAIL.match(text[end:]) or PRINTED.match(text[end:]) or any(v in before for v in RULE_VERBS)):
        return True
    return bool(WORDING.match(text[end:]))


def _clause_before(text: str, start: int, reach: int) -> str:
    clause_start = max((c.end() for c in CLAUSE_END.finditer(text, 0, start)), default=0)
    return text[max(clause_start, start - reach):start]


def voided(text: str, start: int, end: int, category: str) -> bool:
    """Round 6: the claim at [start, end) is named (`is_mention`), refused just before in its clause ("没有请明星代言",
    "不做大牌复刻" — not for absolute terms, whose negation is read by the SAMR exceptions) or reported as a condition
    the buyer may meet ("如遇导游强制消费可投诉")."""
    if is_mention(text, start, end) or said_refused(text, start) or is_name_or_theme(text, start, end):
        return True  # round 9: "我们不说顶级" names the word it refuses
    before = _clause_before(text, start, REFUSAL_REACH)
    if (category == "absolute-government" or text[start:end] in STATUS_TERMS) and STATUS_DENIED.search(before):
        return True  # round 16: "不是什么特供" denies the status; a denied superlative ("不是最好") still compares
    if not category.startswith("absolute") and (any(word in before for word in REFUSALS) or denied(text, start, end, category)):
        return True  # round 7: disclaimed, warned against, or a question answered no (disclaimers.py)
    return any(word in _clause_before(text, start, 40) for word in HYPOTHETICAL)


def is_registered_device(listing_text: str, m: Match) -> bool:
    """A registered medical device states its use ("医疗器械备案号…, 物理降温"); a cure stays a violation."""
    return bool(MEDICAL_DEVICE.search(listing_text)) and not any(w in m.text for w in CURE_WORDS)


def claims_nothing(text: str, m: Match, lexicon, listing_text: str) -> bool:
    kind = m.term.kind
    if voided(text, m.start, m.end, m.term.category):
        return True
    if kind == "efficacy_claim" and is_registered_device(listing_text, m):
        return True
    if kind == "absolute_claim":
        return (is_spec(text, m, lexicon.spec, lexicon.measured_quantities) or is_own_range(text, m, lexicon) or is_ordinal(text, m, lexicon, listing_text)
                or is_sole_fact(text, m, lexicon) or is_instruction(text, m, lexicon) or is_advice(text, m, lexicon)
                or is_read_off(text, m, lexicon.spec) or is_scoped_fact(text, m, lexicon) or in_award_name(text, m)
                or is_promise_denied(text, m) or is_period_price(text, m))
    if kind == "unproven_claim" and m.term.proof:
        return in_question(text, m.start) or proved_in_text(text, m.start, m.end, listing_text)
    return kind == "efficacy_claim" and (is_registered_function(listing_text, m, lexicon) or is_caution(text, m))


def is_caution(text: str, m: Match) -> bool:
    """A disease named in a warning to its patients ("心脏病患者请在医生指导下使用", "高血压人群慎用") claims no
    efficacy: it is the caution Advertising Law art. 16 and the product's instructions require."""
    return bool(CAUTION.match(text[m.end:m.end + 12]))
