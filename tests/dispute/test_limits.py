"""Limits and once-only actions of mediation under concurrent requests, on the real store (green threads, as the
service's workers run): evidence files per side (R-DSP-15), answers to a proposal (once per side, R-DSP-04),
advance compensation never above what the decision owes nor the order paid (R-DSP-06), and the ceilings of
proposals and decisions (amount_exceeds_refundable naming the ceiling)."""

from datetime import datetime

import pytest

from tests.conftest import concurrently
from tests.dispute.usecases import BUYER, MEDIATOR, MERCHANT, Disputes, money_desk
from tianping.lib.errors import AmountExceedsRefundable, Conflict, ValidationFailed


@pytest.fixture
def desk(replica_for, service_db, frozen_clock):
    from tianping.infra import db

    replica = replica_for("dispute")
    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    desk = Disputes(replica, db.database({}, "dispute"), aftersale=money_desk(replica, service_db("aftersale")))
    desk.clock = frozen_clock
    return desk


def open_case(desk, amount="1999.00"):
    case = desk.open({"order_id": "o1", "consumer_id": "b1", "claim": "the jade is glass", "amount_claimed": amount})
    return desk.evidence(case["case_id"], {"text": "it is jade"}, MERCHANT)


def file(n):
    return {"sha256": f"{n:064x}", "bytes": 1024, "name": f"f{n}.jpg"}


def test_20_concurrent_evidence_posts_store_exactly_the_policy_maximum_per_side_R_DSP_15(desk):
    case = open_case(desk)
    results = concurrently([lambda n=n: desk.evidence(case["case_id"], {"files": [file(n)]}, BUYER)
                            for n in range(20)])
    assert sum(isinstance(r, dict) for r in results) == 10
    assert all(isinstance(r, ValidationFailed) for r in results if not isinstance(r, dict))
    stored = desk.get(case["case_id"])["evidence"]
    assert sum(len(e["files"]) for e in stored if e["side"] == "buyer") == 10
    desk.evidence(case["case_id"], {"files": [file(99)]}, MERCHANT)  # the other side's allowance is its own


def test_concurrent_answers_count_once_per_side_and_resolve_once_R_DSP_04(desk):
    case = open_case(desk)
    desk.propose(case["case_id"], {"outcome": "partial_refund", "amount": "300.00", "reasoning": "r"}, MEDIATOR)
    answers = [lambda: desk.answer(case["case_id"], {"accept": True}, BUYER) for _ in range(5)] + \
              [lambda: desk.answer(case["case_id"], {"accept": True}, MERCHANT) for _ in range(5)]
    results = concurrently(answers)
    assert sum(isinstance(r, dict) for r in results) == 2, results  # one per side
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, dict))
    case = desk.get(case["case_id"])
    assert case["status"] == "resolved" and case["decided_amount"] == "300.00"
    assert [s["event"] for s in case["trail"]].count("resolved_partial_refund") == 1
    assert desk.ledger("o1")["committed"] == "300.00"  # decided once on the order's money


def decided_and_unpaid(desk, amount):
    case = open_case(desk, amount)
    desk.resolve(case["case_id"], {"outcome": "buyer_favoured", "reasoning": "glass"}, MEDIATOR)
    desk.clock.advance(days=5)
    desk.sweep()  # the payment deadline passed: advance compensation opens
    return desk.get(case["case_id"])


@pytest.mark.rule("R-DSP-06")
def test_concurrent_advance_compensations_summing_above_what_is_owed_never_pay_more_R_DSP_06(desk):
    case = decided_and_unpaid(desk, "1000.00")
    results = concurrently([lambda: desk.compensate(case["case_id"], {"amount": "150.00", "reason": "x"}, MEDIATOR)
                            for _ in range(10)])  # 1500.00 asked, 1000.00 owed
    paid = [r for r in results if isinstance(r, dict)]
    assert len(paid) == 6 and all(isinstance(r, AmountExceedsRefundable) for r in results if r not in paid)
    money = desk.ledger("o1")
    assert money["compensated"] == "900.00" and money["committed"] == "1000.00" and money["paid"] == "1999.00"
    assert desk.get(case["case_id"])["compensated"] == "900.00"
    assert len(desk.claims("m1", "open", None)["items"]) == 6  # one recovery claim per payout, none for the refused


@pytest.mark.rule("R-DSP-06")
def test_proposals_and_decisions_never_exceed_the_claim_or_what_remains_R_DSP_04_R_DSP_06(desk):
    case = open_case(desk, "500.00")
    with pytest.raises(AmountExceedsRefundable) as above_claim:
        desk.propose(case["case_id"], {"outcome": "partial_refund", "amount": "500.01", "reasoning": "r"}, MEDIATOR)
    assert above_claim.value.fields["ceiling"] == ["500.00"] and "claimed" in above_claim.value.message
    with pytest.raises(AmountExceedsRefundable):
        desk.resolve(case["case_id"], {"outcome": "partial_refund", "amount": "9999.00", "reasoning": "r"}, MEDIATOR)
    desk.resolve(case["case_id"], {"outcome": "buyer_favoured", "reasoning": "r"}, MEDIATOR)
    second = open_case(desk, "1499.00")  # 1999.00 paid, 500.00 decided
    with pytest.raises(AmountExceedsRefundable) as above_left:
        desk.propose(second["case_id"], {"outcome": "partial_refund", "amount": "1499.01", "reasoning": "r"},
                     MEDIATOR)
    assert above_left.value.fields["ceiling"] == ["1499.00"]


def test_an_answer_that_reads_its_case_already_closed_by_the_other_side_does_not_close_it_again_R_DSP_04(desk, monkeypatch):
    """The interleaving the concurrent test meets only now and then, made certain: the buyer's answer is stored, the
    merchant's answer stores and closes the case, and only then does the buyer's call read the case back."""
    from services.dispute.usecases import mediation

    case = open_case(desk)
    desk.propose(case["case_id"], {"outcome": "partial_refund", "amount": "300.00", "reasoning": "r"}, MEDIATOR)
    settle, held = mediation.settle_answers, []

    def buyer_reads_late(ctx, fresh, actor, deemed=False):
        if actor == BUYER["id"] and not held:
            held.append(fresh)
            desk.answer(case["case_id"], {"accept": True}, MERCHANT)  # closes the case meanwhile
            fresh = ctx.repo.case_or_404(case["case_id"])
        return settle(ctx, fresh, actor, deemed)

    monkeypatch.setattr(mediation, "settle_answers", buyer_reads_late)
    answered = desk.answer(case["case_id"], {"accept": True}, BUYER)
    assert answered["status"] == "resolved"
    trail = [s["event"] for s in desk.get(case["case_id"])["trail"]]
    assert trail.count("resolved_partial_refund") == 1, trail
    assert desk.ledger("o1")["committed"] == "300.00"
