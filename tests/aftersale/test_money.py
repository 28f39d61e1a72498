"""The order's money ledger on the real store (R-AFT-06, R-DSP-06, R-XC-02): what each line paid (a discount lowers
every line, exactly), partial refunds capped by what was paid and is left (not list prices), one open refund-type
request per order line, no refund after a full refund, and the limits and once-only actions under concurrent
requests (green threads against the real store)."""

from datetime import datetime

import pytest

from services.aftersale import ledger_rules as lr
from tests.aftersale.usecases import BUYER, MERCHANT, Aftersale, order
from tests.conftest import concurrently
from tianping.lib.errors import AmountExceedsRefundable, Conflict, Forbidden, RefundedInFull, RequestOpen


@pytest.fixture
def desk(replica_for, frozen_clock):
    from tianping.infra import db

    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"))
    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    two_lines = order("o2") | {"items": [{"sku": "a", "category": "jewelry", "amount": "300.00"},
                                         {"sku": "b", "category": "jewelry", "amount": "100.00"}],
                               "total_amount": "200.00"}  # paid half the list prices
    desk.record_order(order(), "order-system")
    desk.record_order(two_lines, "order-system")
    return desk


def refund_only(desk, order_id="o2", skus=("a",)):
    return desk.open({"order_id": order_id, "buyer_id": "b1", "kind": "refund_only", "skus": list(skus)})


def test_lines_paid_share_the_discount_exactly_and_rest_is_shipping():
    assert lr.paid_per_line(20000, [30000, 10000]) == ([15000, 5000], 0)
    assert lr.paid_per_line(100, [300, 300, 300]) == ([34, 33, 33], 0)  # odd cents to the largest remainders, sum exact
    assert lr.paid_per_line(1100, [500, 500]) == ([500, 500], 100)  # paid above list: the rest is shipping
    with pytest.raises(ValueError):
        lr.cents("1.001")


def test_a_partial_refund_is_capped_by_what_the_line_paid_not_its_list_price_R_AFT_06(desk):
    r = desk.open({"order_id": "o2", "buyer_id": "b1", "kind": "quality_return", "skus": ["a"], "reason": "chipped"})
    with pytest.raises(AmountExceedsRefundable) as above:  # list price 300.00, paid 150.00
        desk.respond(r["request_id"], {"action": "propose_partial_refund", "amount": "150.01", "reason": "x"},
                     MERCHANT)
    assert above.value.fields == {"amount": ["at most 150.00"], "ceiling": ["150.00"]}
    r = desk.respond(r["request_id"], {"action": "propose_partial_refund", "amount": "40.00", "reason": "x"},
                     MERCHANT)
    r = desk.buyer(r["request_id"], {"action": "accept_proposal"}, BUYER)
    assert r["status"] == "refund_due" and r["refund_amount"] == "40.00"
    desk.respond(r["request_id"], {"action": "refunded", "reference": "pay-1"}, MERCHANT)
    money = _view(desk, "o2")
    line_a = next(line for line in money["lines"] if line["sku"] == "a")
    assert (line_a["paid"], line_a["committed"], line_a["refunded"], line_a["refundable"]) == \
        ("150.00", "40.00", "40.00", "110.00")
    assert [e["kind"] for e in money["entries"]] == ["partial_refund", "refunded"]
    assert money["refundable"] == "160.00" and money["invariant"] == lr.INVARIANT


def test_a_refund_after_the_line_was_refunded_in_full_is_refused_R_AFT_06(desk):
    r = refund_only(desk)
    r = desk.respond(r["request_id"], {"action": "accept"}, MERCHANT)
    assert r["refund_amount"] == "150.00"  # what line a actually paid
    desk.respond(r["request_id"], {"action": "refunded", "reference": "pay-1"}, MERCHANT)
    with pytest.raises(RefundedInFull):
        refund_only(desk)
    refund_only(desk, skus=("b",))  # the other line is untouched


def test_a_withdrawn_refund_hands_its_money_back_and_frees_the_line(desk):
    r = desk.respond(refund_only(desk)["request_id"], {"action": "accept"}, MERCHANT)
    assert _view(desk, "o2")["committed"] == "150.00"
    desk.buyer(r["request_id"], {"action": "withdraw", "message": "found it"}, BUYER)
    money = _view(desk, "o2")
    assert money["committed"] == "0.00" and money["refundable"] == "200.00"
    assert [e["kind"] for e in money["entries"]] == ["refund_due", "release"]
    assert refund_only(desk)["status"] == "awaiting_merchant"


def test_a_refund_promises_what_is_left_when_it_falls_due_not_what_was_left_when_the_request_opened(desk):
    """The promise is first tried on what the lines had left when the request claimed them (no read), guarded on
    each line still having exactly that: money a dispute took from them since, or handed back to them since, makes
    the guess fail, and the promise is planned from a read — all that is left, never the stale figure."""
    from services.aftersale.usecases import order_money

    def dispute(order_id, kind, amount=None):
        order_money.record(desk.ctx, {"order_id": order_id, "entry_id": f"case:{order_id}:{kind}", "kind": kind,
                                      "source": f"case:{order_id}", "amount": amount, "actor": "med1",
                                      "reason": "case", "rule_ids": ["R-DSP-06"]})

    dispute("o2", "dispute_decision", "30.00")  # taken before the request: it claims 170.00 of the 200.00
    handed_back = refund_only(desk, skus=())
    dispute("o2", "release")  # the decision did not stand: the lines have 200.00 again
    assert desk.respond(handed_back["request_id"], {"action": "accept"}, MERCHANT)["refund_amount"] == "200.00"
    taken = desk.open({"order_id": "o1", "buyer_id": "b1", "kind": "refund_only"})  # 1999.00 claimed
    dispute("o1", "dispute_decision", "99.00")
    assert desk.respond(taken["request_id"], {"action": "accept"}, MERCHANT)["refund_amount"] == "1900.00"
    assert _view(desk, "o2")["refundable"] == _view(desk, "o1")["refundable"] == "0.00"


def test_the_money_is_read_by_the_buyer_its_merchant_and_the_platform_only(desk):
    assert _view(desk, "o1", {"id": "b1"})["paid"] == "1999.00"
    assert _view(desk, "o1", {"id": "m1"})["paid"] == "1999.00"
    assert _view(desk, "o1", {"id": "med1", "platform": True})["paid"] == "1999.00"
    with pytest.raises(Forbidden):
        _view(desk, "o1", {"id": "b2"})


def _view(desk, order_id, viewer=None):
    from services.aftersale.usecases import order_money

    return order_money.view(desk.ctx, order_id, viewer)


# -- concurrency: limits and once-only actions against the real store ------------------------------------------
@pytest.mark.rule("R-AFT-01")
def test_concurrent_no_reason_returns_on_one_line_leave_exactly_one_open_R_AFT_01(desk):
    results = concurrently([lambda: desk.open({"order_id": "o1", "buyer_id": "b1", "kind": "no_reason_return"})
                            for _ in range(10)])
    opened = [r for r in results if isinstance(r, dict)]
    refused = [r for r in results if isinstance(r, RequestOpen)]
    assert len(opened) == 1 and len(refused) == 9, results
    assert refused[0].fields["request_id"] == [opened[0]["request_id"]]  # 409 names the open request
    from services.aftersale import models

    assert models.Request.objects(order_id="o1").count() == 1  # nothing half-written by the refused ones


def test_concurrent_surveys_record_exactly_one_R_AFT_16(desk):
    r = desk.respond(refund_only(desk)["request_id"], {"action": "reject", "reason": "used"}, MERCHANT)
    results = concurrently([lambda n=n: desk.survey(r["request_id"], {"satisfaction": 1 + n % 5, "resolved": False},
                                                    BUYER) for n in range(10)])
    assert sum(isinstance(x, dict) for x in results) == 1
    assert all(isinstance(x, Conflict) for x in results if not isinstance(x, dict))
    assert [s["event"] for s in desk.get(r["request_id"])["trail"]].count("survey_answered") == 1


def test_concurrent_partial_refunds_on_one_order_never_commit_more_than_paid(desk):
    """Ten lines' worth of partial refunds accepted at once on a two-line order: the ledger's one conditional update
    lets exactly what was paid through, no cent more."""
    requests = []
    for sku in ("a", "b"):
        r = desk.open({"order_id": "o2", "buyer_id": "b1", "kind": "quality_return", "skus": [sku], "reason": "x"})
        amount = "150.00" if sku == "a" else "50.00"
        requests.append(desk.respond(r["request_id"], {"action": "propose_partial_refund", "amount": amount,
                                                       "reason": "x"}, MERCHANT))
    results = concurrently([lambda r=r: desk.buyer(r["request_id"], {"action": "accept_proposal"}, BUYER)
                            for r in requests])
    assert all(isinstance(x, dict) for x in results), results
    money = _view(desk, "o2")
    assert money["committed"] == "200.00" and money["refundable"] == "0.00"
    with pytest.raises(RefundedInFull):
        refund_only(desk, skus=())
