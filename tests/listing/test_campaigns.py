"""An MCN's commitments to platform campaigns (issue 27): a withdrawal without the platform's release breaks the
commitment (PB-16); at the due time, a commitment its hosts' sessions did not deliver is a failure to perform the
agreement (PB-15) — each recorded once as a violation of the MCN, time moved on the kit's clock."""

from datetime import timedelta

import pytest

from tests.listing.test_live import ON_AIR, ROOM
from tests.listing.usecases import Listings
from tianping.lib.errors import Conflict, Forbidden, ValidationFailed

PLATFORM = {"id": "ops-1", "platform": True}


@pytest.fixture
def desk(replica_for, frozen_clock):
    desk = Listings(replica_for("listing"), active=("m1", "mcnA", "mcnB", "h1"))
    desk.put_room("room-1", ROOM, "m1")
    return desk


def violations(desk) -> list[tuple[str, str, str]]:
    return [(v["subject_id"], v["subject_type"], v["rule_id"]) for v in desk.events("violation_detected")]


def commit(desk, frozen_clock, campaign="cmp-1212", sessions=2, days=7, mcn="mcnA") -> dict:
    due = frozen_clock.now + timedelta(days=days)
    return desk.commit({"campaign_id": campaign, "sessions": sessions, "due_at": due.isoformat()}, mcn)


def broadcast(desk, campaign: str) -> str:
    sid = desk.go_live("room-1", {**ON_AIR, "plan": {"items": [{"name": "保温杯"}], "campaign_id": campaign}},
                       {"id": "m1"})["session_id"]
    desk.end_session("room-1", sid, {"id": "m1"})
    return sid


@pytest.mark.rule("PB-16")
def test_withdrawing_from_a_committed_campaign_without_permission_is_a_breach_PB_16(desk, frozen_clock):
    bound = commit(desk, frozen_clock)
    with pytest.raises(Forbidden):
        desk.withdraw_commitment(bound["commitment_id"], {"reason": "not mine"}, "mcnB")
    gone = desk.withdraw_commitment(bound["commitment_id"], {"reason": "主播档期冲突"}, "mcnA")
    assert gone["status"] == "withdrawn"
    assert (gone["breach"]["reason"], gone["breach"]["rule_ids"]) == ("withdrew_without_permission", ["PB-16"])
    assert violations(desk) == [("mcnA", "mcn", "PB-16")]
    with pytest.raises(Conflict):
        desk.withdraw_commitment(bound["commitment_id"], {"reason": "again"}, "mcnA")
    released = commit(desk, frozen_clock, campaign="cmp-newyear")
    desk.release(released["commitment_id"], {"reason": "平台同意: 主播生病"}, "ops-1")
    permitted = desk.withdraw_commitment(released["commitment_id"], {"reason": "主播生病"}, "mcnA")
    assert permitted["status"] == "withdrawn" and permitted["breach"] is None
    assert violations(desk) == [("mcnA", "mcn", "PB-16")]  # no new one
    assert [s["event"] for s in desk.commitment(released["commitment_id"], PLATFORM)["history"]] == [
        "committed", "released", "withdrawn"]


@pytest.mark.rule("PB-15")
def test_a_commitment_not_delivered_by_its_due_time_is_a_breach_PB_15(desk, frozen_clock):
    short = commit(desk, frozen_clock, campaign="cmp-a", sessions=2)
    kept = commit(desk, frozen_clock, campaign="cmp-b", sessions=1)
    broadcast(desk, "cmp-a")
    broadcast(desk, "cmp-b")
    frozen_clock.set(frozen_clock.now + timedelta(days=7) - timedelta(seconds=1))
    desk.sweep()
    assert desk.commitment(short["commitment_id"], PLATFORM)["status"] == "committed"  # not due yet
    frozen_clock.advance(seconds=1)
    broadcast(desk, "cmp-a")  # started at the due time itself: still in time
    frozen_clock.advance(seconds=1)
    broadcast(desk, "cmp-a")  # too late to count
    desk.sweep()
    assert desk.commitment(kept["commitment_id"], PLATFORM)["status"] == "fulfilled"
    settled = desk.commitment(short["commitment_id"], {"id": "mcnA"})
    assert (settled["status"], settled["delivered"]) == ("fulfilled", 2)
    late = commit(desk, frozen_clock, campaign="cmp-c", sessions=3, days=1)
    broadcast(desk, "cmp-c")
    frozen_clock.advance(seconds=86_400)
    desk.sweep()
    breached = desk.commitment(late["commitment_id"], {"id": "mcnA"})
    assert (breached["status"], breached["delivered"], breached["breach"]["rule_ids"]) == ("breached", 1, ["PB-15"])
    assert violations(desk) == [("mcnA", "mcn", "PB-15")]
    with pytest.raises(Forbidden):
        desk.commitment(late["commitment_id"], {"id": "mcnB"})


def test_a_commitment_is_due_in_the_future_and_made_once(desk, frozen_clock):
    with pytest.raises(ValidationFailed) as past:
        commit(desk, frozen_clock, days=0)
    assert list(past.value.fields) == ["due_at"]
    commit(desk, frozen_clock)
    with pytest.raises(Conflict):
        commit(desk, frozen_clock)
    assert commit(desk, frozen_clock, mcn="mcnB")["status"] == "committed"  # another MCN, the same campaign
