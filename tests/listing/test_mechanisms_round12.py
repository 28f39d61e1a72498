"""Round 12 class-level detectors (lexicon 2027-02-23.1): a violation class read as two concept sets meeting in one
clause (the compound machinery, `compounds.py`), not as listed phrasings — faked data the seller admits (a figure
noun + a manipulation word), price claims (a reference price + no basis / a countdown that never ends / a fee added
at the checkout), imitation sold as genuine (an imitation word + a brand or a "genuine" claim) and guaranteed
results (a result + a promise or a refund if it fails). RULES.md R-LST-11/15/17/18/20/23, PB-03/05/09/10/24.

Every text here is our own, written from the rules, never taken from a corpus. The `*_BEFORE` lists were written
BEFORE the detectors were implemented and have not been edited since (a check that the concept sets were not fit to
one phrasing); the `*_AFTER` lists were written afterwards. Each class is also shown to matter: with its round-12
compounds removed, most of its examples are no longer flagged."""

import pytest

from tests.listing.mechanisms import LEXICON, edited, said

# ---- written before implementing; not edited afterwards ----
FAKEDATA_BEFORE = ["这款的月销三千都是刷出来的，实际没几单。", "好评大部分是托写的，将就看。", "粉丝是花钱买的，互动很少。",
                   "晒单图是我们做的，实物略有差异。", "差评都让我们删了，现在只剩好评。"]
FAKEDATA_INNOCENT_BEFORE = ["销量数据来自平台后台统计。", "欢迎真实评价，好坏都可以写。", "刷子要单独购买，本品不含刷头。",
                            "粉丝见面会门票，限量发售。", "本店从不刷单，评价全部真实。"]
PRICE_BEFORE = ["专柜价2999只是参考，没有实际成交记录。", "倒计时结束后会自动重新开始，优惠永远不会停。",
                "付款时另加服务费15元。", "页面写9.9，实际下单要49。", "原价是随便标的，图个好看。"]
PRICE_INNOCENT_BEFORE = ["原价199，活动期内（3月1日-3月7日）售价159。", "倒计时结束后恢复原价。", "价格已含所有费用，无额外收费。",
                         "服务费已包含在标价中。", "参考价格为近30天成交均价。"]
COUNTERFEIT_BEFORE = ["高仿香奈儿经典款，做工和专柜一样。", "复刻版劳力士，外行看不出。", "一比一还原大牌包，当正品送人没问题。",
                      "A货耐克鞋，原厂材料。", "精仿版本，标志齐全，可过验货。"]
COUNTERFEIT_INNOCENT_BEFORE = ["仿古青花瓷风格花瓶，现代工艺。", "本店所售均为正品，支持专柜验货。", "仿生学设计鱼饵，钓鱼好帮手。",
                               "高仿真绿植，免浇水。", "复古风格台灯，黄铜灯座。"]
GUARANTEE_BEFORE = ["坚持用一个月不长高全额退款。", "三天见效，无效退钱。", "包你一周瘦十斤。", "保证考试通过，不过全退。",
                    "用了一定能白，白不了不要钱。"]
GUARANTEE_INNOCENT_BEFORE = ["七天无理由退货，质量问题包退换。", "效果因人而异，请按说明使用。", "不满意可申请退款（未拆封）。",
                             "保证48小时内发货。", "尺码不合适可免费换一次。"]
