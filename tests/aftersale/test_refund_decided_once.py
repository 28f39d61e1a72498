"""A refund report pays out once, and only with the move it reports (R-AFT-06, R-DSP-01): a merchant's "refunded"
that read the request before the buyer's escalation landed writes nothing to the order's money (its promise goes
back with the escalation), and a report whose move won but whose payout a crash lost pays it, once, when redelivered
— the interleavings made certain with monkeypatch."""

import pytest

from services.aftersale import repository
from services.aftersale.usecases import money
from tests.aftersale.test_money import _view, desk, refund_only  # noqa: F401 - the fixture
from tests.aftersale.usecases import BUYER, MERCHANT
from tianping.lib.errors import Conflict


def refund_due(desk):  # noqa: F811
    """A refund due on line a: 150.00 promised to the buyer."""
    r = desk.respond(refund_only(desk)["request_id"], {"action": "accept"}, MERCHANT)
    assert r["status"] == "refund_due" and r["refund_amount"] == "150.00"
    return r


def escalated_first(monkeypatch, desk, request_id):  # noqa: F811
    """The refunded move's conditional update waits for the buyer's escalation, which lands first."""
    real, done = repository.transition, []

    def late(rid, expected, step, *args, **kwargs):
        if step.event == "refunded" and not done:
            done.append(True)
            desk.escalate(request_id, {"reason": "no refund in time"}, BUYER)
        return real(rid, expected, step, *args, **kwargs)

    monkeypatch.setattr(repository, "transition", late)


def test_a_refund_report_that_lost_to_an_escalation_pays_nothing_R_AFT_06(desk, frozen_clock, monkeypatch):  # noqa: F811
    r = refund_due(desk)
    frozen_clock.advance(days=8)
    desk.sweep()  # the refund is overdue: stalled, the buyer may escalate
    escalated_first(monkeypatch, desk, r["request_id"])
    with pytest.raises(Conflict):
        desk.respond(r["request_id"], {"action": "refunded", "reference": "pay-1"}, MERCHANT)
    assert desk.get(r["request_id"])["status"] == "escalated"
    m = _view(desk, "o2")
    assert [e["kind"] for e in m["entries"]] == ["refund_due", "release"], m["entries"]
    assert (m["refunded"], m["committed"], m["refundable"]) == ("0.00", "0.00", "200.00")  # all of it to decide


def test_a_refund_report_whose_payout_a_crash_lost_pays_it_once_when_redelivered_R_AFT_06(desk, monkeypatch):  # noqa: F811
    r = refund_due(desk)
    desk.ctx.request_key = "merchant-report-1"
    real, crashed = money.pay, []

    def crash(*args, **kwargs):
        if not crashed:
            crashed.append(True)
            raise RuntimeError("the process died after the move")
        return real(*args, **kwargs)

    monkeypatch.setattr(money, "pay", crash)
    with pytest.raises(RuntimeError):
        desk.respond(r["request_id"], {"action": "refunded", "reference": "pay-1"}, MERCHANT)
    assert desk.get(r["request_id"])["status"] == "completed" and _view(desk, "o2")["refunded"] == "0.00"
    for _ in range(2):  # the redelivery pays what the move made owed; a second one adds nothing
        assert desk.respond(r["request_id"], {"action": "refunded", "reference": "pay-1"}, MERCHANT)["status"] == \
            "completed"
    m = _view(desk, "o2")
    assert [e["kind"] for e in m["entries"]] == ["refund_due", "refunded"], m["entries"]
    assert (m["refunded"], m["committed"], m["refundable"]) == ("150.00", "150.00", "50.00")
