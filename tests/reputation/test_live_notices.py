"""Listing's live-room notices at reputation (issue 26): a host warned (`host_warned`) and a stream stopped
(`stream_stopped`) are kept on the host's record and, per R-REP-17, its MCN's, visible in the reputation read; a
warning counts against the host's credit (compliance, policy `live_warning_penalty`), a stop only through its own
violation. Redelivered events add nothing (at-least-once delivery)."""

from datetime import UTC, datetime, timedelta

import pytest

from services.listing import contracts as listing
from services.reputation import models
from services.reputation.repository import authority
from services.reputation.usecases import live_notices
from tests.conftest import publisher
from tests.reputation.test_ledger import Relay, violation
from tests.reputation.usecases import Reputation
from tianping.infra import db
from tianping.lib import envelope

NOW = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)


@pytest.fixture
def rep(service_db, frozen_clock):
    frozen_clock.set(NOW)
    database = service_db("reputation")
    db.ensure_indexes(models)
    return Reputation(authority.Authority(database), Relay(), publisher([]))


def delivered(event, **payload):
    """The payload as the consumer gets it: through listing's contract and the event envelope."""
    notice = {"session_id": "ls_1", "room_id": "room-1", "host_id": "h1", "operator_id": "m1", "mcn_id": "mcn1",
              "rule_ids": ["R-LST-32", "R-LST-34"], "seqs": [3, 5, 9], "policy_version": "live-1",
              "at": NOW - timedelta(minutes=5), **payload}
    return event.load(envelope.wrap(event.name, "listing", event.dump(notice)))


def test_a_warning_is_on_the_hosts_and_mcns_record_once_and_counts_against_the_hosts_credit_R_LST_32(rep):
    clean = rep.record_violation(violation(subject="h1", subject_type="host", dedupe_key="h1:seed"))
    before = rep.reputation("h1")
    for _ in range(3):  # at-least-once: the same warning delivered three times
        live_notices.warned(rep.ctx, delivered(listing.HOST_WARNED, number=1))
    live_notices.warned(rep.ctx, delivered(listing.HOST_WARNED, number=2, seqs=[11, 12, 13], at=NOW))
    host = rep.reputation("h1")
    assert clean["violation"]["subject_id"] == "h1"
    assert host["live"]["warnings"] == 2 and host["live"]["stops"] == 0
    assert [(n["kind"], n["number"], n["role"]) for n in host["live"]["recent"]] == [
        ("warning", 2, "host"), ("warning", 1, "host")]
    assert host["live"]["recent"][1]["session_id"] == "ls_1" and host["live"]["recent"][1]["seqs"] == [3, 5, 9]
    assert host["live"]["recent"][1]["rule_ids"] == ["R-LST-32", "R-LST-34"]
    penalty = host["live"]["warning_penalty"]
    assert penalty > 0
    assert host["components"]["compliance"] == pytest.approx(before["components"]["compliance"] - 20 * 2 * penalty / 100)
    assert host["points"] == before["points"]  # a warning is no violation: no points
    mcn = rep.reputation("mcn1")  # R-REP-17: on the MCN's record, visible; its credit is the host's business
    assert [(n["kind"], n["role"], n["host_id"]) for n in mcn["live"]["recent"]] == [
        ("warning", "mcn", "h1"), ("warning", "mcn", "h1")]
    assert mcn["score"] == 100


def test_a_stop_is_on_both_records_once_counted_only_as_its_violation_and_marked_when_overturned_R_REP_17(rep):
    for _ in range(2):
        live_notices.stopped(rep.ctx, delivered(listing.STREAM_STOPPED, reason="serious_finding", seqs=[6],
                                                rule_ids=["R-LST-32", "R-REP-17"]))
    host = rep.reputation("h1")
    assert host["live"]["stops"] == 1 and host["live"]["warnings"] == 0
    assert host["score"] == 100 and host["points"] == 0  # the stop itself adds nothing: its violation counts
    stop = host["live"]["recent"][0]
    assert (stop["kind"], stop["reason"], stop["seqs"], stop["overturned"]) == ("stop", "serious_finding", [6], False)
    assert rep.reputation("mcn1")["live"]["stops"] == 1
    live_notices.stop_overturned(rep.ctx, delivered(listing.STREAM_STOP_OVERTURNED, actor="rev-1"))
    for subject in ("h1", "mcn1"):
        live = rep.reputation(subject)["live"]
        assert live["recent"][0]["overturned"] is True and live["stops_overturned"] == 1


def test_a_session_without_an_mcn_is_kept_on_the_hosts_record_alone(rep):
    live_notices.warned(rep.ctx, delivered(listing.HOST_WARNED, number=1, mcn_id=None))
    assert rep.reputation("h1")["live"]["warnings"] == 1
    assert models.LiveNotice.objects(subject_id="mcn1").count() == 0


@pytest.mark.parametrize("in_window", [3, live_notices.RECENT, live_notices.RECENT + 5])
def test_the_window_counts_are_the_same_whether_the_recent_notices_hold_the_window_or_not(rep, in_window):
    """The read takes the window's counts from the recent notices when they hold the whole window (one read), else
    counts them in the store; old notices outside the window never count."""
    window = timedelta(days=rep.ctx.policy()["credit"]["window_days"])
    for n in range(4):  # outside the window
        live_notices.warned(rep.ctx, delivered(listing.HOST_WARNED, session_id=f"old-{n}", number=1,
                                               at=NOW - window - timedelta(days=1, minutes=n)))
    for n in range(in_window):
        live_notices.warned(rep.ctx, delivered(listing.HOST_WARNED, session_id=f"new-{n}", number=1,
                                               at=NOW - timedelta(minutes=n)))
    live_notices.stopped(rep.ctx, delivered(listing.STREAM_STOPPED, session_id="new-stop", reason="stopped",
                                            at=NOW - timedelta(seconds=30)))
    live = rep.reputation("h1")["live"]
    assert (live["warnings"], live["stops"]) == (in_window, 1)
    assert len(live["recent"]) == min(live_notices.RECENT, in_window + 1 + 4)
