"""R-LST-21 / PB-25: a community post that promotes carries "广告" prominently (in its title or opening), whatever
the poster's flag says. Promoting is decided by content: a price (also per unit, "138/袋", "699一台"), a discount
("6.8折"), a link, a promotion, or a sales cue from the lexicon (下单, 拼单, 团购, 接龙, 预约私信, 批量到货 …).

Policy for neighbours (Advertising Law art. 2 covers business operators promoting goods, not residents): a post
that gives something away, reports something lost or found, or sells ONE used personal item (闲置, 二手, 自用,
搬家 …) is not an advertisement, even with a price — unless it shows trade: several units, new stock, a discount,
group buying, a link or a sales cue. A pickup notice for orders already made (goods arrived, collect them), without
a price, a link or a call to buy more, is not one either; nor is a notice (通知, 公告, 提醒 in its title) about fees residents
owe or how to pay, which offers no goods: no price but a civic fee, no link, no discount, no call to order."""

import re

from .findings import Finding

PRICE_OR_LINK = re.compile(r"https?://|www\.|\.com\b|tb\.cn|t\.cn/|url\.cn/|dwz\.cn/|"  # round 19: short links
                           r"[¥￥]\s*\d|\d+(\.\d+)?\s*(元|块)(?![素宵])|\$\s*\d|"
                           r"\d+(\.\d+)?\s*(到手|包邮)")
# Round 16: a price after 只要/仅需/低至 written as a bare figure ("24盒只要45.9"), and a purchase link pointed to
# ("链接👇", "链接在评论区") offer goods like a price with 元 or a URL.
BARE_PRICE = re.compile(r"(只要|仅需|仅要|低至|到手价?|券后)\s*\d+(\.\d+)?(?![\d.])(?!\s*(%|度|岁|分钟|小时|个|人|次|天|cm|mm|kg|g|斤|米|年|月))")
LINK_POINTED = re.compile(r"链接\s*(👇|⬇|↓|在下|在评论|见评论|放评论|放在评论|戳|点这)")
PER_UNIT = re.compile(r"\d+(\.\d+)?\s*(元|块)?\s*(/|每|一)\s*(袋|个|件|台|斤|盒|箱|份|瓶|只|张|位|次|套|双|kg|KG)")
# Round 24: a discount in Chinese numerals ("洗澡八折", "七五折") is one too; not "一折腾", "三折叠".
DISCOUNT = re.compile(r"(\d(\.\d)?|(?<![一二三四五六七八九十])[一二三四五六七八九][五]?)\s*折(?![叠扣腾服射算合返痕页])")
# Round 11: a price written as a bare figure after a price word or a unit ("团长价 199", "每节 100", "渠道价199"), and
# time left on a card ("剩8个月") is no stock.
PRICE_WORD = re.compile(r"(价|价格|售价|课|卡|券|票|费|每[节次位人份个件袋斤盒箱瓶只张套双课])\s*[:：]?\s*\d+(\.\d+)?(?![\d.])"
                        r"(?!\s*(%|度|岁|分钟|小时|个|人|次|节|张|本|天|cm|mm|kg|g|斤|米))")
PERSONAL = ("闲置", "二手", "自用", "搬家", "转让", "九成新", "9成新", "八成新", "用过")
GIVEAWAY = ("免费送", "免费赠送", "白送", "送给有需要", "失物招领", "寻物", "寻猫", "寻狗", "捡到", "丢失")
ARRIVED = ("已到", "已经到", "到了", "已送达", "已到货", "到货了")
PICKUP = ("自提", "取货", "提货", "领取", "来拿")
STILL_SELLING = ("还有", "剩余", "余量", "要的", "需要的", "欲购", "抢", "下单", "拍下", "私信", "预定", "订购", "加单")
NOTICE = ("通知", "公告", "公示", "提醒", "告知", "温馨提示", "须知")
CIVIC_FEES = ("物业费", "水费", "电费", "水电费", "燃气费", "停车费", "管理费", "供暖费", "取暖费", "垃圾清运费",
              "维修基金", "公摊费", "维保费", "维修费", "保洁费", "卫生费", "电梯费")  # round 19: maintenance publicised
ORDERING = ("接龙", "要的", "需要的", "抢", "预定", "订购", "拼单", "报名购买", "下单链接")
TRADE = re.compile(r"恰饭|(私信|私聊|评论区|留言)[^，,。!！?？]{0,3}(发|要|给|领|拿)?链接|还有\s*\d+(?!\d)(?!\s*个?(月|天|小时|周|年))|还剩\s*\d+(?!\d)(?!\s*个?(月|天|小时|周|年))|剩\s*\d+\s*(个(?!月|小时|星期|礼拜|工作日)|[袋件台斤盒箱份瓶只套])|[两二三四五六七八九十\d]人拼|拼课|要的私信|需要的私信|多台|多件|多个|批量|大量|到货|全新未拆.*[多批]|批发|货源|代理|团购|拼单|拼团|开团|接龙|"
                   r"(?<![0-9.])(?:[2-9]|[1-9][0-9]+)\s*台|[两二三四五六七八九十]+台"  # one unit is not stock (round 7)
                   # round 19: a shop pointer, a referral discount, a deal, a store's price: trade, whoever posts
                   # round 23: a live room's sale announced ("直播间上新", "前100单送围巾")
                   r"|直播间[^，,。!！?？]{0,4}(上新|开抢|秒杀|福利|抽奖|下单|上架)|前\s*\d+\s*单"
                   # round 24: a perk for booking or buying now ("现在预约送指甲修剪", "下单即赠")
                   r"|(预约|下单|报名|办卡|充值|到店)(就|即|还|再)?(送|赠|享)(?![达货到回去出])"
                   r"|进店看看|报我(的)?名字|提我(的)?名字|买[一二三]送[一二]|第二(件|杯|份)半价"
                   r"|(京东|天猫|淘宝|拼多多|自营|旗舰店)[^，,。!！?？]{0,4}\d{2,}")
# Round 18: a path to a shop the poster points to ("点我头像进店", "主页有链接", "小黄车"), a referral discount ("报我名字
# 打折", "优惠码"), a store's price as a bare figure ("京东自营999") and a call to buy now ("闭眼入") make a
# "真心推荐" promotional, whatever "无广" says; so do a perk for showing the post ("出示这篇笔记送饮料") and a deal
# offered in private ("私我拿内部价", "帮你们要个优惠名额").
STEERED = re.compile(r"点(我|俺)?(的)?头像[^，,。!！?？]{0,3}(进店|进|看|链接|下单|购买|买|领|有)|主页(有|挂|放)?(了)?链接|(进|逛)(我的?)?(店|橱窗)|橱窗(有|里|链接)|小黄车|"
                     r"(报|提|说)(我|我的)(名字|名|手机号)|(用|填|输入|报)(我的)?(优惠码|折扣码)|(优惠码|折扣码)\s*[:：]?\s*[a-z0-9]{3}|"
                     r"(京东|淘宝|天猫|拼多多|抖音|旗舰店|自营|官方店|专卖店)(自营)?\s*\d{2,}(\.\d+)?(?![\d.%])|"
                     r"闭眼入|赶紧入|速入|快入手|赶紧下手|(出示|凭)(这篇|此|本|这条)?(笔记|帖子|截图|帖)[^，,。!！?？]{0,4}(送|享|打折|减|免)|"
                     r"(私我|私信|私聊|找我)[^，,。!！?？]{0,2}(拿|领|要)[^，,。!！?？]{0,2}(内部价|优惠|折扣|底价|券|福利)|"
                     r"(要|拿|领|申请)个?(优惠|折扣|内部)(名额|价|券|码)|(有需要|需要的)的?(滴滴|私我|dd|找我)|"
                     # round 20: a paid service the poster takes on ("续保找我", "办卡联系我")
                     r"(续保|投保|买保险|保险|办卡|贷款|装修|代办|过户|年检|上牌|搬家|开锁|维修|保洁|家教|补课|代购)"
                     r"[^，,。!！?？]{0,2}(找我|联系我|私我|私信我)", re.IGNORECASE)
# Round 7: orders already made or not made ("已下单的邻居", "没接龙的不用来") call no one to buy; free delivery
# ("免费送上楼") is a service of a sale, not a gift.
PAST_ORDERS = re.compile(r"(已经?|没有?|未)(下单|拍下|接龙|订购|预定|购买)|(接龙|下单|团购|拼团|拼单)(订)?的|"
                         r"(昨天|前天|上周|上次|之前|前几天)(团购|拼单|拼团|接龙|下单|订)的|"
                         # round 22: a group buy called off offers nothing ("团长休息，不开团", "今天暂停接龙")
                         r"(不|暂不|暂停|停止|休息不?)(开团|接龙|团购|拼团|拼单)")
# Round 14: a price reported among neighbours — what the market charged, what went up — offers nothing: it is no
# advertisement unless the post also offers (a link, a sales cue, a call to order, a seller's own goods).
REPORTED = ("菜价", "菜市场", "超市", "市场上", "又涨了", "涨价了", "降价了", "比上周", "比昨天", "比去年", "去哪买", "在哪买",
            "哪里买", "哪儿买", "要涨到", "大家怎么看", "怎么看",
            "花了", "有点贵", "太贵了", "贵不贵", "值不值")  # round 20: what the poster paid, asked about  # round 19: a fee put to the neighbours for discussion
OFFERING = ("私信", "私聊", "链接", "下单", "有需要", "需要的", "要的", "我家", "本店", "店里", "联系我", "预定", "订购", "接龙",
            "我店", "我们店", "我们家", "来店", "到店", "找我")
# Round 21: a price quoted to the poster and put to the neighbours as a question ("外面报价480元，值得修吗？", "师傅开价
# 300合理吗？"): the poster asks what to pay, offers nothing (with OFFERING and trade absent, as above).
ASKED_PRICE = re.compile(r"(值得|值不值|值吗|贵吗|贵不贵|合理吗|正常吗|划算吗|坑了?吗|被坑|该不该|要不要|哪家好|求推荐|请问|大家觉得)"
                         r"[^。!！]{0,12}[?？]|(值得|合理|正常|划算)[^。!！?？]{0,6}(吗|么)")
DELIVERY = re.compile(r"免费(送|配送|送货)(上楼|到家|到门|上门|货|到)")


# Round 8: a sign-up chain for an activity among neighbours ("接龙: 周六徒步报名") — no goods, no price, no link.
SIGN_UP = ("报名", "志愿者", "打球", "羽毛球", "篮球", "足球", "聚会", "徒步", "读书会", "义诊", "投票", "签到", "参加")
BUYING = ("购买", "下单", "团", "拼", "订购", "预定", "要的", "需要的", "抢", "付款", "转账")


def _sign_up(text: str, priced: bool) -> bool:
    return ("接龙" in text and any(w in text for w in SIGN_UP) and not priced and not DISCOUNT.search(text)
            and "http" not in text and not any(w in text for w in BUYING) and not TRADE.search(text.replace("接龙", "")))


# Round 15: a cost split among the players of an activity ("场地费AA", "油费均摊") is no sale; and 广告 inside a noun
# phrase about advertising ("电梯广告", "广告牌", "公交广告") names an ad, it does not label the post as one.
SHARED = ("aa", "AA", "均摊", "平摊", "分摊", "AA制")
ACTIVITY = SIGN_UP + ("约球", "球局", "组队", "拼车", "露营", "爬山", "骑行", "桌游", "剧本杀", "饭局")
NOT_LABEL = re.compile(r"(电梯|电视|地铁|公交|户外|楼宇|视频|开屏|弹窗|朋友圈|路边|车身)$")
NOT_LABEL_AFTER = re.compile(r"^(牌|位|片|词|费|公司|商|法|语|屏|灯箱|机|设计|投放|招商|创意)")


def _shared_cost(text: str) -> bool:
    return (any(w in text for w in SHARED) and any(w in text for w in ACTIVITY) and "http" not in text
            and not DISCOUNT.search(text) and not TRADE.search(text))


def _as_label(listing: dict, field: str, m) -> bool:
    text = listing.get(field) or ""
    return not NOT_LABEL.search(text[max(0, m.start - 4):m.start]) and not NOT_LABEL_AFTER.match(text[m.end:])


def _pickup_notice(text: str) -> bool:
    """"团的芒果已到, 凭接龙序号自提": the goods of orders already made arrived; nothing more is offered."""
    rest = PAST_ORDERS.sub("", text)
    return (any(w in text for w in ARRIVED) and any(w in text for w in PICKUP)
            and not any(w in rest for w in STILL_SELLING))


def _notice(title: str, text: str, priced: bool) -> bool:
    """"关于物业费缴纳的通知", "提醒: 团购统一在平台下单付款": a notice about fees residents owe or how to pay, offering no
    goods — no price but a civic fee, no link, no discount, no call to order."""
    if not any(w in title for w in NOTICE):
        return False
    offers = "http" in text or DISCOUNT.search(text) or any(w in text for w in ORDERING)
    return not offers and (not priced or any(w in text for w in CIVIC_FEES))


def _past_order(text: str, m) -> bool:
    """A sales cue inside an order already made ("前天拼团的大米"): it calls no one to buy."""
    return any(p.start() <= m.start and m.end <= p.end() for p in PAST_ORDERS.finditer(text))


def _reported(text: str, offered: bool) -> bool:
    """"今天菜市场西红柿5块一斤, 比上周贵": a price reported, with nothing offered."""
    return not offered and listing_free_of(text, OFFERING) and (any(w in text for w in REPORTED)
                                                                 or bool(ASKED_PRICE.search(text)))


def asked_price(listing: dict, finding) -> bool:
    """Round 21: a reference price in a member's question that offers nothing ("外面报价480元，值得修吗？") compares
    nothing the poster sells."""
    text = " ".join([listing.get("title") or "", listing.get("description") or ""])
    return (listing.get("kind") == "community_post" and finding.category == "reference-price"
            and not listing.get("promotional") and listing.get("price") is None and _reported(text, False)
            and not (TRADE.search(text) or STEERED.search(text) or DISCOUNT.search(text)))


def _asked(text: str, m) -> bool:
    """Round 23: a sales cue in a sentence that asks ("这个价格正常吗？"): asking about a price offers nothing."""
    end = re.search(r"[。!！?？\n]", text[m.end:])
    return bool(end) and end.group() in "?？"


def listing_free_of(text: str, words) -> bool:
    return not any(w in text for w in words)


def ad_label(listing: dict, hits) -> list[Finding]:
    if listing.get("kind") != "community_post":
        return []
    text = " ".join([listing.get("title") or "", listing.get("description") or ""])
    cues = any(m.term.kind == "@promo" and not _past_order(listing.get(f) or "", m) and not _asked(listing.get(f) or "", m)
               for f, ms in hits.items() for m in ms)
    priced = listing.get("price") is not None or bool(PRICE_OR_LINK.search(text) or PER_UNIT.search(text)
                                                      or PRICE_WORD.search(text) or BARE_PRICE.search(text))
    trade = bool(TRADE.search(PAST_ORDERS.sub("", text)) or DISCOUNT.search(text) or listing.get("promotion")
                 or STEERED.search(text)
                 or "http" in text or LINK_POINTED.search(text))
    neighbourly = any(w in DELIVERY.sub("", text) for w in PERSONAL + GIVEAWAY) and not trade
    if _pickup_notice(text) and not (priced or DISCOUNT.search(text) or "http" in text):
        return []  # orders already made have arrived: a notice to those who bought, not an offer to anyone
    if not listing.get("promotional") and (_notice(listing.get("title") or "", text, priced) or _sign_up(text, priced)
                                           or _reported(text, cues or trade) or _shared_cost(text)):
        return []
    promotes = listing.get("promotional") or trade or ((cues or priced) and not neighbourly)
    if not promotes:
        return []
    labels = [(f, m) for f, ms in hits.items() if f in ("title", "description") for m in ms
              if m.term.kind == "@ad_label" and _as_label(listing, f, m)]
    if any(f == "title" or m.start < 50 for f, m in labels):
        return []
    return [Finding(("R-LST-21", "PB-25"), "ad_label", "title", 0, 0, "",
                    "a promotional community post must carry the label 广告 prominently")]
