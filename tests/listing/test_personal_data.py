"""PB-18: other people's personal data in a listing or community post — identity numbers (GB 11643 checksum), bank
card numbers (Luhn) and mobile numbers — is found by shape and checksum, with its span, and stored masked."""

import pytest

from services.listing import personal_data, rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.usecases import Listings, product

LEXICON = rules.CompiledLexicon(DEFAULT)
ID_NUMBER = "11010519491231002X"  # the GB 11643 example: born 1949-12-31, check character X


@pytest.fixture
def desk(replica_for):
    return Listings(replica_for("listing"))


def found(description: str) -> list[rules.Finding]:
    return [f for f in rules.review(product(description=description), LEXICON, {}) if "PB-18" in f.rule_ids]


@pytest.mark.rule("PB-18")
def test_an_identity_number_is_found_with_its_span_and_masked():
    text = f"买家张三 身份证{ID_NUMBER} 住朝阳区"
    [finding] = found(text)
    assert (finding.field, finding.kind, text[finding.start:finding.end]) == ("description", "personal_data", ID_NUMBER)
    assert finding.text == "110***********002X" and ID_NUMBER not in finding.message and not finding.review
    assert rules.decision([finding])[0] == "rejected"


@pytest.mark.rule("PB-18")
def test_a_bank_card_is_refused_and_a_mobile_number_waits_for_a_reviewer():
    [card] = found("收款卡号 6222 0212 3456 7890 128 转账")
    assert card.text == "622************0128" and not card.review
    [mobile] = found("这个主播的私人电话 138-1234-5678")
    assert mobile.text == "138****5678" and mobile.review
    assert rules.decision([mobile])[0] == "in_review"


@pytest.mark.parametrize("text", [
    f"订单号 {ID_NUMBER} 已发货",            # labelled as the platform's own number
    "11010519491231002Y",                      # wrong check character
    "110105194913310027",                      # no such birth date
    "卡号4111111111111112",                    # fails the Luhn check
    "客服13812345678 工作日9点到18点",          # the shop's customer service
    "价格13800元, 运费0元, 重量52.3g",          # a price is not a phone number
    "客服 400-800-1234",                       # a hotline is not a mobile number
    "2026120312345678901",                     # an order-like serial (no card network, no checksum)
])
def test_numbers_that_are_not_someone_elses_personal_data_are_not_found(text):
    assert found(text) == []
    assert personal_data.findings({"description": text}) == []


def test_the_operators_own_contact_is_not_scanned():
    listing = product(attributes={"operator_contact": "店主 13812345678"})
    assert [f for f in rules.review(listing, LEXICON, {}) if "PB-18" in f.rule_ids] == []


@pytest.mark.rule("PB-18")
def test_a_community_post_leaking_an_identity_number_is_rejected_and_stored_masked(desk):
    post = product(kind="community_post", category="post", title="曝光", description=f"他的身份证号是{ID_NUMBER}")
    stored = desk.submit(post)
    assert stored["status"] == "rejected" and "PB-18" in stored["trail"][-1]["rule_ids"]
    [finding] = [f for f in stored["findings"] if f["kind"] == "personal_data"]
    assert finding["text"] == "110***********002X" and ID_NUMBER not in str(stored["findings"])
    assert ID_NUMBER not in str(stored["trail"])
