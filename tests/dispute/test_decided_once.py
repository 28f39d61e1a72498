"""Decisions made once under interleavings the concurrent tests meet only now and then, made certain with
monkeypatch: a payment reported twice, a payment deadline firing on a case the merchant has just paid, a rejection
settled twice, an answer clock deeming a proposal that failed (and was replaced) meanwhile, a proposal overwriting
another mediator's made meanwhile, a recovery settled but its ledger entry lost to a crash."""

import pytest

from services.dispute import repository
from tests.dispute.test_limits import desk, open_case  # noqa: F401 - the fixture
from tests.dispute.usecases import BUYER, MEDIATOR, MERCHANT
from tianping.lib.errors import Conflict


def events(case):
    return [s["event"] for s in case["trail"]]


def decided(desk):  # noqa: F811
    case = open_case(desk, "800.00")
    return desk.resolve(case["case_id"], {"outcome": "buyer_favoured", "reasoning": "glass"}, MEDIATOR)


def after_read(monkeypatch, module, name, meanwhile):
    """`module.name` runs `meanwhile()` once, after its first call returns: another call acts between this one's
    read and its write."""
    real, done = getattr(module, name), []

    def late(*args, **kwargs):
        result = real(*args, **kwargs)
        if not done:
            done.append(True)
            meanwhile()
        return result

    monkeypatch.setattr(module, name, late)


def test_a_payment_reported_twice_at_once_is_recorded_once_R_DSP_06(desk, monkeypatch):  # noqa: F811
    from services.dispute.usecases import money

    case = decided(desk)
    after_read(monkeypatch, money, "ensure_promise", lambda: desk.paid(case["case_id"], {"reference": "tx-2"}, MERCHANT))
    with pytest.raises(Conflict):
        desk.paid(case["case_id"], {"reference": "tx-1"}, MERCHANT)
    case = desk.get(case["case_id"])
    assert events(case).count("merchant_paid") == 1, events(case)
    assert case["paid_by_merchant"] == "tx-2"


def test_a_payment_deadline_firing_on_a_case_the_merchant_paid_meanwhile_opens_no_compensation_R_DSP_06(
        desk, monkeypatch):  # noqa: F811
    case = decided(desk)
    desk.clock.advance(days=5)
    after_read(monkeypatch, repository, "case", lambda: desk.paid(case["case_id"], {"reference": "tx-1"}, MERCHANT))
    desk.sweep()
    case = desk.get(case["case_id"])
    assert "payment_missed" not in events(case), events(case)
    assert not case.get("advance_compensation_available") and "merchant_refused_payment" not in case["flags"]


def test_a_rejection_read_after_the_other_rejection_failed_the_proposal_fails_it_once_R_DSP_04(desk, monkeypatch):  # noqa: F811
    from services.dispute.usecases import mediation

    case = open_case(desk)
    desk.propose(case["case_id"], {"outcome": "partial_refund", "amount": "300.00", "reasoning": "r"}, MEDIATOR)
    settle, held = mediation.settle_answers, []

    def buyer_moves_late(ctx, fresh, actor, deemed=False, **require):
        if actor == BUYER["id"] and not held:
            held.append(fresh)
            desk.answer(case["case_id"], {"accept": False}, MERCHANT)  # both rejected: the merchant's call fails it
        return settle(ctx, fresh, actor, deemed, **require)

    monkeypatch.setattr(mediation, "settle_answers", buyer_moves_late)
    desk.answer(case["case_id"], {"accept": False}, BUYER)
    assert events(desk.get(case["case_id"])).count("proposal_failed") == 1


def test_an_answer_clock_firing_on_a_proposal_rejected_and_replaced_meanwhile_deems_nothing_R_DSP_10(
        desk, monkeypatch):  # noqa: F811
    case = open_case(desk)
    desk.propose(case["case_id"], {"outcome": "partial_refund", "amount": "300.00", "reasoning": "r"}, MEDIATOR)
    desk.clock.advance(days=6)

    def rejected_and_replaced():
        desk.answer(case["case_id"], {"accept": False}, BUYER)
        desk.propose(case["case_id"], {"outcome": "buyer_favoured", "reasoning": "second"}, MEDIATOR)

    after_read(monkeypatch, repository, "case", rejected_and_replaced)
    desk.sweep()
    case = desk.get(case["case_id"])
    assert case["status"] == "mediation" and case["proposal"]["reasoning"] == "second", events(case)
    assert "proposal_deemed_accepted" not in events(case)


def test_a_proposal_read_before_another_mediators_proposal_landed_is_refused_R_DSP_04(desk, monkeypatch):  # noqa: F811
    case = open_case(desk)
    first = desk.propose(case["case_id"], {"outcome": "partial_refund", "amount": "300.00", "reasoning": "r"},
                         MEDIATOR)["proposal"]
    after_read(monkeypatch, repository, "case_or_404", lambda: desk.propose(
        case["case_id"], {"outcome": "buyer_favoured", "reasoning": "second"}, MEDIATOR))
    with pytest.raises(Conflict):  # mediation -> mediation: once per proposal read, not whoever writes last
        desk.propose(case["case_id"], {"outcome": "merchant_favoured", "reasoning": "third"}, MEDIATOR)
    case = desk.get(case["case_id"])
    assert case["proposal"]["reasoning"] == "second" and case["proposal"]["proposal_id"] != first["proposal_id"]
    assert events(case).count("proposed") == 2, events(case)


def test_a_settlement_whose_ledger_entry_a_crash_lost_writes_it_once_when_redelivered_R_DSP_06(desk, monkeypatch):  # noqa: F811
    case = decided(desk)
    desk.clock.advance(days=5)
    desk.sweep()  # the payment missed: the platform may advance
    claim = desk.compensate(case["case_id"], {"amount": "300.00", "reason": "refused"}, MEDIATOR)["recovery_claim_id"]
    real, crashed = desk.ctx.money, []

    def crash(entry):
        if entry["kind"] == "recovery" and not crashed:
            crashed.append(True)
            raise RuntimeError("the process died after the claim was settled")
        return real(entry)

    monkeypatch.setattr(desk.ctx, "money", crash)
    settlement = {"status": "recovered", "reference": "deducted"}
    with pytest.raises(RuntimeError):
        desk.settle(claim, settlement, MEDIATOR)
    for _ in range(2):  # the redelivery writes the entry the settled claim owes the ledger; a second adds nothing
        assert desk.settle(claim, settlement, MEDIATOR)["status"] == "recovered"
    with pytest.raises(Conflict):  # another settlement still finds it settled
        desk.settle(claim, {"status": "written_off", "reference": "x"}, MEDIATOR)
    money = desk.ledger("o1")
    assert [e["kind"] for e in money["entries"]].count("recovery") == 1
    assert (money["recovered"], money["unrecovered"]) == ("300.00", "0.00")
