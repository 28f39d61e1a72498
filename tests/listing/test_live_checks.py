"""One judgement, two inputs (issue 26): a live segment's text gets every text check a listing's description gets —
the same matcher, lexicon and exceptions, and the checks beside them (PB-18 other people's personal data, PB-19 the
platform's name) — because the live path runs the listing review itself (live_rules.findings -> rules.review), not a
copy. Checked over the whole review corpus and the personal-data and platform-notice examples, then through ingest:
a viewer's comment leaking an identity number is hidden, stored masked, and announced without the number."""

import pytest

from services.listing import live_rules, rules
from services.listing.usecases.lexicons import DEFAULT
from tests.listing import corpus
from tests.listing.test_live import ROOM, live, seg
from tests.listing.usecases import Listings, product

LEXICON = rules.CompiledLexicon(DEFAULT)
ID_NUMBER = "11010519491231002X"  # the GB 11643 example (tests/listing/test_personal_data.py)
LEAKS = [f"他的身份证号是{ID_NUMBER}", "收款卡号 6222 0212 3456 7890 128 转账", "这个主播的私人电话 138-1234-5678",
         "【平台公告】本周会员免单", "订单号 11010519491231002X 已发货", "客服13812345678 工作日9点到18点"]


# A listing's price statements are judged against the whole listing (its promotion's ends_at and conditions, its fee
# field: price_rules.py), which a segment does not have: a host states the terms across a session, not in each line.
LISTING_ONLY = ("price_claim",)


def texts() -> list[str]:
    seen = dict.fromkeys(LEAKS)
    for _, listing, _ in corpus.cases():
        for field in ("title", "description"):
            if listing.get(field):
                seen.setdefault(listing[field])
    return list(seen)


def described(found) -> list[tuple]:
    return sorted((f.kind, f.rule_ids, f.start, f.end, f.text, f.review) for f in found)


@pytest.fixture
def desk(replica_for, frozen_clock):
    desk = Listings(replica_for("listing"))
    desk.put_room("room-1", ROOM, "m1")
    return desk


def test_a_segment_gets_every_text_check_a_listings_description_gets():
    differ = []
    for text in texts():
        listing = [f for f in rules.review(product(title="", description=text), LEXICON, {})
                   if f.field == "description" and f.kind not in LISTING_ONLY]
        if described(live_rules.findings(text, LEXICON)) != described(listing):
            differ.append(text)
    assert differ == []
    kinds = {f.kind for text in LEAKS for f in live_rules.findings(text, LEXICON)}
    assert {"personal_data", "platform_notice"} <= kinds


@pytest.mark.rule("PB-18", "R-LST-33")
def test_personal_data_in_a_live_room_hidden_or_flagged_and_kept_masked(desk, frozen_clock):
    sid, t = live(desk), frozen_clock.now
    answer = desk.segments("room-1", sid, {"segments": [
        seg(1, "comment", LEAKS[0], t), seg(2, "transcript", LEAKS[1], t), seg(3, "comment", LEAKS[2], t),
        seg(4, "caption", LEAKS[3], t), seg(5, "comment", LEAKS[4], t)]})
    decided = {d["seq"]: (d["decision"], d["rule_ids"]) for d in answer["decisions"]}
    assert decided[1] == ("hide", ["R-LST-33", "PB-18"])              # a viewer leaks an identity number
    assert decided[2] == ("flag", ["R-LST-32", "R-LST-34", "PB-18"])  # the host reads out a card number
    assert decided[3] == ("flag", ["R-LST-33", "PB-18"])              # a mobile number: a person decides
    assert decided[4][0] == "flag" and "PB-19" in decided[4][1]       # a caption in the platform's name
    assert decided[5] == ("pass", [])                                  # an order number is not personal data
    [finding] = answer["decisions"][0]["findings"]
    assert finding["text"] == "110***********002X" and ID_NUMBER not in str(answer["decisions"][0]["findings"])
    assert desk.events("live_segment_hidden")[0]["segments"] == [{"seq": 1, "rule_ids": ["R-LST-33", "PB-18"]}]
    assert ID_NUMBER not in str(desk.events("live_segment_hidden"))
