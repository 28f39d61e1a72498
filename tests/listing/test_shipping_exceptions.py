"""R-LST-18 ("list every additional fee that may arise"): free shipping that excepts some areas without saying what
they pay leaves a fee unlisted; with the fee stated, it is listed. Ruled by the lead on 2026-12-05 where the splits
disagreed (heldout16, heldout19, heldout20 and heldout21 label an unpriced exception violating, devset_external7's
guarantee look-alike i09 innocent): the rule's text decides. Texts of our own."""

import pytest

from services.listing import rules
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import product


def hidden_charge(description: str) -> bool:
    return any(f.category == "hidden-charge" for f in rules.review(
        product(title="抽纸 24包 整箱", description=description), LEXICON, {}))


@pytest.mark.rule("R-LST-18")
def test_free_shipping_that_excepts_areas_lists_what_they_pay_R_LST_18():
    assert hidden_charge("柔软亲肤，全国包邮（偏远地区除外）。")
    assert hidden_charge("下单即发，港澳台不包邮。")
    assert hidden_charge("包邮，部分地区除外，详情咨询客服。")
    assert not hidden_charge("全国包邮（新疆、西藏除外，补运费15元）。")
    assert not hidden_charge("包邮；港澳台地区不包邮，运费20元。")
    assert not hidden_charge("全国包邮，偏远地区同样包邮。")
