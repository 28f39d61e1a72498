"""Round 2 mechanisms, each shown to matter: removing its data makes the example pass unflagged."""

import copy

from services.listing import brands, rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.usecases import product

LEXICON = rules.CompiledLexicon(DEFAULT)


def kinds(listing: dict, lexicon=LEXICON) -> set[str]:
    return {f.kind for f in rules.review(listing, lexicon, {}) if f.kind != "missing_field"}


def without(key: str, value) -> rules.CompiledLexicon:
    body = copy.deepcopy(DEFAULT)
    body[key] = value
    return rules.CompiledLexicon({**body, "version": f"test-{key}"})


def test_latin_lookalikes_are_one_alike_letter_or_a_doubled_letter_away():
    marks, alike = LEXICON.latin_marks, LEXICON.latin_alike
    assert brands.latin_lookalike("NIKF", marks, alike) == "耐克"
    assert brands.latin_lookalike("adiddas", marks, alike) == "阿迪达斯"
    assert brands.latin_lookalike("nike", marks, alike) is None      # the mark itself
    assert brands.latin_lookalike("fans", marks, alike) is None      # v/f are not alike: not "vans"


def test_chinese_lookalikes_come_from_the_shape_and_sound_table():
    variants = brands.chinese_lookalikes([{"name": "康师傅"}], {"师": "帅"})
    assert variants == {"康帅傅": "康师傅"}


def test_lookalike_marks_go_to_review_with_their_category():
    found = rules.review(product(title="康帅傅 红烧牛肉面"), LEXICON, {})
    assert [(f.kind, f.category, f.review) for f in found] == [("counterfeit", "look-alike-mark", True)]
    assert kinds(product(title="康帅傅 红烧牛肉面"), without("lookalike_chars", {})) == set()


def test_a_brand_alone_is_not_counterfeit_R_LST_15():
    assert kinds(product(title="二手 iPad 第9代", description="自用两年, 功能正常")) == set()
    assert kinds(product(title="iPad 高仿机", description="外观一样")) == {"counterfeit"}


def test_prohibited_findings_name_their_category_R_LST_08():
    found = rules.review(product(description="野外捕捉的红隼幼崽"), LEXICON, {})
    assert {(f.kind, f.category) for f in found} == {("prohibited_goods", "prohibited-wildlife")}
    assert found[0].out()["category"] == "prohibited-wildlife"
    assert kinds(product(description="野外捕捉的红隼幼崽"), without("compounds", [])) == set()


def test_superstition_is_its_own_kind():
    assert kinds(product(description="大师开光, 保平安")) == {"superstition_claim"}


def test_own_range_superlatives_need_their_marker():
    assert kinds(product(description="本系列最轻的一款")) == set()
    assert kinds(product(description="本系列中这款最轻")) == set()
    assert kinds(product(description="本系列中这款最轻"), without("own_range_markers", [])) == {"absolute_claim"}
    assert kinds(product(description="我家最厚, 全国最好")) == {"absolute_claim"}


def test_registered_health_food_may_claim_its_approved_function_R_LST_23():
    text = "国食健注G20190001 保健功能: 增强免疫力"
    assert kinds(product(description=text)) == set()
    assert kinds(product(description=text), without("health_functions", [])) == {"efficacy_claim"}
    assert kinds(product(description="国食健注G20190001 治愈癌症")) == {"efficacy_claim"}
