"""The development set of the content review: listing texts written for each error class of issue 25 — claims the
first lexicon missed, innocent look-alikes it flagged, and rules it let through — each with the kinds of finding an
expert reviewer expects (an empty set: the listing is innocent). Tuning is done against this set only."""

from tests.listing.usecases import jewel, product

A, U, E, S, F, C, P, T, L = ("absolute_claim", "unproven_claim", "efficacy_claim", "superstition_claim",
                             "fake_as_real", "counterfeit",
                          "prohibited_goods", "treated_as_natural", "ad_label")

# (description of an ordinary product listing, the kinds expected)
TEXTS = [
    # absolute terms beyond the first lexicon
    ("国家级非遗工艺, 匠心打造", {A}), ("世界级音质, 沉浸体验", {A}), ("顶级头层面料", {A}), ("极品大红袍, 岩韵十足", {A}),
    ("独一无二的手工设计", {A}), ("送礼首选, 体面大方", {A}), ("全国第一的口碑工厂", {A}), ("史无前例的优惠力度", {A}),
    ("无与伦比的舒适脚感", {A}), ("绝无仅有的限量配色", {A}), ("这款是全网最低价", {A}), ("行业领先的降噪技术", {U}),
    ("遥遥领先同级产品", {A}), ("极致轻薄, 随身携带", {A}), ("至尊品质, 尊享体验", {A}), ("最强续航, 一天一充", {A}),
    ("填补国内空白的发明", {A}), ("终极收纳方案", {A}), ("独家秘制酱料", {A}), ("宇宙级好吃的辣条", {A}),
    ("特供茶叶, 送礼有面", {A}), ("国宴专用大米", {A}), ("绝对不掉色", {A}), ("举世无双的工艺", {A}),
    # sales ranks, awards, experts, media, celebrities without proof
    ("连续三年销量冠军", {U}), ("天猫排行榜第一名", {U}), ("荣获国际金奖的好茶", {U}), ("央视推荐品牌", {U}),
    ("皮肤科医生推荐的面霜", {U}), ("明星同款墨镜", {U}), ("专家研发配方", {U}), ("新闻联播报道过的企业", {U}),
    ("好评率100%的宝贝", {U}), ("月销过万件", {U}), ("院士推荐的净水器", {U}), ("临床验证有效", {U}),
    ("媒体报道的网红面包", {U}), ("百万用户的选择", {U}),
    # health and medical efficacy for ordinary goods
    ("喝了能降血压的茶", {E}), ("增强免疫力, 少生病", {E}), ("排毒养颜的花茶", {E}), ("助眠香薰, 一觉到天亮", {E}),
    ("防辐射孕妇服", {E}), ("治疗颈椎病的枕头", {E}), ("包治百病的神奇贴", {E}), ("降血糖的苦瓜片", {E}),
    ("预防感冒的口服液", {E}), ("改善睡眠质量的枕头", {E}), ("补肾壮阳的药酒", {E}), ("抗衰老的精华", {E}),
    ("祛湿排毒的足贴", {E}), ("治脱发的洗发水", {E}), ("消炎止痛的膏药贴", {E}), ("缓解关节炎的护膝", {E}),
    ("清除血栓的纳豆", {E}), ("延年益寿的人参", {E}), ("告别失眠的安神枕", {E}), ("抗癌的灵芝孢子粉", {E}),
    # superstition
    ("大师开光的手串", {S}), ("辟邪挂件, 保平安", {S}), ("招财貔貅摆件", {S}), ("转运珠手链, 好运连连", {S}),
    ("镇宅化煞的葫芦", {S}), ("旺桃花的粉晶", {S}), ("高僧加持的护身符", {S}), ("挡灾消灾的吊坠", {S}),
    # imitation presented as real with other words
    ("莫桑钻戒指, 闪耀如真", {F}), ("高碳钻耳钉", {F}), ("马来玉手镯", {F}), ("藏银手镯, 复古款", {F}),
    ("PU真皮手提包", {F}), ("超纤真皮沙发", {F}), ("锆石钻石项链, 送女友", {F}), ("合金材质, 足金工艺项链", {F}),
    # counterfeit indications and brands
    ("高仿包包, 细节到位", {C}), ("1:1复刻名表", {C}), ("原单尾货, 质量一样", {C}), ("莆田鞋, 纯原版本", {C}),
    ("超A货女包", {C}), ("精仿大牌手表", {C}), ("LV同款老花包", {C}), ("古驰大牌同款腰带", {C}), ("山寨耳机, 音质不错", {C}),
    # prohibited goods
    ("出售仿真枪, 可发射", {P}), ("象牙手镯, 老料", {P}), ("代开发票, 各行业", {P}), ("电子烟一次性, 多口味", {P}),
    ("针孔摄像头, 隐蔽安装", {P}), ("出售迷药, 无色无味", {P}), ("透视扑克牌", {P}), ("穿山甲片, 野生", {P}),
    ("收购银行卡四件套", {P}), ("弹簧刀, 开刃锋利", {P}), ("犀牛角杯", {P}), ("游戏外挂, 自瞄透视", {P}),
    ("笑气小钢瓶", {P}), ("曲马多片剂出售", {P}),
    # forced purchase, off-platform trade, faked data
    ("加微信私下交易更便宜", {A}), ("不买不能走, 必须购买", {A}), ("好评返现5元", {U}), ("代刷销量, 包上热门", {U}),
    # innocent look-alikes
    ("特大号收纳箱, 容量足", set()), ("下单后尽快发货", set()), ("唯一的缺点是有点重", set()),
    ("安装第一步: 拆开包装", set()), ("医生护士都适合穿的护士鞋", set()), ("售后问题我们会及时处理", set()),
    ("领口做了加固处理", set()), ("本品不能代替药物治疗疾病", set()), ("不是高仿, 专柜正品", set()),
    ("最新款式, 本店最大号为XXL", set()), ("最佳食用期: 开封后7天", set()), ("第一次购买立减5元", set()),
    ("免费维修, 全国联保", set()), ("适用于iPhone15的手机壳", set()), ("招财猫造型存钱罐", set()),
    ("象牙白的陶瓷杯", set()), ("喷枪、胶枪等工具五金", set()), ("《最好的我们》小说, 正版", set()),
    ("加大号T恤, 宽松版型", set()), ("请在最近的快递点取件", set()), ("处理器升级到新一代", set()),
    ("发财树盆栽, 好养活", set()), ("玻璃种翡翠手镯, 附证书", set()), ("仿真皮手套, 材质为PU", set()),
    ("电子发票, 可开票", set()), ("不含防腐剂的果酱", set()), ("尺码最小S, 最大XXL", set()),
    ("冷烟花仙女棒, 婚礼用", set()), ("本店唯一的门店在杭州", set()), ("支持7天无理由退货", set()),
    ("复古风毛衣, 百搭", set()), ("宝宝护肤霜, 温和不刺激", set()), ("早起第一件事是喝水", set()),
    ("快速发货, 极速退款", set()), ("头层牛皮钱包, 附检测报告", set()), ("虎皮尖椒调料包", set()),
    ("熊掌饼干, 儿童零食", set()), ("益智积木玩具", set()), ("近视眼镜框, 轻便", set()), ("负离子吹风机, 速干", set()),
]

# Round 2 error classes (mechanisms, each with examples of our own)
TEXTS += [
    # superlatives stating a spec or a fact about the seller's own range; ordinals; sole facts; instructions
    ("最高可达120℃的烤箱温度", set()), ("最大支持2TB硬盘扩展", set()), ("最低起订10件, 可混批", set()),
    ("本系列最大的一款是10L", set()), ("这是我家最便宜的一款, 适合学生", set()), ("店里最薄款, 仅5mm", set()),
    ("该系列最新一期已上架", set()), ("第一单元: 拼音入门", set()), ("第一人称射击游戏手柄", set()),
    ("第一册讲语法, 第二册讲阅读", set()), ("唯一配料: 有机燕麦", set()), ("唯一的瑕疵在袖口", set()),
    ("绝对避免阳光直射", set()), ("晾晒时绝对别用衣架", set()),
    ("全网最大的尺码选择", {A}), ("我们家的品质全国最好", {A}), ("唯一正品渠道", {A}), ("绝对不起球", {A}),
    # names and non-medical senses; books about a disease
    ("万能表数字测量", set()), ("治愈系绘本, 睡前读物", set()), ("科普读物: 讲解高血压的成因", set()),
    ("《抗癌食谱》 营养科普书", set()),
    # natural stones, lab-grown and health food with a registration
    ("实验室培育钻石吊坠, 证书注明培育", set()), ("人工合成祖母绿, 已注明", set()),
    ("国食健注G20200123 辅助降血脂, 本品不能代替药物", set()), ("卫食健字(2001)第0123号 改善睡眠", set()),
    ("国食健注G20200123 根治糖尿病", {E}),
    # animals named in goods; prohibited goods by context
    ("熊猫图案抱枕", set()), ("老虎造型儿童帽", set()), ("玄凤鹦鹉 人工繁育 可上手", set()),
    ("野生画眉鸟 刚抓的", {P}), ("活体蜂猴, 野外捕捉", {P}), ("头孢胶囊, 不用处方直接发", {P}),
    ("四六级考中同步传答案", {P}), ("伪装成充电器的隐蔽摄像", {P}), ("各行业代开增值税专票", {P}),
    ("钢珠发射, 威力大的弹弓枪", {P}),
    # unproven claims by form; absolute, efficacy and superstition forms
    ("某卫视专题报道的工厂", {U}), ("三甲医院主任医师力荐", {U}), ("年销量突破五百万台", {U}),
    ("京东热销榜第一", {U}), ("碾压同类产品", {A}), ("100%杀灭细菌", {A}), ("喝一个月减重15斤", {E}),
    ("远离高血压困扰", {E}), ("挂在门口防小人", {S}), ("逢考必过的文昌笔", {S}),
    # brands: mention alone, compatible, resale; counterfeit indications and look-alikes
    ("二手华为手机, 自用一年", set()), ("适用于戴森吹风机的收纳架", set()), ("耐克专卖店购入, 有小票", set()),
    ("NIKF运动鞋, 透气", {C}), ("ADIBAS三条杠运动裤", {C}), ("康帅傅方便面整箱", {C}), ("娃哈哈同款AD钙奶", {C}),
    ("代工厂贴牌, 香奈儿同款", {C}),
]

# Whole listings: a field other than the description, a product name, a proof, jewelry context, community posts.
LISTINGS = [
    ("brand_name_with_a_claim_word", product(title="冠军牌羽毛球拍", attributes={"brand": "冠军"}), set()),
    ("product_name_attribute", product(title="第一坊手工皂", attributes={"brand": "第一坊"}), set()),
    ("proof_attached", product(description="连续三年销量冠军", proofs=["https://example.org/report.pdf"]), set()),
    ("claim_in_an_attribute", product(attributes={"功效": "降血压, 降血糖"}), {E}),
    ("claim_in_the_promotion", product(promotion={"description": "全网最低价, 限时", "conditions": "满100减10"}), {A}),
    ("jadeite_a_grade", jewel(description="A货翡翠, 天然无处理"), set()),
    ("treated_called_natural", jewel(description="天然翡翠, B+C货", attributes={**jewel()["attributes"],
                                                                          "treatment": "充胶"}), {T}),
    ("natural_with_treatment_none", jewel(description="天然翡翠, 经过打磨抛光处理"), set()),
    ("handled_is_not_treatment", jewel(description="天然冰种, 售后问题及时处理"), set()),
    ("disclosed_imitation_metal", product(title="仿金项链 合金镀金", description="时尚饰品, 非足金"), set()),
    ("community_post_with_a_price", product(kind="community_post", title="好物分享", description="这款面霜到手价99元"),
     {L}),
    ("community_post_with_a_link", product(kind="community_post", title="推荐", description="点击链接下单 https://t.cn/x",
                                           price=None), {L}),
    ("community_post_labelled", product(kind="community_post", title="【广告】好物分享", description="到手价99元"), set()),
    ("attribute_contradicts_leather", product(title="头层牛皮钱包", attributes={"material": "PU人造革"}), {F}),
    ("attribute_contradicts_fibre", product(title="纯羊绒毛衣", attributes={"composition": "腈纶80% 涤纶20%"}), {F}),
    ("ingredients_contradict_purity", product(category="food", description="100%纯蜂蜜。配料: 蜂蜜、麦芽糖浆"), {F}),
    ("ingredients_agree_with_purity", product(category="food", description="纯牛奶。配料: 生牛乳"), set()),
    ("heat_enhanced_sapphire", jewel(description="天然蓝宝石, 加热优化, 证书注明", attributes={
        **jewel()["attributes"], "treatment": "热处理(优化)"}), set()),
    ("dyed_jade_called_natural_colour", jewel(description="原皮原色和田玉", attributes={
        **jewel()["attributes"], "treatment": "染色"}), {T}),
    ("plated_silver_is_silver", jewel(description="S925银手链, 表面镀铑防氧化", attributes={
        **jewel()["attributes"], "material_fineness": "S925银 镀铑"}), set()),
    ("brand_declared_without_authorisation", product(title="运动鞋", attributes={"brand": "耐克"}), {C}),
    ("community_group_buy", product(kind="community_post", title="小区拼单 大闸蟹", description="满10人发货, 接龙",
                                    price=None, shipping_fee=None), {L}),
    ("community_discount", product(kind="community_post", title="理发店开业", description="全场7.5折, 预约私信",
                                   price=None, shipping_fee=None), {L}),
    ("community_per_unit_price", product(kind="community_post", title="土蜂蜜", description="58/斤, 量大从优",
                                         price=None, shipping_fee=None), {L}),
    ("community_single_used_item", product(kind="community_post", title="闲置婴儿车转让", description="自用一年, 200元自提",
                                           price=None, shipping_fee=None), set()),
    ("community_giveaway", product(kind="community_post", title="免费送绿萝", description="搬家带不走, 免费送给邻居",
                                   price=None, shipping_fee=None), set()),
    ("community_lost_and_found", product(kind="community_post", title="失物招领", description="在3栋捡到钥匙一串",
                                         price=None, shipping_fee=None), set()),
    ("community_many_units_as_used", product(kind="community_post", title="闲置转让 电风扇", description="全新5台, 99元一台",
                                             price=None, shipping_fee=None), {L}),
    ("community_post_chat", product(kind="community_post", title="周末去哪玩", description="分享一下爬山的照片",
                                    price=None, shipping_fee=None), set()),
]


def cases() -> list[tuple[str, dict, set[str]]]:
    out = [(f"text_{n}", product(description=text), kinds) for n, (text, kinds) in enumerate(TEXTS)]
    return out + LISTINGS
