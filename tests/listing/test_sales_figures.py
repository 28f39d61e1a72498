"""Sales figures claimed without their basis (services/listing/sales_figures.py, RULES.md R-LST-23, PB-03,
Advertising Law art. 11): a figure in the tens of thousands or more needs a proof or its source stated. Texts of our
own, never taken from a corpus."""

import pytest

from services.listing import rules
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import product

CLAIMED = ["这款台灯年销50万台, 学生都在用。", "热销 3w+ 的爆款。", "累计售出两百万件, 老顾客回购多。", "卖出超过120000只。"]
GROUNDED = ["已售2,150件 (平台统计, 近30天)。", "月销3000+, 数据来自平台后台。", "已售86件。", "每售出一件捐5元给助学项目。",
            "月销十万件 (见附件第三方审计报告)。"]


def figures(description: str, **extra) -> list:
    listing = product(title="护眼 台灯", description=description, **extra)
    return [f for f in rules.review(listing, LEXICON, {}) if f.category == "sales-figure"]


@pytest.mark.rule("R-LST-23", "PB-03")
def test_a_sales_figure_needs_its_proof_or_source_R_LST_23():
    found = {t: figures(t) for t in CLAIMED}
    assert [t for t, fs in found.items() if len(fs) != 1 or fs[0].kind != "unproven_claim"] == []
    assert all(f.text == t[f.start:f.end] and f.rule_ids == ("R-LST-23", "PB-03") for t, fs in found.items() for f in fs)
    assert [t for t in GROUNDED if figures(t)] == []
    assert figures(CLAIMED[0], proofs=["sales-report://2026"]) == []
