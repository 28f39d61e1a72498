"""A live stream's stop is overturned once (R-LST-32): a reviewer who read the session before another overturned the
stop (and a third put the segment's flag back) passes the segment again, and announces no second overturn (no second
reversal at reputation) — the interleaving made certain with monkeypatch."""

from services.listing import repository
from tests.listing.test_live import EFFICACY, desk, live, seg  # noqa: F401 - the fixture


def test_a_stop_overturned_by_two_reviewers_at_once_is_overturned_once_R_LST_32(desk, frozen_clock, monkeypatch):  # noqa: F811
    sid, t = live(desk), frozen_clock.now
    stopped = desk.segments("room-1", sid, {"segments": [seg(1, "transcript", EFFICACY, t)]})
    assert stopped["status"] == "stopped" and stopped["stop"]["seqs"] == [1]
    real, done = repository.overturn, []

    def other_reviewer_first(*args):
        if not done:
            done.append(True)
            desk.overturn("room-1", sid, 1, {"decision": "pass", "reason": "a quote"}, "rev-2")
            desk.overturn("room-1", sid, 1, {"decision": "flag", "reason": "not a quote"}, "rev-3")
        return real(*args)

    monkeypatch.setattr(repository, "overturn", other_reviewer_first)
    desk.overturn("room-1", sid, 1, {"decision": "pass", "reason": "a quote"}, "rev-1")
    assert len(desk.events("stream_stop_overturned")) == 1
    history = [h["event"] for h in desk.session("room-1", sid)["history"]]
    assert history.count("stop_overturned") == 1, history
