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

from .findings import Finding

RULE_IDS = ("R-LST-20", "R-LST-23", "PB-03")
FIELDS = ("title", "description")
CLAUSE = r"[^，,。;；!！?？\n]"
PROMISE = re.compile(r"(保证|确保|包你|保你|包您|保您|承诺|担保|包管|保录|包录|保进|包进)(?!金|书|期|函|人|险)")
NEGATED_OUTCOME = re.compile(r"^" + CLAUSE + r"{0,8}?(绝不|永不|决不|再也不|都不|不会|不再|不)(?!是|影响|含|另|收|退|支持|超过|包含|提供"
                             r"|议价|满意|同|一样|变价|涨价)[\u4e00-\u9fff]{1,4}")
FIGURE_OUTCOME = re.compile(r"^" + CLAUSE + r"{0,6}?(省|降|减|提高|提升|增加|增|涨|长|瘦|多|少|高)" + CLAUSE +
                            r"{0,3}?\d+(\.\d+)?\s*(%|％|cm|厘米|斤|公斤|kg|分|倍|度)|^" + CLAUSE + r"{0,6}?(名次|排名|前[三十]|前\s*\d+)|^"
                            + CLAUSE + r"{0,6}?(0|零)\s*(污染|甲醛|残留|异味|细菌|失败|风险|瑕疵|故障|过敏|伤害)")
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
PROBLEM = r"(甲醛|异味|细菌|病菌|螨虫|蚊子|蚊虫|苍蝇|蟑螂|老鼠|跳蚤|臭虫|虫子|黑眼圈|眼袋|皱纹|细纹|色斑|黄褐斑|雀斑|斑点|痘痘|痘印|粉刺|闭口|脂肪|赘肉|脱发|白发|疤痕|口臭|湿气|" \
          r"毒素|橘皮纹?|妊娠纹)"
WHOLLY = r"(100\s*[%％]|百分百|百分之百|彻底|完全|全部|统统|永久|立马|马上|立刻|一次性?|当天)"
TOTAL = re.compile(r"(效果|有效率|见效率)\s*(100\s*[%％]|百分百|百分之百)|(100\s*[%％]|百分百|百分之百)(有效|见效|管用)|" + PROBLEM
                   + CLAUSE + r"{0,4}?(" + WHOLLY + r"(消失|消除|去除|不见|没了|全无|死光|杀光|灭光|死掉)|(清零|归零|根除|一扫而光))")
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
        outcome = NEGATED_OUTCOME.search(clause) or FIGURE_OUTCOME.search(clause)
        if outcome:
            out.append((m.start(), m.end() + outcome.end()))
    return out


@enforces(*RULE_IDS, neutral=NO_FINDING)  # beside the lexicon's guaranteed-results terms: this reads a promise's shape
def findings(listing: dict) -> list[Finding]:
    out = []
    for field in FIELDS:
        text = listing.get(field) or ""
        spans = _promised(text) + [m.span() for pattern in (FOR_LIFE, REMOVES_ALL, FOREVER) for m in pattern.finditer(text)
                                   if not HEDGE.search(text[max(0, m.start() - 3):m.start()])]
        spans += [m.span() for m in TOTAL.finditer(text) if not NOT_SO.search(m.group(0))
                  and not HEDGE.search(text[max(0, m.start() - 3):m.start()])]
        for start, end in spans:
            out.append(Finding(RULE_IDS, "guarantee_claim", field, start, end, text[start:end],
                               MESSAGE.format(text[start:end]), category="guaranteed-results"))
    return out
