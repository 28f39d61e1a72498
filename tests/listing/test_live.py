"""Live rooms moderated as they happen (issue 26): going live or refused with rule IDs, segments decided by the
listing review's own matcher (hide a comment, flag what the host says), duplicates applied once and out-of-order
seqs accepted, the session's policy warning the host and stopping the stream, replay in order and a reviewer's
overturn — all through the use cases with the kit's clock."""

from datetime import timedelta

import pytest

from tests.conftest import change
from tests.listing.usecases import Listings
from tests.sanctioning import sanction_change
from tianping.lib.errors import (
    Conflict,
    DisclosuresMissing,
    Forbidden,
    NotFound,
    RuleRefused,
    StreamStopped,
    SubjectBlacklisted,
    SubjectNotActive,
    ValidationFailed,
)
from tianping.platform.sanctions import SubjectSanctioned

ROOM = {"licence_info": "营业执照 91440300MA5XXXXX", "dispute_channel": "平台消费纠纷调解入口",
        "service_hotline": "400-800-1234"}
ON_AIR = {"host_id": "h1", "operator_id": "m1", "mcn_id": "mcnA"}
PLATFORM = {"id": "ops-1", "platform": True}
CLEAN = "这件衬衫是纯棉的, 尺码齐全"
ABSOLUTE = "全网最低价, 最好的衬衫"       # absolute claims: flagged, not serious
EFFICACY = "这款面霜能治疗湿疹, 三天见效"  # efficacy claim: serious
COUNTERFEIT = "这是LV同款, 高仿A货"


@pytest.fixture
def desk(replica_for, frozen_clock):
    desk = Listings(replica_for("listing"))
    desk.put_room("room-1", ROOM, "m1")
    return desk


def seg(seq, kind, text, at):
    return {"seq": seq, "kind": kind, "text": text, "at": at.isoformat()}


def live(desk) -> str:
    return desk.go_live("room-1", ON_AIR, {"id": "h1"})["session_id"]


@pytest.mark.rule("R-LST-27", "R-LST-28")
def test_going_live_needs_the_rooms_disclosures_R_LST_27_R_LST_28(desk):
    with pytest.raises(DisclosuresMissing) as bare:
        desk.go_live("room-2", {"host_id": "h1", "operator_id": "m1"}, {"id": "m1"})
    assert set(bare.value.fields["rule_ids"]) == {"R-LST-27", "R-LST-28"}
    with pytest.raises(Forbidden):
        desk.go_live("room-1", {"host_id": "h1", "operator_id": "m2"}, {"id": "m2"})  # not the room's operator
    with pytest.raises(Forbidden):
        desk.go_live("room-1", ON_AIR, {"id": "stranger"})
    session = desk.go_live("room-1", ON_AIR, PLATFORM)
    assert session["status"] == "live" and session["retention_class"] == "livestream"
    assert session["policy_version"] == desk.ctx.policy["version"]


def test_who_may_not_go_live_blacklisted_inactive_sanctioned(desk):
    desk.ctx.replica.apply([change(1, "mcnA", subject_type="mcn")])
    with pytest.raises(SubjectBlacklisted) as blacklisted:
        desk.go_live("room-1", ON_AIR, {"id": "h1"})
    assert blacklisted.value.fields == {"mcn_id": ["blacklisted"], "rule_ids": ["R-REP-13"]}
    desk.status("h1", "suspended", 2)  # a suspended MCN's host, as onboarding tells this service
    with pytest.raises(SubjectNotActive) as inactive:
        desk.go_live("room-1", {"host_id": "h1", "operator_id": "m1"}, {"id": "h1"})
    assert inactive.value.fields == {"host_id": ["suspended"]}
    desk.status("h1", "active", 3)
    desk.ctx.replica.apply([sanction_change(2, "h1", "suspended")])
    with pytest.raises(SubjectSanctioned) as sanctioned:
        desk.go_live("room-1", {"host_id": "h1", "operator_id": "m1"}, {"id": "h1"})
    assert sanctioned.value.fields["action"] == ["go_live"] and sanctioned.value.fields["rule_ids"]


def test_a_contracted_hosts_mcn_is_checked_whether_the_live_system_names_it_or_not(desk):
    """R-ONB-36 (onboarding's room_operator: the MCN a host is contracted to): a session that does not name the MCN
    goes live under it all the same, so the MCN's blacklisting or sanction refuses it and a stop's violation reaches
    the MCN (R-REP-17); another MCN named for a contracted host is refused; a host with no MCN goes live alone."""
    contracts = {"h1": "mcnA", "h2": None}

    def room_operator(subject_id):
        if subject_id not in contracts:
            raise NotFound(f"no subject {subject_id}")
        return {"subject_id": subject_id, "operator_id": contracts[subject_id] or subject_id, "rule_ids": ["R-ONB-36"]}

    desk.ctx.room_operator = room_operator
    bare = {"host_id": "h1", "operator_id": "m1"}
    desk.ctx.replica.apply([sanction_change(1, "mcnA", "suspended", subject_type="mcn")])
    with pytest.raises(SubjectSanctioned) as sanctioned:
        desk.go_live("room-1", bare, {"id": "h1"})
    assert sanctioned.value.fields["action"] == ["go_live"]
    desk.ctx.replica.apply([change(2, "mcnA", subject_type="mcn")])
    with pytest.raises(SubjectBlacklisted) as blacklisted:
        desk.go_live("room-1", bare, {"id": "h1"})
    assert blacklisted.value.fields == {"mcn_id": ["blacklisted"], "rule_ids": ["R-REP-13"]}
    with pytest.raises(RuleRefused) as other:
        desk.go_live("room-1", {**bare, "mcn_id": "mcnB"}, {"id": "h1"})
    assert other.value.fields["mcn_id"] == ["the host's MCN is mcnA"]
    desk.status("h2", "active", 1)
    alone = desk.go_live("room-1", {"host_id": "h2", "operator_id": "m1"}, {"id": "h2"})
    assert alone["status"] == "live" and alone.get("mcn_id") is None


def test_the_person_on_air_must_be_the_registered_host_R_ONB_35(desk):
    """Onboarding's broadcast check, asked when the live system names who is on air."""
    asked = []

    def broadcast_check(host_id, data):
        asked.append((host_id, data))
        match = data["broadcaster_id_number"] == "440301199001011234"
        return {"host_id": host_id, "match": match,
                "rule_ids": ["R-ONB-35"] if match else ["R-ONB-35", "PB-20", "R-REP-13"]}

    desk.ctx.broadcast_check = broadcast_check
    with pytest.raises(RuleRefused) as impostor:
        desk.go_live("room-1", {**ON_AIR, "broadcaster_id_number": "110101199001011237"}, {"id": "h1"})
    assert impostor.value.fields["rule_ids"] == ["R-ONB-35", "PB-20", "R-REP-13"]
    opened = desk.go_live("room-1", {**ON_AIR, "broadcaster_id_number": "440301199001011234"}, {"id": "h1"})
    assert opened["status"] == "live" and asked[-1] == ("h1", {"broadcaster_id_number": "440301199001011234",
                                                               "room_id": "room-1"})


@pytest.mark.rule("R-LST-32", "R-LST-33")
def test_a_decision_per_segment_duplicates_once_out_of_order_accepted_R_LST_32_R_LST_33(desk, frozen_clock):
    sid, t = live(desk), frozen_clock.now
    first = desk.segments("room-1", sid, {"segments": [
        seg(3, "comment", "加我微信abc12345下单更便宜", t), seg(1, "comment", CLEAN, t),
        seg(2, "transcript", ABSOLUTE, t), seg(1, "comment", CLEAN, t)]})
    assert [d["seq"] for d in first["decisions"]] == [3, 1, 2, 1]
    assert [d["decision"] for d in first["decisions"]] == ["hide", "pass", "flag", "pass"]
    hidden = first["decisions"][0]
    assert "R-LST-33" in hidden["rule_ids"] and "PB-26" in hidden["rule_ids"]
    span = hidden["findings"][0]
    assert span["field"] == "text" and "加我微信abc12345下单更便宜"[span["start"]:span["end"]] == span["text"]
    assert first["accepted"] == 3 and first["duplicates"] == 1
    again = desk.segments("room-1", sid, {"segments": [seg(2, "transcript", "changed text", t),
                                                         seg(0, "caption", CLEAN, t)]})
    assert again["accepted"] == 1 and again["decisions"][0] == {**first["decisions"][2], "duplicate": True}
    assert desk.events("live_segment_hidden") == [{"session_id": sid, "room_id": "room-1", "host_id": "h1",
                                                   "segments": [{"seq": 3, "rule_ids": hidden["rule_ids"]}]}]
    counts = desk.session("room-1", sid)["counts"]
    assert counts == {"segments": 4, "pass": 2, "hide": 1, "flag": 1}
    replayed = desk.replay("room-1", sid)
    assert [i["seq"] for i in replayed["items"]] == [0, 1, 2, 3]
    assert replayed["items"][2]["text"] == ABSOLUTE and replayed["items"][2]["retention_class"] == "livestream"
    assert replayed["items"][2]["retain_until"].startswith("2029-03-0")  # 3 years (R-XC-01)
    assert [i["seq"] for i in desk.replay("room-1", sid, 1, 2)["items"]] == [1, 2]


def test_replay_pages_through_sparse_seqs_by_key_windows(desk, frozen_clock):
    """Replay reads keys in windows between the session's lowest and highest stored seq: seqs far apart answer with
    where to go on, and following next_from reaches every segment once, in order."""
    sid, t = live(desk), frozen_clock.now
    assert desk.replay("room-1", sid) == {**desk.replay("room-1", sid), "items": [], "next_from": None}
    seqs = [7, 8, 2_000, 9_000, 9_001]
    desk.segments("room-1", sid, {"segments": [seg(i, "comment", CLEAN, t) for i in reversed(seqs)]})
    seen, start, reads = [], None, 0
    while True:
        page = desk.replay("room-1", sid, start, None, 2)
        seen, start, reads = seen + [i["seq"] for i in page["items"]], page["next_from"], reads + 1
        if start is None:
            break
    assert seen == seqs and reads <= 3
    assert [i["seq"] for i in desk.replay("room-1", sid, 8, 2_000)["items"]] == [8, 2_000]


def test_a_batch_is_bounded_and_checked(desk, frozen_clock):
    sid, t = live(desk), frozen_clock.now
    with pytest.raises(ValidationFailed):
        desk.segments("room-1", sid, {"segments": [seg(i, "comment", CLEAN, t) for i in range(501)]})
    with pytest.raises(ValidationFailed):
        desk.segments("room-1", sid, {"segments": [seg(1, "speech", CLEAN, t)]})
    with pytest.raises(NotFound):
        desk.segments("room-9", sid, {"segments": [seg(1, "comment", CLEAN, t)]})


@pytest.mark.rule("R-LST-32")
def test_warned_after_flagged_transcripts_in_a_window_then_stopped_on_repeat_R_LST_32_R_REP_17(desk, frozen_clock):
    sid, t = live(desk), frozen_clock.now
    policy = desk.ctx.policy["live"]
    n, window = policy["warn_after"], policy["window_seconds"]
    spread = [seg(i, "transcript", ABSOLUTE, t + timedelta(seconds=i * window)) for i in range(n)]
    assert desk.segments("room-1", sid, {"segments": spread})["warnings"] == []  # not within one window
    burst = [seg(100 + i, "transcript", ABSOLUTE, t + timedelta(seconds=window * n + i)) for i in range(n)]
    warned = desk.segments("room-1", sid, {"segments": list(reversed(burst))})  # reordered: same warning
    assert [w["number"] for w in warned["warnings"]] == [1] and warned["status"] == "live"
    assert desk.events("host_warned")[0]["seqs"][-n + 1:] == [100 + i for i in range(1, n)]
    later = t + timedelta(seconds=window * n + 10)
    stopped = desk.segments("room-1", sid, {"segments": [seg(200 + i, "transcript", ABSOLUTE, later)
                                                         for i in range(n)]})
    assert stopped["status"] == "stopped" and stopped["stop"]["reason"] == "repeated_warnings"
    assert {"R-LST-32", "R-REP-17"} <= set(stopped["stop"]["rule_ids"])
    violations = desk.events("violation_detected")
    assert [(v["subject_id"], v["subject_type"], v["rule_id"], v["severity"]) for v in violations] == [
        ("h1", "host", "R-LST-32", "general"), ("mcnA", "mcn", "R-REP-17", "general")]
    with pytest.raises(StreamStopped):
        desk.segments("room-1", sid, {"segments": [seg(300, "comment", CLEAN, later)]})
    with pytest.raises(StreamStopped):
        desk.end_session("room-1", sid, {"id": "h1"})


def test_a_serious_finding_stops_the_stream_a_viewers_comment_does_not(desk, frozen_clock):
    sid, t = live(desk), frozen_clock.now
    comment = desk.segments("room-1", sid, {"segments": [seg(1, "comment", EFFICACY, t)]})
    assert comment["decisions"][0]["decision"] == "hide" and comment["status"] == "live"
    stopped = desk.segments("room-1", sid, {"segments": [seg(2, "product_card", COUNTERFEIT, t),
                                                         seg(3, "comment", CLEAN, t)]})
    assert stopped["status"] == "stopped" and stopped["stop"]["reason"] == "serious_finding"
    assert stopped["stop"]["seqs"] == [2] and "PB-24" in stopped["stop"]["rule_ids"]
    assert desk.events("stream_stopped")[0]["reason"] == "serious_finding"
    host = desk.events("violation_detected")[0]
    assert host["severity"] == "general" and host["rule_id"] == "R-LST-32"
    assert any(e.startswith("rules:") and "PB-24" in e for e in host["evidence"])  # escalation is a person's
    assert desk.session("room-1", sid)["status"] == "stopped"


def test_a_reviewer_overturns_a_decision_and_a_stop(desk, frozen_clock):
    sid, t = live(desk), frozen_clock.now
    desk.segments("room-1", sid, {"segments": [seg(1, "transcript", EFFICACY, t)]})
    overturned = desk.overturn("room-1", sid, 1, {"decision": "pass", "reason": "a quote of a warning"}, "rev-1")
    assert overturned["decision"] == "flag" and overturned["effective"] == "pass"
    assert overturned["overturns"][0]["reviewer"] == "rev-1"
    with pytest.raises(Conflict):
        desk.overturn("room-1", sid, 1, {"decision": "pass", "reason": "again"}, "rev-2")
    session = desk.session("room-1", sid)
    assert session["status"] == "stopped" and session["stop"]["overturned"] is True
    assert desk.events("stream_stop_overturned")[0]["seqs"] == [1]


def test_ending_and_the_amqp_path_share_the_use_case(desk, frozen_clock):
    sid, t = live(desk), frozen_clock.now
    desk.consume_segments({"room_id": "room-1", "session_id": sid, "segments": [seg(5, "caption", CLEAN, t)]})
    assert desk.replay("room-1", sid)["items"][0]["seq"] == 5
    assert desk.end_session("room-1", sid, {"id": "m1"})["status"] == "ended"
    assert desk.end_session("room-1", sid, {"id": "m1"})["status"] == "ended"
    desk.consume_segments({"room_id": "room-1", "session_id": sid, "segments": [seg(6, "caption", CLEAN, t)]})
    assert len(desk.replay("room-1", sid)["items"]) == 1  # refused: the session ended


def test_one_session_on_air_per_room_however_many_ask_at_once(desk, frozen_clock):
    from tests.conftest import concurrently
    from tianping.lib.errors import RoomOnAir

    results = concurrently([lambda: desk.go_live("room-1", ON_AIR, PLATFORM) for _ in range(8)])
    opened = [r for r in results if isinstance(r, dict)]
    assert len(opened) == 1 and all(isinstance(r, RoomOnAir) for r in results if not isinstance(r, dict))
    with pytest.raises(RoomOnAir) as busy:
        desk.go_live("room-1", ON_AIR, {"id": "h1"})
    assert busy.value.fields["session_id"] == [opened[0]["session_id"]]
    desk.end_session("room-1", opened[0]["session_id"], {"id": "h1"})
    again = desk.go_live("room-1", ON_AIR, {"id": "h1"})  # ended: the room is free again
    assert again["status"] == "live" and again["session_id"] != opened[0]["session_id"]


def test_a_claim_whose_session_was_never_stored_is_taken_over_once_stale(desk, frozen_clock):
    from tianping.lib.errors import RoomOnAir

    assert desk.ctx.repo.claim_room("room-1", "ses_lost", frozen_clock.now) is None  # a request that died here
    with pytest.raises(RoomOnAir):
        desk.go_live("room-1", ON_AIR, {"id": "h1"})  # maybe still opening
    frozen_clock.advance(seconds=61)
    assert desk.go_live("room-1", ON_AIR, {"id": "h1"})["status"] == "live"


def test_sessions_by_status_latest_first_paged_through_ties(desk, frozen_clock):
    """Reviewers' list: one status at a time, latest started first; sessions started at the same instant (a frozen
    clock) are paged without one skipped or repeated; `since` keeps the recent ones."""
    for n in range(2, 7):
        desk.put_room(f"room-{n}", ROOM, "m1")
    opened = [desk.go_live(f"room-{n}", ON_AIR, PLATFORM)["session_id"] for n in range(1, 4)]
    frozen_clock.advance(seconds=60)
    opened += [desk.go_live(f"room-{n}", ON_AIR, PLATFORM)["session_id"] for n in range(4, 7)]
    desk.end_session("room-6", opened[-1], PLATFORM)
    seen, cursor = [], None
    while True:
        page = desk.sessions("live", None, cursor, 2)
        seen += [s["session_id"] for s in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert sorted(seen[:2]) == sorted(opened[3:5]) and sorted(seen[2:]) == sorted(opened[:3]) and len(seen) == 5
    assert [s["session_id"] for s in desk.sessions("ended")["items"]] == [opened[-1]]
    assert desk.sessions("live", frozen_clock.now.isoformat())["items"][0]["room_id"] in ("room-4", "room-5")
    assert len(desk.sessions("live", frozen_clock.now.isoformat())["items"]) == 2
    with pytest.raises(ValidationFailed):
        desk.sessions("paused")
    with pytest.raises(ValidationFailed):
        desk.sessions("live", "2026-03-01T10:00:00")  # no offset
