"""What each after-sale deadline does when it passes, and the refund ceiling of the order's money, as pure rules:
the merchant's 48 hours to respond (silence approves), the buyer's 7 days to ship the goods back (silence lapses),
the merchant's 72 hours to confirm a return's receipt (silence confirms), and no payout beyond what the lines paid."""

from datetime import datetime, timedelta

import pytest

from services.aftersale import ledger_rules, rules
from services.aftersale.usecases import POLICY

TERMS = {"response_hours": 48, "return_days": 7, "warranty_days": 90}
OPENED = datetime.fromisoformat("2026-03-01T23:00:00+08:00")


@pytest.mark.rule("R-AFT-05")
@pytest.mark.parametrize("kind, status, next_deadline", [("no_reason_return", "awaiting_return", "ship_return"),
                                                         ("refund_only", "refund_due", "refund")])
def test_a_merchant_silent_for_48_hours_approves_the_request_and_breaches_R_AFT_05(kind, status, next_deadline):
    due = rules.due_at("respond", OPENED, POLICY, TERMS)
    assert due == OPENED + timedelta(hours=48)
    action = rules.on_deadline("respond", kind)
    assert (action["event"], action["status"], action["next"], action["breach"]) == \
        ("auto_approved", status, next_deadline, True)
    assert "R-AFT-05" in action["rule_ids"]


@pytest.mark.rule("R-AFT-05")
def test_a_buyer_silent_on_a_proposal_or_a_question_lapses_the_request_R_AFT_05():
    for kind in ("answer_proposal", "answer_info"):
        action = rules.on_deadline(kind, "quality_return")
        assert (action["event"], action["status"], action["breach"]) == ("lapsed", "lapsed", False)


@pytest.mark.rule("R-AFT-07")
@pytest.mark.parametrize("kind, status, next_deadline", [("no_reason_return", "refund_due", "refund"),
                                                         ("exchange", "fulfilment_due", "fulfil")])
def test_an_unconfirmed_receipt_is_deemed_confirmed_after_72_hours_R_AFT_07(kind, status, next_deadline):
    shipped = datetime.fromisoformat("2026-03-05T09:30:00+08:00")
    assert rules.due_at("confirm_receipt", shipped, POLICY, TERMS) == shipped + timedelta(hours=72)
    action = rules.on_deadline("confirm_receipt", kind)
    assert (action["event"], action["status"], action["next"], action["breach"]) == \
        ("receipt_auto_confirmed", status, next_deadline, True)


@pytest.mark.rule("R-AFT-07")
def test_a_missed_fulfilment_is_a_breach_the_buyer_may_escalate_R_AFT_07():
    action = rules.on_deadline("fulfil", "repair")
    assert action["event"] == "fulfil_overdue" and action["breach"] and "R-AFT-07" in action["rule_ids"]


@pytest.mark.rule("R-AFT-01")
def test_a_buyer_who_does_not_ship_within_seven_calendar_days_lapses_R_AFT_01():
    accepted = datetime.fromisoformat("2026-03-01T23:00:00+08:00")
    due = rules.due_at("ship_return", accepted, POLICY, TERMS)
    assert due == datetime.fromisoformat("2026-03-09T00:00:00+08:00")  # the 8th is the last whole day
    action = rules.on_deadline("ship_return", "no_reason_return")
    assert (action["event"], action["status"], action["rule_ids"]) == ("lapsed", "lapsed", ["R-AFT-01"])


@pytest.mark.rule("R-AFT-06")
def test_no_refund_beyond_what_the_lines_have_left_R_AFT_06():
    lefts = {"L0": 5000, "L1": 1999}
    assert ledger_rules.allocate(6999, lefts) == {"L0": 5000, "L1": 1999}   # exactly what is left: held
    assert ledger_rules.allocate(7000, lefts) is None                        # one cent more: refused
    assert ledger_rules.allocate(1, {}) is None                              # nothing left: refused
    assert ledger_rules.allocate(3000, lefts) == {"L0": 3000}


@pytest.mark.rule("R-DSP-02")
def test_a_buyer_may_take_a_refused_rejected_or_stalled_request_to_mediation_R_DSP_02():
    opened = datetime.fromisoformat("2026-03-01T10:00:00+08:00")
    running = {"status": "awaiting_merchant", "opened_at": opened, "breaches": 0}
    stall = timedelta(days=POLICY["stalled_days"])
    assert rules.may_escalate({**running, "status": "rejected"}, opened, POLICY)
    assert rules.may_escalate({**running, "status": "refused"}, opened, POLICY)
    assert rules.may_escalate({**running, "breaches": 1}, opened, POLICY)          # the merchant missed a deadline
    assert rules.may_escalate(running, opened + stall, POLICY)                      # open too long
    assert not rules.may_escalate(running, opened + stall - timedelta(seconds=1), POLICY)
    assert not rules.may_escalate({**running, "status": "completed"}, opened + stall, POLICY)
