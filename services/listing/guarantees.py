"""Results guaranteed by construction (pure; R-LST-20, R-LST-23, PB-03): a promise word and, in its clause, an outcome
the goods cannot warrant — an outcome stated as a bad thing that will never happen ("保证不掉毛", "保证24小时绝不晕染"),
or as a figure of improvement ("保证省油30%", "保证瘦10斤"), a result for life ("终身不用再换电池"), a removal of
everything ("一次性除净所有甲醛"); and, with no promise word, a total outcome ("效果百分百", "甲醛清零", "黑眼圈100%消失"). The lexicon's `guaranteed-results` compounds list outcomes by name; this reads the
shape, so an outcome nobody listed is still read. Kind `guarantee_claim`, category `guaranteed-results`.

A promise of the service, not of a result, claims nothing: delivery, authenticity, freshness, after-sales, packaging
("保证48小时内发货", "正品保证", "保证节前送达"); nor does a promise negated or hedged ("不保证", "不能保证永久"), an
instruction to the buyer ("退货请保证不影响二次销售") or a name (保证金, 保证书)."""

import re

from tianping.lib.enforcement import NO_FINDING, enforces

from . import questions
from .findings import Finding
from .matching.normalise import fold_chars, unspaced

RULE_IDS = ("R-LST-20", "R-LST-23", "PB-03")
FIELDS = ("title", "description")
CLAUSE = r"[^，,。;；!！?？\n]"
# Round 18: 一定 promises like 保证 when a result follows ("一定降到国标以下"); an instruction ("一定要…") does not.
PROMISE = re.compile(r"(保证|确保|包你|保你|包您|保您|承诺|担保|包管|保录|包录|保进|包进|一定(?!要|得|注意|记得|程度|的))"
                     r"(?!金|书|期|函|人|险)")
NEGATED_OUTCOME = re.compile(r"^" + CLAUSE + r"{0,8}?(绝不|永不|决不|再也不|都不|不会|不再|不)(?!是|影响|含|另|收|退|支持|超过|包含|提供"
                             r"|议价|满意|同|一样|变价|涨价)[\u4e00-\u9fff]{1,4}")
PROBLEM = r"(甲醛|异味|细菌|病菌|螨虫|蚊子|蚊虫|苍蝇|蟑螂|老鼠|跳蚤|臭虫|虫子|黑眼圈|眼袋|皱纹|细纹|色斑|黄褐斑|雀斑|斑点|痘痘|痘印|粉刺|闭口|脂肪|赘肉|脱发|白发|疤痕|口臭|湿气|" \
          r"毒素|橘皮纹?|妊娠纹)"
FIGURE_OUTCOME = re.compile(r"^" + CLAUSE + r"{0,6}?(省|降|减|提高|提升|增加|增|涨|长|瘦|多|少|高|结|产|收)" + CLAUSE +
                            r"{0,3}?\d+(\.\d+)?\s*(%|％|cm|厘米|斤|公斤|kg|分|倍|度)|^" + CLAUSE + r"{0,6}?(名次|排名|前[三十]|前\s*\d+)|^"
                            + CLAUSE + r"{0,6}?(0|零)\s*(污染|甲醛|残留|异味|细菌|失败|风险|瑕疵|故障|过敏|伤害|" + PROBLEM[1:])
SERVICE = re.compile(r"发货|送达|到货|发出|正品|真品|正版|原装|新鲜|售后|质量|品质|退换|退货|服务|准时|按时|时效|安全|包装|"
                     r"完好|库存|有货|现货|价格|假一|隐私|资金|账户|二次销售|一致|相符|实物|描述|图片|尺码|数量|足量|足重|无损")
HEDGE = re.compile(r"(不|不能|无法|不敢|不作|并不|没法|难以|请|需|须|务必|要)$")
FOR_LIFE = re.compile(r"(终身|永久|一辈子|永远)(都)?(不用|不必|无需|不需要)(再)?(换|买|修|补|充电|维修|更换)")
# Round 14: a removal stated as total by its verb ("3天除净甲醛", "一晚杀光", "蚊子死光", "一只不留"), and a state promised
# forever ("永远不会冷", "一辈子不会坏"): outcomes no goods warrant (Advertising Law art. 28(2)(2)).
ALL_GONE = (r"[0-9一二两三四五六七八九十]\s*(天|日|晚|次|小时|分钟)[^，,。;；!！?？\n]{0,2}(除净|去净|清光|杀光|灭光|除光)|"
            r"(死光|杀光|灭光|死绝|一只不留|一个不留|一只不剩|一个不剩|寸草不生)")
FOREVER = re.compile(r"(永远|永久|一辈子|终身|这辈子)(都|也)?不(?:会|再)?+(?!是|变心|忘|后悔|分离|离开|过时|孤单|缺席|放弃|停止|"
                     r"打烊|涨价|降价|变价|收|限|加|另|需|要|用|必)[\u4e00-\u9fff]{1,2}")
REMOVES_ALL = re.compile(r"(除净|清除|去除|杀灭|消灭|去净|祛除)(所有|全部|一切|百分之百|100%)|" + ALL_GONE)
# Round 13: a total outcome stated without a promise word — the effect itself put at 100% ("效果百分百", "百分百有效"),
# or a problem of the body or the air made to vanish at once or entirely ("甲醛清零", "黑眼圈100%消失").
WHOLLY = r"(100\s*[%％]|百分百|百分之百|彻底|完全|全部|统统|永久|立马|马上|立刻|一次性?|当天)"
TOTAL = re.compile(r"(效果|有效率|见效率)\s*(100\s*[%％]|百分百|百分之百)|(100\s*[%％]|百分百|百分之百)(有效|见效|管用)|" + PROBLEM
                   + CLAUSE + r"{0,4}?(" + WHOLLY + r"(消失|消除|去除|不见|没了|全无|死光|杀光|灭光|死掉)|(清零|归零|根除|一扫而光))")
# Round 15: an outcome promised by its shape with no word the earlier rounds read (Advertising Law art. 24(1) education
# and training results, art. 25(1) returns and value, art. 27(1) yields, art. 28(2)(2) effects): a result "packaged" by
# 包 ("包会", "包教会", "包脱单"), a result stated as certain by 必 ("必中", "成绩必提高"), a result put at 100%
# ("百分百发芽", "💯%不会迷路"), a yield or score promised as a figure ("产量保证2000斤"), a measure of the buyer raised by a
# figure ("记忆力提高30%"), and a value that only rises ("稳稳增值", "只会越来越值钱"). An achievement after a promise word
# ("保证学会", "确保考上") is read like an outcome in `_promised`.
ACHIEVED = re.compile(r"^" + CLAUSE + r"{0,6}?(写出|写好|学会|学得会|会[弹唱说写画游开]|考上|考过|考取|通过(?!安检|机场|地铁|高铁)|上岸|拿证|脱单|成活|"
                      r"练出|练成|瘦到|瘦下|找到(?:对象|工作|另一半|女朋友|男朋友)|就业|入职|长出|降到|存活|发芽|出苗|开花|挂果|坐果|(当年|次年|明年|[0-9一二两三]年)结果|达标|验收合格|检测合格|一次合格|见效|有效(?!期)|治好|长高|变白|变瘦|变美|提高|提升|抢到|中奖|中签|回本|升值|增值|满分|高分)")
PACKAGED = re.compile(r"(?<![书背钱红面打手挎腰箱荷豆菜肉汤包礼钱皮])包(?:教|学)?会(?![员费议场所计展务籍长馆堂])(?=[\u4e00-\u9fffA-Za-z0-9，,。！!\s]|$)|"
                      r"包(?:脱单|结婚|领证|怀孕|下款|过审|录取|成活|出苗|发芽|上鱼|中鱼|爆护|瘦|长高|见效|抢到|中签)")
CERTAIN = re.compile(r"(?<![不未何务势])(?<!逢考)必(?:定|然)?(?:上岸|中奖|中签|过(?![期敏])|提高|提升|涨分|提分|瘦|成功|成活|见效|有效|"
                     r"[上中出]大?鱼|爆护|考上|录取|脱单|抢到)")
HUNDRED = re.compile(r"(?:100\s*[%％]|💯\s*[%％]?|百分百|百分之百)的?(?:成活|存活|发芽|出苗|成功|通过|过关|上岸|录取|抢到|买到|中奖|"
                     r"中签|治愈|学会|提分|不被|不会(?!发错|漏发|错发|少发))")
METRIC = re.compile(r"(?:亩产|产量|单产|成绩|分数|收入|月入|日入|年入|收益|回报|涨粉|粉丝|成活率|存活率|发芽率|出苗率|通过率|录取率|"
                    r"合格率|有效率|一亩|每亩|每株|一株|每棵|一棵)\s*(?:保证|确保|保底|包|稳|必达|必|起码|至少|最少)\s*"
                    r"(?:达到?|破|有|涨|提高|增加|产|结|收)?\s*[0-9一二三四五六七八九十两百千万]+\s*(?:斤|公斤|kg|吨|分|元|块|万|%|％|倍)?")
RAISED = re.compile(r"(?:智商|情商|IQ|EQ|iq|eq|成绩|分数|身高|视力|记忆力|专注力|注意力|体重|腰围)" + CLAUSE + r"{0,2}?"
                    r"(?:提升|提高|增加|增长|长高|涨|上升|降低|下降|减少|减轻|减)\s*\d+(?:\.\d+)?\s*(?:分|cm|厘米|度|斤|公斤|kg|%|％)")
VALUE_UP = re.compile(r"(?:稳稳?[的地]?|一定|只会|肯定|包|保证|绝对|必然)(?:升值|增值|越来越值钱)|只会越来越值钱|越来越值钱")
QUOTED = re.compile(r"《[^》]{1,40}》|「[^」]{1,40}」|『[^』]{1,40}』|“[^”]{1,40}”|\"[^\"]{1,40}\"")
# Round 18: a success told as everyone's ("没有一个没过的", "无一落榜", "个个都上岸", testimonial voices) and a service
# repeated until the result ("免费重考到过", "教到会为止"): a pass or an effect promised in other words (Advertising
# Law art. 24(1), 28(2)(2)).
RESULT = r"考上|考过|上岸|拿证|通过|瘦|见效|有效|提分|长高|发芽|结果|结瓜|成活|学会|录取"
UNIVERSAL = re.compile(r"(?:没有一个|没一个|从没有人|从来没有人|没有人)(?:学员|学生|顾客|客户|人|孩子)?(?:没|不|未)(?:过(?![年节日得去来程滤敏期])|"
                       + RESULT + r")|无一(?:失败|落榜|挂科|无效|不过)|(?:个个|人人|所有人|每个人)(?:都)?(?:过(?=了|关|[，。！!,]|$)|"
                       + RESULT + r")|(?:学员|学生|考生|孩子|顾客|客户|用户|姐妹|宝妈|用过的人?|买过的人?)们?(?:全部|全都|都|百分百)"
                       r"(?:已经?)?(?:上岸|考上|考过|拿证|瘦了|见效|提分|长高|过了)|(?:每次|次次|回回|每回|每一次)[^，。！!？?]{0,4}都"
                       r"(?:爆护|中鱼|上鱼|上大鱼|见效|成功|考过|通过)|(?:没有|从没|从来没|从不)空军")
# Round 18: a result's failure remedied by the seller ("不挂果我给你补苗", "提不了退一半"): the result is promised.
REMEDIED = re.compile(r"(?:不|没|没有|未)(?:挂果|结果|开花|见效|提分|长高|瘦|上岸|考过|脱单)[^，,。！!？?]{0,4}?"
                      r"(?:我|就|的话)?(?:给你|帮你|免费)?(?:补苗|补种|补发|重发|赔|退款?|包退|包换|换新)")
UNTIL = re.compile(r"(?:重考|重学|重修|复训|续学|补课|陪练|重训|免费学|教|学|练)(?:到|直到)(?:过(?![年节日得去来的程滤敏期])|会(?![计员议场所费])|学会|通过|考过|拿证|上岸|考上)(?:为止)?")
# Round 17: a body or a yield trained, grown or brought down to a result ("保证练出马甲线", "保证每株结30斤", "保证降到0"),
# a life event packaged ("包结婚", "包领证"), and a success rate promised as a figure ("发芽率保证95%").
SHAPES = (PACKAGED, CERTAIN, HUNDRED, METRIC, RAISED, VALUE_UP, UNIVERSAL, UNTIL, REMEDIED)
NOT_SO = re.compile(r"不|没|未|无法|难以|需坚持|因人而异")
MESSAGE = "'{}' guarantees a result the goods cannot warrant (Advertising Law art. 28: misleading; R-LST-23)"


def _promised(text: str) -> list[tuple[int, int]]:
    out = []
    for m in PROMISE.finditer(text):
        rest = text[m.end():]
        stop = re.search(r"[，,。;；!！?？\n]", rest)
        clause = rest[:stop.start() if stop else len(rest)]
        if HEDGE.search(text[max(0, m.start() - 3):m.start()]) or SERVICE.search(clause):
            continue
        outcome = NEGATED_OUTCOME.search(clause) or FIGURE_OUTCOME.search(clause) or ACHIEVED.search(clause)
        if outcome:
            out.append((m.start(), m.end() + outcome.end()))
    return out


@enforces(*RULE_IDS, neutral=NO_FINDING)  # beside the lexicon's guaranteed-results terms: this reads a promise's shape
def findings(listing: dict) -> list[Finding]:
    out = []
    for field in FIELDS:
        original = listing.get(field) or ""
        kept = unspaced(original)  # round 18: "保 证 瘦 10 斤" read as "保证瘦10斤", spans mapped back
        text = "".join(fold_chars(original)[i] for i in kept)
        spans = _promised(text) + [m.span() for pattern in (FOR_LIFE, REMOVES_ALL, FOREVER) for m in pattern.finditer(text)
                                   if not HEDGE.search(text[max(0, m.start() - 3):m.start()])]
        spans += [m.span() for m in TOTAL.finditer(text) if not NOT_SO.search(m.group(0))
                  and not HEDGE.search(text[max(0, m.start() - 3):m.start()])]
        spans += [(a, b) for a, b in _shaped(text) if not any(a < end and start < b for start, end in spans)]
        spans = [(a, b) for a, b in spans if not questions.asked_unaffirmed(text, a)] + _affirmed(text)
        for start, end in ((kept[a], kept[b - 1] + 1) for a, b in spans if b > a):
            said = original[start:end]
            out.append(Finding(RULE_IDS, "guarantee_claim", field, start, end, said, MESSAGE.format(said),
                               category="guaranteed-results"))
    return out


def _shaped(text: str) -> list[tuple[int, int]]:
    """Round 15's outcome shapes (`SHAPES`), each unless hedged, negated just before, or a promise of the service."""
    out = []
    quoted = [q.span() for q in QUOTED.finditer(text)]  # a blessing or a title printed on the goods ("“逢考必过”贴纸")
    for pattern in SHAPES:
        for m in pattern.finditer(text):
            if any(a < m.start() and m.end() < b for a, b in quoted):
                continue
            before = text[max(0, m.start() - 4):m.start()]
            if HEDGE.search(before) or re.search(r"(不|没|未|无法|难以|并非|不能|不敢)[\u4e00-\u9fff]{0,2}$", before) \
                    or SERVICE.search(m.group(0)):
                continue
            out.append(m.span())
    return out


def _affirmed(text: str) -> list[tuple[int, int]]:
    """Round 18: a question the seller's answer affirms with certainty ("问：以后会升值吗？答：肯定会涨") states the
    result it asks about: read as promised, it is a guarantee from the question's start to the answer's end."""
    return [(start, end) for start, end, statement in questions.affirmed_questions(text)
            if _promised("保证" + statement) or _shaped(statement)]
