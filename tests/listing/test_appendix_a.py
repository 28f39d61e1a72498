"""The Appendix A attributes of a jewelry listing (services/listing/appendix_a.py, R-LST-07): the names the review
reads, the aliases it accepts for them, and a missing item reported under its expected name with those aliases, so a
merchant can tell a name the review does not know from an item left out. And a real material's name that names a
pattern or shape ("钻石纹") is not a material claim (PB-05)."""

from pathlib import Path

import pytest

from services.listing import appendix_a, rules
from tests.listing.mechanisms import LEXICON
from tests.listing.usecases import JEWEL_ATTRIBUTES, jewel, product


def review(listing: dict) -> list:
    return rules.review(listing, LEXICON, {})


def renamed(**aliases) -> dict:
    """JEWEL_ATTRIBUTES with each given item sent under an alias: {read name: alias}."""
    attrs = {k: v for k, v in JEWEL_ATTRIBUTES.items() if k not in aliases}
    return {**attrs, **{alias: JEWEL_ATTRIBUTES[name] for name, alias in aliases.items()}}


@pytest.mark.rule("R-LST-07")
def test_every_item_is_read_under_each_of_its_documented_aliases_R_LST_07():
    for name, aliases in appendix_a.ALIASES.items():
        for alias in aliases:
            assert review(jewel(attributes=renamed(**{name: alias}))) == [], (name, alias)


@pytest.mark.rule("R-LST-07")
def test_a_missing_item_names_the_attribute_expected_and_the_names_accepted_R_LST_07():
    sent = {**renamed(accessories="accessory_info")}  # a name the review does not know
    found = [f for f in review(jewel(attributes=sent)) if f.kind == "missing_field"]
    assert [f.field for f in found] == ["attributes.accessories"]
    assert found[0].message.startswith("missing: attributes.accessories (also accepted: attributes.findings, ")
    assert "#32" in found[0].message


@pytest.mark.rule("R-LST-23")
def test_a_finding_on_an_aliased_attribute_names_it_as_sent():
    attrs = {**renamed(care_instructions="care_consumer"), "care_consumer": "日常佩戴可以降血压"}
    found = [f for f in review(jewel(attributes=attrs)) if f.kind == "efficacy_claim"]
    assert [(f.field, f.text) for f in found] == [("attributes.care_consumer", "降血压")]


def test_canonical_reports_each_rename_and_other_categories_need_no_appendix_a():
    listing = product(attributes={"findings": "无", "warranty": "1年"})
    assert appendix_a.canonical(listing)[1] == {"attributes.accessories": "attributes.findings",
                                                "attributes.warranty_period": "attributes.warranty"}
    assert review(listing) == []


@pytest.mark.rule("PB-05")
def test_a_material_name_that_names_a_pattern_is_no_material_claim_PB_05():
    pattern = product(category="home", title="钻石纹 玻璃水杯 6只装", description="杯身钻石切面纹样, 无铅玻璃。")
    assert [f for f in review(pattern) if f.kind == "fake_as_real"] == []
    claimed = product(category="home", title="钻石 玻璃水杯 6只装", description="杯身钻石, 无铅玻璃。")
    assert [f.text for f in review(claimed) if f.kind == "fake_as_real"] == ["钻石"]


def test_the_readme_documents_every_item_and_alias():
    readme = " ".join(Path(__file__).resolve().parents[2].joinpath("README.md").read_text(encoding="utf-8").split())
    names = [*appendix_a.JEWELRY_REQUIRED, *appendix_a.GEM_REQUIRED]
    assert [n for n in names + [a for aliases in appendix_a.ALIASES.values() for a in aliases]
            if f"`{n}`" not in readme] == []
