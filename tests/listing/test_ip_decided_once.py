"""An IP notice ends once, and its listings follow the end that stood (R-LST-13, art. 42-43): the restoration clock
or a wrongful finding that read the notice before the rights holder's complaint landed releases nothing — the
interleaving made certain with monkeypatch."""

from datetime import UTC, datetime

import pytest

from services.listing import repository
from tests.listing.test_ip_notices import desk, restoration_case  # noqa: F401 - the fixture
from tianping.lib.errors import Conflict

COMPLAINT = {"forum": "lawsuit", "reference": "(2026)沪0115民初9号", "filed_on": "2026-03-02T09:00:00+08:00"}


def complaint_first(monkeypatch, desk, notice_id):  # noqa: F811
    """The notice's next write waits for the rights holder's complaint, which lands first."""
    real, done = repository.move_notice, []

    def late(*args, **kwargs):
        if not done:
            done.append(True)
            desk.ip_complaint(notice_id, COMPLAINT, {"id": "holder-nike"})
        return real(*args, **kwargs)

    monkeypatch.setattr(repository, "move_notice", late)


def test_the_restoration_clock_read_before_a_complaint_landed_keeps_the_listings_down_R_LST_13(
        desk, frozen_clock, monkeypatch):  # noqa: F811
    listings, n = restoration_case(desk, frozen_clock)
    frozen_clock.set(datetime(2026, 3, 20, 0, 0, tzinfo=UTC))
    complaint_first(monkeypatch, desk, n["notice_id"])
    desk.sweep()
    assert desk.ip_notice(n["notice_id"], {"id": "m1"})["status"] == "complaint_filed"
    assert {desk.get(i)["status"] for i in listings} == {"ip_hold"}
    assert not [e for e in desk.events("listing_status_changed") if e.get("status") == "published"]


def test_a_wrongful_finding_read_before_a_complaint_landed_releases_nothing_R_LST_13(
        desk, frozen_clock, monkeypatch):  # noqa: F811
    listings, n = restoration_case(desk, frozen_clock)
    complaint_first(monkeypatch, desk, n["notice_id"])
    with pytest.raises(Conflict):
        desk.ip_wrongful(n["notice_id"], {"reason": "not registered for clothing"}, "rev-1")
    assert {desk.get(i)["status"] for i in listings} == {"ip_hold"}
