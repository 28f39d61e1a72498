"""A deadline that fires while the merchant meets it: the sweep has read the request, the merchant's answer or
refund lands, then the sweep acts. The merchant's action stands, and no breach is counted, told to reputation or
held against it (R-AFT-15) — the interleaving made certain with monkeypatch."""

from services.aftersale import repository
from tests.aftersale.test_requests import desk, open_return, trail  # noqa: F401 - the fixture
from tests.aftersale.usecases import BUYER, MERCHANT


def after_read(monkeypatch, meanwhile):
    """The sweep's read of the request returns, then `meanwhile()` runs (once), then the sweep goes on."""
    real, done = repository.request, []

    def late(request_id):
        found = real(request_id)
        if not done:
            done.append(True)
            meanwhile()
        return found

    monkeypatch.setattr(repository, "request", late)


def breach_signals(desk):  # noqa: F811
    return [s for s in desk.events("signal_observed") if s["kind"] == "deadline_breach"]


def test_a_response_landing_while_its_deadline_fires_stands_and_counts_no_breach_R_AFT_15(desk, monkeypatch):  # noqa: F811
    r = open_return(desk)
    desk.clock.advance(hours=48)
    after_read(monkeypatch, lambda: desk.respond(r["request_id"], {"action": "reject", "reason": "worn"}, MERCHANT))
    desk.sweep()
    r = desk.get(r["request_id"])
    assert r["status"] == "rejected" and "auto_approved" not in trail(r), trail(r)
    assert r["breaches"] == 0 and "deadline_breached" not in trail(r)
    assert breach_signals(desk) == [] and desk.stats("m1", "30d")["deadline_breaches"] == 0


def test_a_refund_reported_while_its_deadline_fires_completes_without_an_overdue_or_a_breach_R_AFT_06_R_AFT_15(
        desk, monkeypatch):  # noqa: F811
    r = open_return(desk)
    desk.respond(r["request_id"], {"action": "accept"}, MERCHANT)
    desk.buyer(r["request_id"], {"action": "ship_return", "tracking_number": "SF1"}, BUYER)
    r = desk.respond(r["request_id"], {"action": "confirm_receipt"}, MERCHANT)
    assert r["status"] == "refund_due"
    desk.clock.advance(days=8)
    after_read(monkeypatch, lambda: desk.respond(r["request_id"], {"action": "refunded", "reference": "rf1"}, MERCHANT))
    desk.sweep()
    r = desk.get(r["request_id"])
    assert r["status"] == "completed" and "refund_overdue" not in trail(r), trail(r)
    assert r["breaches"] == 0 and breach_signals(desk) == []


def test_a_breach_whose_process_died_after_the_move_is_told_when_the_deadline_fires_again_R_AFT_15(desk, monkeypatch):  # noqa: F811
    from services.aftersale.usecases import overdue

    r = open_return(desk)
    desk.clock.advance(hours=48)
    told = overdue._tell_breach

    def dies(*args):
        raise RuntimeError("killed")

    monkeypatch.setattr(overdue, "_tell_breach", dies)
    desk.sweep()  # moved (auto-approved, breach counted on the request), then died before telling it
    monkeypatch.setattr(overdue, "_tell_breach", told)
    desk.clock.advance(minutes=1)
    desk.sweep()
    r = desk.get(r["request_id"])
    assert r["status"] == "awaiting_return" and trail(r).count("auto_approved") == 1 and r["breaches"] == 1
    assert len(breach_signals(desk)) == 1 and desk.stats("m1", "30d")["deadline_breaches"] == 1
