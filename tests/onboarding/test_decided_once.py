"""A subject's status is decided once, on the status the decision read: an evaluation, a re-verification lapse or a
deregistration that read the subject before another decision moved it changes nothing (the interleavings made
certain with monkeypatch), and a closed subject (cleared out, blacklisted) is not cleared out again."""

import pytest

from services.onboarding import rules
from tests.conftest import change, publisher
from tianping.lib.errors import Conflict

from .cases import merchant
from .usecases import Onboarding

BAD = {"goods_quality": 90, "service_quality": 40, "management_quality": 70, "livestream_quality": 75}


@pytest.fixture
def reg(replica_for):
    published = []
    replica = replica_for("onboarding")
    return Onboarding(replica, publisher(published)), replica, published


def meanwhile(monkeypatch, module, name, action):
    """`module.name` (called between the use case's read and its write) runs `action()` first, once."""
    real, done = getattr(module, name), []

    def late(*args, **kwargs):
        if not done:
            done.append(True)
            action(*args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, late)


def status_steps(r, subject_id):
    return [(h.status, h.cause) for h in r.get(subject_id).history if h.event == "status_changed"]


def test_an_evaluation_read_before_a_blacklisting_does_not_undo_it_R_REP_13(reg, monkeypatch):
    r, replica, _ = reg
    r.submit(merchant(subject_id="ev-b"))
    meanwhile(monkeypatch, rules, "evaluate",
              lambda *a: replica.apply([change(1, "ev-b")], reaction=r.react_to_run))
    r.evaluate("ev-b", BAD, "auditor")  # would restrict the subject it read active
    assert r.get("ev-b").status == "blacklisted", status_steps(r, "ev-b")


def test_a_cleared_out_or_blacklisted_subject_is_not_cleared_out_again_R_REP_01(reg):
    r, replica, published = reg
    r.submit(merchant(subject_id="ev-c"))
    r.evaluate("ev-c", BAD, "auditor")
    assert r.evaluate("ev-c", BAD, "auditor")["status"] == "cleared_out"
    r.evaluate("ev-c", BAD, "auditor")  # a third failure finds it cleared out already
    assert [s for s, _ in status_steps(r, "ev-c")].count("cleared_out") == 1
    r.submit(merchant(subject_id="ev-d", identity={"credit_code": "91440300MA5X4444"}))
    r.evaluate("ev-d", BAD, "auditor")
    replica.apply([change(1, "ev-d")], reaction=r.react_to_run)
    r.evaluate("ev-d", BAD, "auditor")
    assert r.get("ev-d").status == "blacklisted", status_steps(r, "ev-d")


def test_a_lapse_read_before_the_reviewer_reverified_the_file_restricts_nothing_R_ONB_03(
        reg, frozen_clock, monkeypatch):
    from datetime import datetime

    r, _, _ = reg
    frozen_clock.set(datetime.fromisoformat("2026-03-01T10:00:00+08:00"))
    r.submit(merchant(subject_id="rv-9"))
    frozen_clock.set(r.get("rv-9").next_reverification_at)
    r.sweep()
    assert r.subject_view("rv-9")["reverification_due"] is True
    frozen_clock.set(datetime.fromisoformat("2027-04-01T00:00:00+08:00"))
    meanwhile(monkeypatch, rules, "reverification_lapsed",
              lambda *a: r.reverify("rv-9", {"documents": ["doc://bl-2027"]}, "rev-1"))
    r.sweep()
    assert r.get("rv-9").status == "active" and r.subject_view("rv-9")["reverification_due"] is False
    assert status_steps(r, "rv-9") == [], status_steps(r, "rv-9")


def test_a_deregistration_read_before_another_deregistered_the_subject_is_refused_R_XC_03(reg, monkeypatch):
    from tianping.lib import periods

    r, _, published = reg
    r.submit(merchant(subject_id="bye-9"))
    meanwhile(monkeypatch, periods, "kept_until",
              lambda *a: r.deregister("bye-9", {"reason": "closing"}, "ops-2"))
    with pytest.raises(Conflict):
        r.deregister("bye-9", {"reason": "closing"}, "ops-1")
    assert [s for s, _ in status_steps(r, "bye-9")] == ["deregistered"]


def test_a_blacklisting_read_before_an_evaluation_restricted_the_subject_still_lands_R_REP_13(reg, monkeypatch):
    from services.onboarding.usecases import links

    r, replica, _ = reg
    r.submit(merchant(subject_id="ev-e"))
    meanwhile(monkeypatch, links, "mark_blacklisted", lambda *a: r.evaluate("ev-e", BAD, "auditor"))
    replica.apply([change(1, "ev-e")], reaction=r.react_to_run)
    assert [s for s, _ in status_steps(r, "ev-e")] == ["restricted", "blacklisted"]
