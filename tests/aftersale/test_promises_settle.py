"""A refund promise no move took up resolves itself once its bound has passed, with no client retry (R-AFT-06,
R-XC-04): a process dying between the promise and the move leaves the order's money whole again, one dying between
the move and its payout has the payout made — once, whether the sweep or a redelivered report comes first. The
crashes are raised after the write they follow; the clock is moved, nothing sleeps."""

import collections

import pytest

from services.aftersale import repository
from services.aftersale.usecases import money, overdue, promise_checks
from tests.aftersale.test_money import _view, desk, refund_only  # noqa: F401 - the fixture
from tests.aftersale.test_refund_decided_once import refund_due
from tests.aftersale.usecases import BUYER, MERCHANT
from tests.integration.flatcost import client, measure  # noqa: F401 - the fixture

REPORT = {"action": "refunded", "reference": "pay-1"}


def crash_after(monkeypatch, module, name):
    """The first call of `module.name` writes, then its process dies."""
    real, crashed = getattr(module, name), []

    def write_then_die(*args, **kwargs):
        answer = real(*args, **kwargs)
        if not crashed:
            crashed.append(True)
            raise RuntimeError(f"the process died after {name}")
        return answer

    monkeypatch.setattr(module, name, write_then_die)


def past_the_bound(frozen_clock, seconds=1):
    frozen_clock.advance(seconds=promise_checks.bound().total_seconds() + seconds)


def counted(cost) -> collections.Counter:
    return collections.Counter(cost.commands)


def checks(on, status="fired"):
    return list(on.book.collection.find({"kind": promise_checks.KIND, "status": status}))


def trail_events(on, request_id):
    return [s["event"] for s in on.get(request_id)["history"]]


def money_of(on):
    m = _view(on, "o2")
    return [e["kind"] for e in m["entries"]], m["refunded"], m["committed"], m["refundable"]


@pytest.mark.rule("R-AFT-06")
def test_a_promise_whose_move_a_crash_lost_is_released_after_the_bound_R_AFT_06(desk, frozen_clock, monkeypatch):  # noqa: F811
    request_id = refund_only(desk)["request_id"]
    crash_after(monkeypatch, money, "promise")
    with pytest.raises(RuntimeError):
        desk.respond(request_id, {"action": "accept"}, MERCHANT)
    monkeypatch.undo()
    assert desk.get(request_id)["status"] == "awaiting_merchant"
    assert money_of(desk) == (["refund_due"], "0.00", "150.00", "50.00")  # reserved, the request not refund_due
    past_the_bound(frozen_clock, seconds=-1)
    desk.sweep()  # a move may still be running: the promise stands
    assert money_of(desk) == (["refund_due"], "0.00", "150.00", "50.00") and checks(desk) == []
    frozen_clock.advance(seconds=2)
    desk.sweep()
    assert money_of(desk) == (["refund_due", "release"], "0.00", "0.00", "200.00")  # the balance whole again
    [check] = checks(desk)
    assert check["outcome"] == "promise_released" and trail_events(desk, request_id)[-1] == "promise_released"
    audit = desk.audit.collection.find_one({"action": "money_release"})
    assert audit["rule_ids"] == promise_checks.RULE_IDS
    assert overdue.fire(desk.ctx, check) == "not_applicable"  # the check redelivered: nothing more
    assert money_of(desk)[0] == ["refund_due", "release"]
    assert trail_events(desk, request_id).count("promise_released") == 1
    assert desk.respond(request_id, {"action": "accept"}, MERCHANT)["refund_amount"] == "150.00"  # refundable again


@pytest.mark.rule("R-AFT-06")
def test_a_report_whose_payout_a_crash_lost_is_paid_once_by_the_sweep_R_AFT_06(desk, frozen_clock, monkeypatch):  # noqa: F811
    request_id = refund_due(desk)["request_id"]
    crash_after(monkeypatch, repository, "transition")  # the move to completed won, the payout never came
    with pytest.raises(RuntimeError):
        desk.respond(request_id, REPORT, MERCHANT)
    monkeypatch.undo()
    assert desk.get(request_id)["status"] == "completed"
    assert money_of(desk) == (["refund_due"], "0.00", "150.00", "50.00")
    past_the_bound(frozen_clock)
    desk.sweep()
    assert money_of(desk) == (["refund_due", "refunded"], "150.00", "150.00", "50.00")
    [check] = checks(desk)  # the accept's own check retired with its move: only the report's fires
    assert check["outcome"] == "refund_paid" and trail_events(desk, request_id)[-1] == "refund_paid"
    assert overdue.fire(desk.ctx, check) == "paid_before"  # redelivered: paid once
    desk.sweep()
    assert money_of(desk) == (["refund_due", "refunded"], "150.00", "150.00", "50.00")
    assert trail_events(desk, request_id).count("refund_paid") == 1


@pytest.mark.rule("R-AFT-06")
@pytest.mark.parametrize("first", ["retry", "sweep"])
def test_the_sweep_racing_a_redelivered_report_pays_once_R_AFT_06(desk, frozen_clock, monkeypatch, first):  # noqa: F811
    request_id = refund_due(desk)["request_id"]
    desk.ctx.request_key = "merchant-report-1"
    crash_after(monkeypatch, repository, "transition")
    with pytest.raises(RuntimeError):
        desk.respond(request_id, REPORT, MERCHANT)
    monkeypatch.undo()
    past_the_bound(frozen_clock)
    real, raced = repository.money_update, []

    def the_other_lands_first(order_id, entry, *args, **kwargs):
        """The payout's conditional update waits for the other's, made in between (the retry's or the sweep's)."""
        if entry["entry_id"].endswith(":refunded") and not raced:
            raced.append(True)
            if first == "retry":  # inside the sweep's payout
                desk.respond(request_id, REPORT, MERCHANT)
            else:  # inside the retry's payout
                desk.sweep()
        return real(order_id, entry, *args, **kwargs)

    monkeypatch.setattr(repository, "money_update", the_other_lands_first)
    if first == "retry":
        desk.sweep()
    else:
        assert desk.respond(request_id, REPORT, MERCHANT)["status"] == "completed"
    assert raced and [c["outcome"] for c in checks(desk)] == ["refund_paid"]
    assert money_of(desk) == (["refund_due", "refunded"], "150.00", "150.00", "50.00")  # paid once
    assert desk.audit.collection.count_documents({"action": "money_refunded"}) == 1


@pytest.mark.rule("R-AFT-06")
def test_the_sweep_racing_a_withdrawal_hands_the_promise_back_once_R_AFT_06(desk, frozen_clock, monkeypatch):  # noqa: F811
    request_id = refund_only(desk)["request_id"]
    crash_after(monkeypatch, money, "promise")
    with pytest.raises(RuntimeError):
        desk.respond(request_id, {"action": "accept"}, MERCHANT)
    monkeypatch.undo()
    past_the_bound(frozen_clock)
    real, raced = repository.money_update, []

    def withdrawn_first(order_id, entry, *args, **kwargs):
        """The sweep's release waits for the buyer's withdrawal, whose own release lands first."""
        if entry["kind"] == "release" and not raced:
            raced.append(True)
            assert desk.buyer(request_id, {"action": "withdraw", "message": "found it"}, BUYER)["status"] == \
                "withdrawn"
        return real(order_id, entry, *args, **kwargs)

    monkeypatch.setattr(repository, "money_update", withdrawn_first)
    desk.sweep()
    assert raced and [c["outcome"] for c in checks(desk)] == ["not_applicable"]  # found it handed back: no retry
    assert money_of(desk) == (["refund_due", "release"], "0.00", "0.00", "200.00")  # handed back once


def test_a_check_costs_the_accept_no_round_trip_and_the_sweep_no_scan(desk, frozen_clock, monkeypatch, client):  # noqa: F811
    request_id = refund_only(desk)["request_id"]
    cost = measure(client, lambda: desk.respond(request_id, {"action": "accept"}, MERCHANT))
    # the check goes with the refund deadline (one write, as the deadline alone was), retired with the one retired
    assert counted(cost)[("update", "deadlines")] == 2, cost
    [retired] = checks(desk, "cancelled")
    assert retired["subject"] == f"request:{request_id}"
    crash_after(monkeypatch, repository, "transition")
    with pytest.raises(RuntimeError):
        desk.respond(request_id, REPORT, MERCHANT)
    monkeypatch.undo()
    past_the_bound(frozen_clock)
    cost = measure(client, desk.sweep)
    assert [c["outcome"] for c in checks(desk)] == ["refund_paid"]
    # the kit's indexed claim, then point reads and writes by _id: no collection scanned
    assert cost.examined and all(plan != "COLLSCAN" for _, _, plan, _ in cost.examined), cost
