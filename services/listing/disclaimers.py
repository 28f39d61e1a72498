"""Round 7: readings in which a claim word (other than an absolute term, whose negation the SAMR 2023 exceptions read)
claims nothing because the sentence around it disclaims, denies, warns or asks (pure, over one field's text):

- a universal negation before it in its clause ("不具有任何…作用", "未代表任何…", "没有和任何…合作") or a denial verb
  ("并非", "不代表", "从未", "反对", "不宣称", "不销售"): the seller says what the goods are not;
- a warning or a lesson in telling the fake apart around it ("警惕…骗局", "如何辨别高仿", "…的陷阱"): it is named to be
  avoided, not offered (Advertising Law art. 28 bars misleading; a warning misleads no one);
- a conduct said to be absent just before it ("全程无自费项目强制消费");
- a question about it answered with a denial ("X? 不, …", "X? 本店不售", "X? 不存在的") or a question someone else
  asked ("有顾客问是不是…", "很多朋友问有没有…"): the seller reports, and then answers, a buyer's question.
The words are small closed lists of Chinese function words; the claim vocabulary stays in the lexicon."""

import re

CLAUSE_END = re.compile(r"[，,。;；\n|!！?？]")
QUESTION_END = re.compile(r"[?？]")
UNIVERSAL_NEGATION = re.compile(r"(不|未|非|无|没有?|从未|并非|从不|绝不|决不)[^，,。;；!！?？\n]{0,8}(任何|一切)")
DENIALS = ("并非", "不代表", "未代表", "并不代表", "从未", "反对", "不宣称", "未宣称", "不具有", "不具备", "不销售", "不出售",
           "不售卖", "没有和", "不涉及", "不等于", "不属于", "不是让", "并不能", "不能让", "无法让", "不会让")  # round 18
DISCERNING = ("辨别", "鉴别", "识别", "分辨", "区分", "区别", "揭秘", "警惕", "谨防", "防范", "曝光", "打击")
EXPOSED_AFTER = ("骗局", "骗术", "陷阱", "套路", "智商税", "是骗人", "都是假的", "不可信")
ANSWERS = ("不", "否", "没有", "并非", "并不", "不存在", "本店不", "我们不", "其实", "请理性", "只是", "仅为", "卖的是",
           "这是", "说明")
CORRECTIONS = ("卖的是", "其实是", "实际是", "这里是")  # "真皮? 我们卖的是超纤皮": the answer names what it is
REASSURING = ("不用", "不怕", "不在话下", "不是问题", "不难", "不再")  # "失眠? 不用愁, …" answers yes
AFFIRMING = ("可", "能", "帮", "助", "快速", "有效", "让", "使", "就")
ASKED = ("是不是", "有没有", "能不能", "可不可以", "会不会", "吗")
ASKER = re.compile(r"问(?!题|候)")
REACH = 16
OPEN_QUOTES, CLOSE_QUOTES = "“‘「『", "”’」』"
QUOTE_REACH = 30
QUOTE_TAIL = re.compile(r"[、\s]*(等|之类|这类|这种|这样|一类)|的?(说法|条款|用语|字样|话术|表述|规定)")
ANALYSING = ("解析", "分析", "讲解", "解读", "列举", "禁止", "不得", "严禁", "违规", "违法", "无效", "规定", "提醒")
CONDUCT = ("forced-purchase", "fake-data", "off-platform", "hidden-charge")
ABSENT = ("无", "没有", "不存在", "杜绝")
ENDORSEMENTS = ("celebrity-endorsement", "expert-endorsement", "media-endorsement")
ENDORSEMENT_ABSENT = re.compile(r"无(?![数比论限])|没有|不存在|并无")
CONDUCT_REACH = 6  # characters of the clause before the claim in which a denial or a warning counts


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    first = max((m.end() for m in CLAUSE_END.finditer(text, 0, start)), default=0)
    stop = CLAUSE_END.search(text, end)
    return first, stop.start() if stop else len(text)


# Round 9: a claim word the seller says it will not say ("我们不说顶级, 只讲参数", "从不号称第一") is named, not used —
# for absolute terms too: the sentence states what the seller refuses to call the goods.
SAY_REFUSED = re.compile(r"(不|从不|绝不|不敢|不会|不爱|不去)(说|吹|称|自称|号称|标榜|讲|提|喊|写|搞|玩)(什么|自己是?|我们是|是)?$")


def said_refused(text: str, start: int) -> bool:
    """The claim at `start` follows a refused speech verb in its clause ("不说顶级", "不敢称最好")."""
    first = max((m.end() for m in CLAUSE_END.finditer(text, 0, start)), default=0)
    return bool(SAY_REFUSED.search(re.sub(r"\s+", "", text[max(first, start - REACH):start])))


def disclaimed(text: str, start: int, end: int) -> bool:
    """A universal negation or a denial verb before the claim in its clause."""
    first, _ = _clause(text, start, end)
    before = text[max(first, start - REACH):start]
    negation = UNIVERSAL_NEGATION.search(before)
    if negation and not any(word in before[negation.end():] for word in AFFIRMING):
        return True  # "不具有任何能量或改运作用"; not "不含任何激素可根治…", where a claim follows the negated thing
    return any(word in before for word in DENIALS)


def warned(text: str, start: int, end: int) -> bool:
    """Named to be told apart or avoided: a discerning or warning word before it, or an exposé word after it, in its
    clause."""
    first, last = _clause(text, start, end)
    before, after = text[max(first, start - REACH):start], text[end:last]
    return any(word in before for word in DISCERNING) or any(word in after for word in EXPOSED_AFTER)


def answered_no(text: str, start: int, end: int) -> bool:
    """A question about the claim followed by a denial ("消炎? 不, 是消音棉"), or a question the seller reports someone
    asking ("常有顾客问是不是…同款")."""
    first, last = _clause(text, start, end)
    if last < len(text) and QUESTION_END.match(text, last):
        reply = text[last + 1:last + 8].lstrip(" \t:：,，")
        if (reply.startswith(ANSWERS) and not reply.startswith(REASSURING)) or any(w in reply for w in CORRECTIONS):
            return True
    sentence = max((m.end() for m in re.finditer(r"[。!！?？\n]", text[:start])), default=0)
    asks = list(ASKER.finditer(text, sentence, start))
    return bool(asks) and any(q in text[asks[-1].start():last + 1] for q in ASKED)


def conduct_negated(text: str, start: int, category: str) -> bool:
    """A conduct (a tie-in, an off-platform lure, faked data) said to be absent just before it ("全程无…强制消费");
    round 15: so is an endorsement ("本品无明星代言", "没有任何专家背书") — "无数" counts, it denies nothing."""
    first = max((m.end() for m in CLAUSE_END.finditer(text, 0, start)), default=0)
    before = text[max(first, start - CONDUCT_REACH):start]
    if category in ENDORSEMENTS:
        return bool(ENDORSEMENT_ABSENT.search(before))
    return category in CONDUCT and any(word in before for word in ABSENT)


def quoted_mention(text: str, start: int, end: int) -> bool:
    """A construction quoted to be discussed ("书中解析“…”等条款为何无效"): inside quotes that a list word, a word for
    wording or terms follows, or that a verb of analysing or ruling precedes in the sentence."""
    opened = max(text.rfind(q, max(0, start - QUOTE_REACH), start) for q in OPEN_QUOTES)
    if opened < 0 or any(q in text[opened + 1:start] for q in CLOSE_QUOTES):
        return False
    closes = [at for at in (text.find(q, end, end + QUOTE_REACH) for q in CLOSE_QUOTES) if at >= 0]
    if not closes:
        return False
    sentence = max((m.end() for m in re.finditer(r"[。!！?？\n]", text[:opened])), default=0)
    return bool(QUOTE_TAIL.match(text, min(closes) + 1)) or any(v in text[sentence:opened] for v in ANALYSING)


def denied(text: str, start: int, end: int, category: str = "") -> bool:
    return (disclaimed(text, start, end) or warned(text, start, end) or answered_no(text, start, end)
            or conduct_negated(text, start, category))


# Round 14: a claim word used as a name or a theme claims nothing of the goods — a brand ("X牌", 品牌名“X”), a style's
# name ("“X”是款式名称"), or the subject of a game, a book or a print ("X 主题 桌游", "X题材"). SAMR 2023 guideline
# art. 10 (a product name or trademark is not itself an absolute claim); Advertising Law art. 9 reads claims, not names.
NAME_BEFORE = re.compile(r"((品牌|商标|款式)名称?|款名|品名|店名|名为|名叫|叫做)[是为称：:\s]*[“\"「『]?$|(品牌|商标)[是为：:\s]*[“\"「『]$")
NAME_AFTER = re.compile(r"^[”\"」』]?\s*(牌(?!子|匾|照|位)|(是|为)?(款式|品牌|商标|产品|系列)名称?|主题|题材)")


def is_name_or_theme(text: str, start: int, end: int) -> bool:
    return bool(NAME_BEFORE.search(text[max(0, start - 8):start]) or NAME_AFTER.match(text[end:end + 8]))
