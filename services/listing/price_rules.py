"""Price statements a listing's own text leaves open (pure; R-LST-17, R-LST-18). Three structural checks, each a
finding with its rule IDs and the exact span of what is left open:

- `promotion-terms-unstated` (R-LST-17): a special price or promotion whose terms the listing does not state. A
  time-limited offer (限时特价, 秒杀, 特惠, 活动价, 直降 …) states its time limit — a date or time in the texts, the
  promotion's `ends_at`, or a stated quantity (限量300件); a conditional one (满减, 会员价, 领券, 第二件半价 …) states its
  condition — the threshold (满299减40), who qualifies (非会员189元, 需开通会员), the coupon's amount, a purchase
  limit — in the texts or the promotion's `conditions`. Terms referred elsewhere ("详情咨询客服", "入会条件见店铺首页",
  "具体以实际为准") are not stated.
- `price-not-firm` (R-LST-17): the price shown is not the price ("拍下改价", "随时涨价", "活动随时结束").
- `fee-unlisted` (R-LST-18): an additional fee named as charged on top (另计, 另收, 加收, 另付, 按实际收取, 面议 …)
  with no amount in its sentence ("安装费另计", "另收包装费", "送货上楼另收费", "尾款另付"); a fee with its amount
  ("新疆、西藏另加12元", "安装费80元另计") is listed. The listing's fee field is `shipping_fee`; any other fee is
  listed in the text with its amount.

Round 13: a fee is any word ending in 费 (铜管费, 精修费) beside the listed ones; a fee collected apart from the
checkout price (上门收费 without its amount, 拍下后补 whatever its amount) is unlisted; a threshold or "up to" offer
(满额立减, 多买多省, 最高立减1000) states its conditions; every text is read in simplified script and half-width forms
(活動隨時結束), spans the original's.

A claim or fee right after a negation ("不参加任何满减", "不另收费", "无需另付") or inside a quoted work's name
("《秒杀》") claims nothing."""

import re
from dataclasses import replace

from tianping.lib.enforcement import NO_FINDING, enforces

from . import questions, stated_discount
from .findings import Finding
from .matching.normalise import fold_chars, unspaced

FIELDS = ("title", "description", "promotion.description", "promotion.conditions")
NUM = r"[0-9０-９一二三四五六七八九十两百千万]"
CLAUSE_BREAK = re.compile(r"[，,。;；!！?？\n]")
# Round 16: a parenthesised aside is a clause of its own ("399元/10节（场地费另收）": the amount is the lessons').
ASIDE_BREAK = re.compile(r"[，,。;；!！?？\n（(]")
SENTENCE_BREAK = re.compile(r"[。;；!！?？\n]")
QUOTED = re.compile(r"《[^》]{1,60}》|「[^」]{1,60}」|『[^』]{1,60}』|“[^”]{1,60}”")
NEGATION = re.compile(r"(不|没|无|非|免|勿|未|不参与|不参加|不与|不用|无需|无须|不会)[^，,。;；!！?？\n]{0,3}$")

# A claim word followed by one of these names goods or a sign, not an offer ("满减规则说明书印刷", "限时锁").
NAMES_GOODS = r"(?!\s?的?(规则|说明书|海报|标签|贴纸|模板|印刷|展架|价签|锁|牌|计时))"
# A reduced price for the goods' own condition (a defect, short date, odd sizes) is not a limited-time offer.
CONDITION_PRICED = re.compile(r"瑕疵|压痕|划痕|临期|尾货|样品|处理品|残次|二手|断码|外箱破损")
# Round 23: a countdown ("最后三天") or a "恢复原价" announces a time limit, to be stated like any other.
TIMED = re.compile(r"(?:限时(?=[^，,。;；!！?？\n]{0,2}(特价|秒杀|抢购|折扣|优惠|福利|特惠|活动|价|购|促销|让利|包邮|免单|降价|"
                   r"直降|打折|特卖|清仓|立减|减))|(?:只|仅)限?(?:这|前|最近)(?:几|两)天|就这(?:几|两)天|秒杀|特惠|活动价|特价(?!书|区|房|菜)|直降|折扣价|促销价|福利价|惊爆价|"
                   r"抢购价|优惠价|大促|酬宾|店庆|周年庆|狂欢节|购物节|limited[\s-]?time|flash\s?sale|today only|"
                   r"(?<!保质期)(?<!有效期)最后\s*[一二两三四五六七八九十\d]+\s*(天|小时)(?![内后])|恢复原价)" + NAMES_GOODS)
# Round 18: a limit said only vaguely ("只限这几天", "就这两天") is a time-limited offer whose limit is unstated.
# A price that holds only on a condition: a threshold, a membership, a coupon deducted ("券后9.9"). Where a coupon is
# only offered ("收藏店铺可领优惠券"), the price shown holds without it.
# Round 18: an offer for some buyers or some units (新客专享价, 粉丝价, 领券立减, 专享折扣) and a sales event
# (年终大促, 店庆) are conditional or time-limited offers like the ones named before.
CONDITIONAL = re.compile(r"(满减|满额|满件|多买多省|多买更?优惠|最高(可|能)?(立减|减|省|优惠|补贴|返)|会员价|会员专享价|券后|"
                         r"领券(立减|减|下单)|(新客|新人|首单)(专享价|价|立减)|粉丝(专享)?价|专享价|专属价|"
                         r"专享折扣)"
                         + NAMES_GOODS)
TIME_STATED = re.compile(r"\d{4}\s*年|\d{1,2}\s*[月日号点时]|\d{1,2}\s*[:：]\s*\d{2}|\d{4}\s*[-/.]\s*\d{1,2}|[至到]\s*" + NUM +
                         r"|截[止至]|有效期|活动时间|活动期|" + NUM + r"+\s*(小时|天|日|分钟)(内|后|之内|为止)|"
                         r"(本|这)(周|月)[一二三四五六日天末底]?|周[一二三四五六日天末]|(仅限|只限|限)今[天日晚]|"
                         r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d{1,2}\b")
QUANTITY_STATED = re.compile(r"(限量|库存|共|仅|最后|限)\s*" + NUM + r"+\s*(件|份|台|个|单|套|只|瓶|盒|支|双|名|位)")
CONDITION_STATED = re.compile(r"满\s*" + NUM + r"+\s*(元|块|件)?\s*(减|可用|可减|打|享|送|立减|使用)|" + NUM +
                              r"+\s*人\s*成团|\d+(\.\d+)?\s*折|[一二三四五六七八九]\s*折|限购|每(人|单|个?ID|个?账号|户|位|笔)|不与[^，,。;；]{0,10}同享|不可叠加|可叠加|"
                              r"跨店|同款|仅限|限本|非会员|(需|须|已)开通|注册[^，,。;；]{0,8}(免费|即可|可享)|仅对|" + NUM +
                              r"+\s*元\s*(优惠)?券|券\s*" + NUM + r"|单笔|实付满|不参与|除外|以结算页为准|结算页显示|关注(店铺|主播|我们)?(即享|即可|后)|(需|须)关注|首次(下单|购买)")
# Round 15: a page or notice apart from the listing ("以活动页为准", "见活动公告") states no term in it.
ELSEWHERE = r"结算页面?|活动页面?|活动详情页?|详情页|活动规则页?|活动公告|公告|海报"
DEFERRED = re.compile(r"(详情|条件|规则|细则|具体|详细|金额|面额)[^，,。;；!！?？\n]{0,6}(咨询|询问|问|见|详询|私信|联系|以)"
                      r"(客服|店铺首页|首页|主页|店铺|直播间|实际|通知|" + ELSEWHERE + ")|以实际为准|(详见|参见|请见|见)(" + ELSEWHERE + ")")
# Round 14: a price withheld from the listing — referred to a private channel ("价格私聊", "私信询价", "实价私聊"),
# set for some buyers apart ("老客另议", "批发另议"), or changed by the seller after or before the order ("拍前联系客服
# 改价", "拍下不发，改价后发货"): the price shown is not the price (明码标价和禁止价格欺诈规定 art. 6, 19).
PRICE_WORD = r"(价格|价钱|实价|底价|报价|到手价|最终价|具体价|优惠价|单价|售价|价位)"
WITHHELD = (PRICE_WORD + r"[\s:：]{0,2}(私聊|私信|私询|私下|另议|详询|单聊|私我|咨询客服|问客服|联系客服)|"
            r"(私聊|私信|私询|单聊|私我|咨询客服|问客服|联系客服)[^，,。;；!！?？\n]{0,3}(询价|问价|报价|改价|议价|谈价)|"
            r"[\u4e00-\u9fff]{1,3}另(议|询)|(?<!不)(?<!不可)(?<!无需)改价(?!格?(标签|签|牌))")
# Round 15: a price set by the day's market or the amount finally charged, told after the order ("价格随行就市",
# "以实际扣款为准", "下单后通知最终价"): the price shown is not the price (明码标价和禁止价格欺诈规定 art. 19).
FLOATING = r"随行就市|按时价|随[^，,。;；!！?？\n]{0,6}(行情|市场|市价|时价|金价|原料价)[^，,。;；!！?？\n]{0,2}(浮动|波动|变动|调整|涨跌)|" \
           r"(看|视|根据|按)[^，,。;；!！?？\n]{0,6}(情况|实际)[^，,。;；!！?？\n]{0,2}(再|后|另)(报价|定价|核价|算价|定价格)|(以|按)(实际扣款|最终扣款|实际扣费|当天行情|当日行情|市场行情|当天市场价|当日市场价)(为准|计价|结算)?|" \
           r"(通知|告知|另行通知|再报)[^，,。;；!！?？\n]{0,2}(最终价|实际价|最终价格|实际价格|成交价)|" \
           r"(价|最终)[^，,。;；!！?？\n]{0,4}以(聊天|沟通|私聊|咨询|协商|商量|客服报价|谈)[^，,。;；!！?？\n]{0,2}为准"
# Round 17: the price settled in a chat ("最终价以沟通为准") is not the one shown (above, last form). Round 18: nor is
# one told after a visit ("具体多少来了再看").
# Round 16: the page price at the order holds ("价格随市场波动, 以下单时页面价格为准"): the market moves the next
# price shown, not the one the buyer pays.
# Round 19: the market moving the goods' value where the listing warns of the risk ("不保本，价格随市场波动，收藏有风险")
# states the value's risk (Advertising Law art. 25), not the terms of the price shown.
RISK_DISCLOSED = re.compile(r"不保本|不保值|不承诺(保值|增值|收益)|(收藏|投资|理财)有风险|风险自(负|担)")
ORDER_PRICE_HOLDS = re.compile(r"以(下单|拍下|付款|购买|支付)(时|当时)?的?[^，,。;；!！?？\n]{0,4}(价格|标价|价)为准")
NOT_FIRM = re.compile(FLOATING + r"|(多少钱?|价格|价钱|费用|收费|报价)[^，,。;；!！?？\n]{0,4}(来了|到了|上门|到场|现场|看了|看过)(再|以后)(看|说|定|算|报)|(拍下|拍后|下单|付款前)后?[^，,。;；!！?？\n不没无]{0,2}(改价|修改价格|调价|改价格)|"
                      r"(?<!可)(?<!可以)(?<!支持)(?<!均可)随时(涨价|调价|涨|变价|恢复原价|结束|截止|取消|停止|下架)|价格?\s*(面议|另议)|" + WITHHELD)
# Any other named fee ("铜管费", "精修费"): a word ending in 费 whose last character before it is not one of 免费, 消费,
# 收费, 付费, 话费 … (which name no fee charged on top).
FEE_WORD = r"[\u4e00-\u9fa5]{1,3}(?<![免消收付花经学话电水浪自公退缴交])费(?!用户|者|率|险)"
# Round 15: what exceeds the price's own measure (超出部分, 超重, 超时, 超公里) is a fee on top like one named 费.
OVERAGE = r"超出部分|超出的部分|超出|超重部分?|超时部分?|超里程|超距离?|超公里|超楼层|超区|超过部分"
FEE = r"(运费(?!险)|邮费|快递费|物流费|配送费|包装费|礼盒费|安装费|上门费|服务费|手续费|定制费用?|加工费|工费|材料费|辅材费|" \
      r"配件费|搬运费|上楼费|调试费|人工费|设计费|测量费|押金|税费|税点|保价费|远程费|尾款|费用|" + OVERAGE + "|" + FEE_WORD + ")"
# Round 14: a fee set later by a measure the buyer cannot price now ("按距离收取", "按实际产生收取", "按楼层计费",
# "视情况收费") is unlisted like one "另计".
BY_MEASURE = r"(按|视|根据|依)[\u4e00-\u9fff]{0,5}(收取|计算|计费|收费|结算|另算|而定|来定|决定|确定|定(?!制|做|位|型|时|期|金|向))"
# Round 17: a fee added or collected by its verb right before it ("远的加远程费", "要收上门费"), and one the buyer
# bears ("停车费你来出", "另外交"): named, with no amount, it is unlisted (R-LST-18).
ADDED = r"(?<![增参附添追])(加|要收|还收|还要收|需收|得收|要加|会有|还有|需付|要付|需支付|需要支付|需交|要交)(?!工|急|盟|班|入|油)"
EXTRA = r"(另有|到付|另计|另收|另算|另付|另加|另交|加收|另行收取|另外收取?|额外收取?|按实际?收取|按实际?计算|面议|另议|需补|另补|" \
        r"补交|补收|另需|还需另付|另要|另报价|另行报价|单独报价|另外报价|另外(交|付|算|计费?|加|收费?)|" \
        r"(?<!由)(你|您|买家|客户|顾客)(来|自己)?(出|付)(?!款|货)|" \
        r"(现场|上门|到场|入户|到了|到时)(收取|收费|收|结算|支付|付|议|商议|协商|报价|定价|再定|确定|再说|再算)|" + BY_MEASURE + ")"
# Round 18: a charge on top said without a fee word ("需额外付费", "费用单独计算", "楼梯房搬运另算", "按张收费",
# "需补差价", "加收交通补贴"): unlisted like one named 费 (R-LST-18).
ON_TOP = r"|(额外|另外)(付费|收费|费用|收取|加钱)|单独(计算|计费|收费|算|收取|结算)|(另算|另计)(?=[，,。;；!！\s]|$)|(需|要|得|须)补差(价|额)|" \
         r"按(张|次|件|小时|人|平米|平方|米|公里|斤|个|页|份)(收费|计费|收取|另算|另收)|加收[\u4e00-\u9fff]{0,4}补贴|" \
         r"(fees?|charges?|shipping|delivery|installation)\s+(is\s+|are\s+)?(not included|extra)|" \
         r"(?<!no )(?<!without )(extra|additional) (fees?|charges?)|另外(算|计|收|付)(?=[，,。;；!！\s]|$)|" \
         r"(?<!可)(?<!可以)加钱(?![0-9一二三四五六七八九十])|按[\u4e00-\u9fff]{1,5}(算钱|收钱)|(要|需|需要|得)收费(?!标准)"
FEE_UNLISTED = re.compile(FEE + r"[^，,。;；!！?？\n]{0,12}?" + EXTRA + "|" + ADDED + FEE + "|" + FEE + r"\s*[，,]\s*" + BY_MEASURE + "|" + EXTRA + r"[^，,。;；!！?？\n]{0,3}" + FEE +
                          r"|(不含|不包含|不包括|未含)[^，,。;；!！?？\n]{0,4}自费|自费项目(?!自愿)|费用自理|(另收费|另外收费|另行收费|收费另计|另行报价|另外报价|单独报价|另报价|现场议价|现场报价)|(开票|发票|税)[^，,。;；!！?？\n]{0,4}(另加点|加点|另加税点|加税点)" + ON_TOP)
# A fee paid apart from the checkout price ("上门收费", "拍下后补"): not in the price shown even with its amount.
APART = re.compile(r"(上门|现场|到场|入户)(收费|另收费)|(拍下|拍后|下单|付款)后?[^，,。;；!！?？\n]{0,2}(补|补拍|补差价)(?![货发])")
# A fee whose amounts the listing's own schedule shows ("运费按地区计算, 详见运费模板") is listed.
SCHEDULED = re.compile(r"(运费|收费|价目|资费)(模板|标准|表)|价目表|价格表|明细表|报价单")
AMOUNT = re.compile(r"[¥￥$]\s*\d|\d+(\.\d+)?\s*(元|块|%|％|个点)|" + NUM + r"+\s*(元|块)")


def _clause(text: str, start: int, end: int, breaks=CLAUSE_BREAK) -> str:
    first = max((m.end() for m in breaks.finditer(text, 0, start)), default=0)
    stop = breaks.search(text, end)
    return text[first:stop.start() if stop else len(text)]


def _onward(text: str, start: int, end: int) -> str:
    """Round 15: the fee's own clause and the rest of its sentence — an amount in an earlier clause is another price
    ("起步价199，超出部分按实际收取"); one after it states this fee ("按路程计费，每公里2元")."""
    first = max((m.end() for m in ASIDE_BREAK.finditer(text, 0, start)), default=0)
    stop = SENTENCE_BREAK.search(text, end)
    return text[first:stop.start() if stop else len(text)]


# Round 14: "不含/未包含 X费" excludes the fee from the price shown — it names a fee charged on top, it denies nothing.
EXCLUDED = re.compile(r"(不|未|没有?)(含|包含|包括)")


# Round 17: the cost of sending goods back borne by the buyer is an after-sale term, not a fee on the price.
RETURNED = re.compile(r"退货|退换|退回|寄回|换货|退款")
BORNE = re.compile(r"(?<!由)(你|您|买家|客户|顾客)(来|自己)?(出|付)(?!款|货)")
# Round 17: a negation that governs a condition, not the claim ("不问直接拍下改价": if you don't ask, the price is changed).
CONDITION_NEGATED = re.compile(r"(不|没)(问|说|联系|咨询|沟通|备注|私聊|留言)(清楚)?(直接|就|便|的话|的)?$")


def _claims_nothing(text: str, start: int, end: int, quoted: list[str]) -> bool:
    said, before = text[start:end], text[max(0, start - 6):start]
    negated = bool(NEGATION.search(before)) and not CONDITION_NEGATED.search(before)
    return (negated and not EXCLUDED.search(before + said)) or any(said in q for q in quoted) \
        or questions.asked_unaffirmed(text, start)  # round 18: asked ("会有快递费吗？"), not stated


def _texts(listing: dict) -> dict[str, str]:
    promotion = listing.get("promotion") or {}
    texts = {"title": listing.get("title") or "", "description": listing.get("description") or ""}
    for key in ("description", "conditions"):
        texts[f"promotion.{key}"] = promotion.get(key) or ""
    return {field: text for field, text in texts.items() if text}


def _finding(rule_ids, category, field, m, message) -> Finding:
    return Finding(rule_ids, "price_claim", field, m.start(), m.end(), m.group(0), f"'{m.group(0)}': {message}",
                   category=category)


# Round 19: a time stated for delivery, returns or opening hours ("付款后48小时内发出") limits no promotion.
SERVICE_TIMES = re.compile(r"[^，,。;；!！?？\n]*(发货|发出|签收|退货|退换|售后|顺延|工作时间|营业时间|服务时间|保质期|生产日期)"
                           r"[^，,。;；!！?？\n]*")


def _open_terms(listing: dict, texts: dict[str, str], quoted: list[str]) -> list[Finding]:
    """The first special price or promotion the listing makes whose time limit or condition it leaves unstated."""
    whole = " ".join(texts.values())
    promotion = listing.get("promotion") or {}
    timed = bool(promotion.get("ends_at") or TIME_STATED.search(SERVICE_TIMES.sub("", whole))
                 or QUANTITY_STATED.search(whole)
                 or CONDITION_PRICED.search(whole))
    conditioned = bool(promotion.get("conditions") or CONDITION_STATED.search(whole))
    for field, text in texts.items():
        for pattern, stated, what in ((TIMED, timed, "its time limit"), (CONDITIONAL, conditioned, "its conditions")):
            for m in pattern.finditer(text):
                if not stated and not _claims_nothing(text, m.start(), m.end(), quoted):
                    return [_finding(("R-LST-17",), "promotion-terms-unstated", field, m,
                                     f"a special price or promotion must state {what} (R-LST-17)")]
    return []


@enforces("R-LST-17", "R-LST-18", neutral=NO_FINDING,
          partly="whether a stated price or term is true is for the reviewer, the reference-price patterns and the "
                 "price-fairness check; these checks find what the text leaves unstated")
def findings(listing: dict) -> list[Finding]:
    """A product listing's price statements, judged against the whole listing (a community post's are judged as
    advertising, community.py; a live segment has no promotion fields: a host states terms across a session)."""
    if listing.get("kind", "product") != "product":
        return []
    originals = _texts(listing)
    kept = {field: unspaced(text) for field, text in originals.items()}
    texts = {field: "".join(fold_chars(originals[field])[i] for i in at) for field, at in kept.items()}
    quoted = [q[1:-1] for q in QUOTED.findall(" ".join(texts.values()))]
    out = _open_terms(listing, texts, quoted)
    for field, text in texts.items():
        for m in DEFERRED.finditer(text):
            if (TIMED.search(_clause(text, m.start(), m.end())) or CONDITIONAL.search(" ".join(texts.values()))
                    or "promotion." in field) and not _claims_nothing(text, m.start(), m.end(), quoted):
                out.append(_finding(("R-LST-17",), "promotion-terms-unstated", field, m,
                                    "a promotion's terms are referred elsewhere, not stated in the listing (R-LST-17)"))
        for m in NOT_FIRM.finditer(text):
            if not _claims_nothing(text, m.start(), m.end(), quoted) \
                    and not stated_discount.applies(text, m.start(), m.end()) \
                    and not (m.group(0).startswith("随")
                             and (ORDER_PRICE_HOLDS.search(text) or RISK_DISCLOSED.search(text))):
                out.append(_finding(("R-LST-17",), "price-not-firm", field, m,
                                    "the price shown is not firm: a price must be true and valid (R-LST-17)"))
        for m in FEE_UNLISTED.finditer(text):
            if not AMOUNT.search(_onward(text, m.start(), m.end())) \
                    and not SCHEDULED.search(_clause(text, m.start(), m.end(), SENTENCE_BREAK)) \
                    and not _claims_nothing(text, m.start(), m.end(), quoted) \
                    and not (BORNE.search(m.group(0)) and RETURNED.search(_clause(text, m.start(), m.end()))):
                out.append(_finding(("R-LST-18",), "fee-unlisted", field, m,
                                    "an additional fee without its amount: every fee that may arise is listed "
                                    "(R-LST-18)"))
        out += _apart(field, text, quoted)
    # Read in simplified script and half-width forms ("活動隨時結束", "３８８"), one character for one, spaces between
    # Chinese characters dropped: each span is mapped back to the original's.
    return [replace(f, start=kept[f.field][f.start], end=kept[f.field][f.end - 1] + 1,
                    text=originals[f.field][kept[f.field][f.start]:kept[f.field][f.end - 1] + 1]) for f in out]


def _apart(field: str, text: str, quoted: list[str]) -> list[Finding]:
    """A fee collected apart from the price at checkout (上门收费, 拍下后补): the price shown is not all one pays."""
    out = []
    for m in APART.finditer(text):
        sentence = _clause(text, m.start(), m.end(), SENTENCE_BREAK)
        if "收费" in m.group(0):  # charged at the door: listed when its amount is stated ("上门收费30元")
            named = not AMOUNT.search(sentence)
        else:  # paid after ordering, by a second payment: apart from the price shown, whatever its amount
            named = re.search(FEE, sentence)
        if named and not _claims_nothing(text, m.start(), m.end(), quoted):
            out.append(_finding(("R-LST-18",), "fee-unlisted", field, m,
                                "a fee collected apart from the price at checkout: the price shown must include or "
                                "list every fee that may arise (R-LST-18)"))
    return out
