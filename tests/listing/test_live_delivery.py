"""Live segments delivered at the live system's pace (issue 26): a 500-segment batch in few store round trips, a
redelivery decided nothing again, concurrent redeliveries applied once, and a batch cut by a crash after its insert
applied once when it comes again."""

import time
from datetime import timedelta

import pytest

from tests.listing.test_live import ABSOLUTE, CLEAN, COUNTERFEIT, ROOM, live, seg
from tests.listing.usecases import Listings
from tianping.lib.errors import StreamStopped


@pytest.fixture
def desk(replica_for, frozen_clock):
    desk = Listings(replica_for("listing"))
    desk.put_room("room-1", ROOM, "m1")
    return desk


def test_a_500_batch_in_few_round_trips_and_a_redelivery_decides_nothing_again(desk, frozen_clock):
    """One insert for the segments and decisions of a batch (not a write per segment): the session and lexicon
    version read, the insert, the session's counters; a redelivered batch adds a read of what was stored and one of
    which writes were counted."""
    from tianping.infra import roundtrips

    sid, t = live(desk), frozen_clock.now
    texts = [CLEAN, ABSOLUTE, "主播好美", "这个颜色真好看", "什么时候发货", "加我微信abc12345下单更便宜"]
    desk.segments("room-1", sid, {"segments": [seg(999, "comment", CLEAN, t)]})  # the lexicon compiled once
    batch = [seg(i, "comment" if i % 3 else "caption", f"{texts[i % len(texts)]} #{i}", t) for i in range(500)]
    before, started = sum(roundtrips.COMMANDS.values()), time.perf_counter()
    answer = desk.segments("room-1", sid, {"segments": batch})
    elapsed, spent = time.perf_counter() - started, sum(roundtrips.COMMANDS.values()) - before
    assert answer["accepted"] == 500 and spent <= 6, f"{spent} round trips"
    before, started = sum(roundtrips.COMMANDS.values()), time.perf_counter()
    again = desk.segments("room-1", sid, {"segments": batch})
    redelivered = sum(roundtrips.COMMANDS.values()) - before
    assert again["accepted"] == 0 and again["duplicates"] == 500 and redelivered <= 7  # + which writes were counted
    assert [d["decision"] for d in again["decisions"]] == [d["decision"] for d in answer["decisions"]]
    assert desk.session("room-1", sid)["counts"]["segments"] == 501
    print(f"500-segment batch: {elapsed * 1000:.0f} ms ({500 / elapsed:.0f} segments/s, {spent} round trips); "
          f"redelivered: {(time.perf_counter() - started) * 1000:.0f} ms ({redelivered} round trips)")


def test_concurrent_batches_apply_each_seq_once_and_give_each_warning_once(desk, frozen_clock):
    """The live system's redeliveries race the first delivery: every seq stored once, counts exact, one warning
    for one set of flagged segments (conditional updates, not read-then-write)."""
    from tests.conftest import concurrently

    sid, t = live(desk), frozen_clock.now
    n = desk.ctx.policy["live"]["warn_after"]
    batch = [seg(i, "transcript", ABSOLUTE, t + timedelta(seconds=i)) for i in range(n)] + \
        [seg(10 + i, "comment", CLEAN, t) for i in range(20)]
    answers = concurrently([lambda: desk.segments("room-1", sid, {"segments": batch})] * 4)
    assert sum(a["accepted"] for a in answers) == n + 20
    assert sum(len(a["warnings"]) for a in answers) == 1
    session = desk.session("room-1", sid)
    assert session["counts"] == {"segments": n + 20, "flag": n, "pass": 20} and len(session["warnings"]) == 1
    assert len(desk.events("host_warned")) == 1
    assert [i["seq"] for i in desk.replay("room-1", sid)["items"]] == [*range(n), *range(10, 30)]


def test_a_batch_cut_by_a_crash_after_its_insert_is_applied_when_redelivered(desk, frozen_clock):
    """The first delivery stored the segments and died before the policy ran: the redelivery decides nothing again
    (the stored decisions stand) but its flagged segments and serious findings count, once."""
    from services.listing.live_schemas import SegmentBatchIn
    from services.listing.usecases import live_segments

    def stored_then_killed(batch):
        segments = SegmentBatchIn().load(batch)["segments"]
        desk.ctx.repo.insert_segments(live_segments._documents(desk.ctx, session, segments, "killed"))

    sid, t = live(desk), frozen_clock.now
    n = desk.ctx.policy["live"]["warn_after"]
    batch = {"segments": [seg(i, "transcript", ABSOLUTE, t + timedelta(seconds=i)) for i in range(n)]}
    session = desk.ctx.repo.live_session(sid)
    stored_then_killed(batch)
    again = desk.segments("room-1", sid, batch)
    assert again["accepted"] == 0 and [w["number"] for w in again["warnings"]] == [1]
    assert desk.session("room-1", sid)["counts"] == {"segments": n, "flag": n}  # counted once, by the redelivery
    assert desk.segments("room-1", sid, batch)["warnings"] == []  # redelivered once more: nothing new
    assert desk.session("room-1", sid)["counts"] == {"segments": n, "flag": n}
    cut = {"segments": [seg(50, "caption", COUNTERFEIT, t)]}
    stored_then_killed(cut)
    assert desk.segments("room-1", sid, cut)["stop"]["reason"] == "serious_finding"


def test_the_counts_are_the_stored_decisions_when_a_cut_write_comes_back_in_other_batches(desk, frozen_clock):
    """A write cut before its tally, its segments redelivered in two batches beside new ones (and one of those again):
    every stored decision counted once, and the hidden comments announced (again, at least once)."""
    from services.listing.live_schemas import SegmentBatchIn
    from services.listing.usecases import live_segments

    sid, t = live(desk), frozen_clock.now
    session = desk.ctx.repo.live_session(sid)
    hide = "加我微信abc12345下单更便宜"
    cut = [seg(i, "comment", hide if i % 2 else CLEAN, t) for i in range(10)]
    desk.ctx.repo.insert_segments(live_segments._documents(
        desk.ctx, session, SegmentBatchIn().load({"segments": cut})["segments"], "killed"))
    desk.segments("room-1", sid, {"segments": [*cut[:4], seg(10, "comment", CLEAN, t)]})
    desk.segments("room-1", sid, {"segments": [*cut[4:], seg(11, "comment", hide, t)]})
    desk.segments("room-1", sid, {"segments": cut[4:]})
    stored = [i["decision"] for i in desk.replay("room-1", sid)["items"]]
    counts = desk.session("room-1", sid)["counts"]
    assert counts == {"segments": 12, "pass": stored.count("pass"), "hide": stored.count("hide")} and counts["hide"] == 6
    announced = sorted(s["seq"] for e in desk.events("live_segment_hidden") for s in e["segments"])
    assert announced == [1, 3, 5, 7, 9, 11]


def test_the_plain_batch_check_takes_only_what_the_schema_takes_and_the_same_values():
    """live_schemas.load_batch (the fast path) answers as SegmentBatchIn does on what it takes, and leaves anything
    doubtful to the schema (which names the error): bools, floats and texts for seq, blank or over-long texts, naive
    or malformed times, unknown or missing fields, empty or over-long batches."""
    from marshmallow import ValidationError

    from services.listing.live_schemas import BATCH_LIMIT, SegmentBatchIn, load_batch

    good = {"seq": 7, "kind": "comment", "text": "主播好美", "at": "2026-12-01T20:00:00+08:00"}
    cases = [good, {**good, "seq": 0}, {**good, "seq": 999_999_999}, {**good, "kind": "product_card"},
             {**good, "text": "x" * 4000}, {**good, "at": "2026-12-01T12:00:00Z"}, {**good, "text": " 前导空格"},
             {**good, "seq": True}, {**good, "seq": 7.0}, {**good, "seq": "7"}, {**good, "seq": -1},
             {**good, "seq": 1_000_000_000}, {**good, "kind": "speech"}, {**good, "text": ""}, {**good, "text": "\u200b"},
             {**good, "text": " \u3000"}, {**good, "text": "x" * 4001}, {**good, "text": 5},
             {**good, "at": "2026-12-01T20:00:00"}, {**good, "at": "yesterday"}, {**good, "at": 1733054400},
             {**good, "extra": 1}, {k: v for k, v in good.items() if k != "at"}, "not a segment"]
    batches = [{"segments": [case]} for case in cases] + [
        {"segments": []}, {"segments": [good] * (BATCH_LIMIT + 1)}, {"segments": [good] * BATCH_LIMIT},
        {"segments": [good], "other": 1}, {"segments": "x"}, []]
    taken = 0
    for batch in batches:
        try:
            expected = SegmentBatchIn().load(batch)["segments"]
        except ValidationError:
            expected = None
        fast = load_batch(batch)
        if fast is not None:
            taken += 1
            assert fast == expected, batch
    assert taken == 7  # the plainly valid ones; the rest go to the schema


def test_a_write_taken_over_while_it_was_alive_counts_only_what_it_still_holds(desk, frozen_clock):
    """A redelivery takes over a write that was only slow (stored, not yet tallied): the slow write's tally is refused
    and it counts what was not taken — every stored decision counted once; then racing redeliveries, many times."""
    from services.listing.live_schemas import SegmentBatchIn
    from services.listing.usecases import live_counts, live_segments
    from tests.conftest import concurrently

    sid, t = live(desk), frozen_clock.now
    session = desk.ctx.repo.live_session(sid)
    slow = [seg(i, "comment", CLEAN, t) for i in range(10)]
    docs = live_segments._documents(desk.ctx, session, SegmentBatchIn().load({"segments": slow})["segments"], "slow")
    desk.ctx.repo.insert_segments(docs)
    assert desk.segments("room-1", sid, {"segments": slow[:6]})["duplicates"] == 6  # took over 6 of the slow write
    live_counts.tally(desk.ctx, sid, docs, [], "slow")  # the slow write's own tally, refused, then the other 4
    assert desk.session("room-1", sid)["counts"] == {"segments": 10, "pass": 10}
    for round_ in range(1, 6):
        batch = [seg(100 * round_ + i, "comment", CLEAN, t) for i in range(30)]
        concurrently([lambda b=batch: desk.segments("room-1", sid, {"segments": b})] * 4)
        assert desk.session("room-1", sid)["counts"] == {"segments": 10 + 30 * round_, "pass": 10 + 30 * round_}


def test_a_write_cut_before_its_tally_is_counted_when_redelivered_after_the_session_stopped(desk, frozen_clock):
    """A write cut by a crash between its insert and its tally; another batch then stops the session. Its batch
    redelivered — over HTTP (409 stream_stopped) and over AMQP (dropped) — still completes the tally of what that write
    stored, once, and announces its hidden comments; the new segments beside them are refused. The counts are the
    stored decisions, and the replay shows the cut write's segments."""
    from services.listing.live_schemas import SegmentBatchIn
    from services.listing.usecases import live_segments

    sid, t = live(desk), frozen_clock.now
    session = desk.ctx.repo.live_session(sid)
    hide = "加我微信abc12345下单更便宜"
    cut = [seg(i, "comment", hide if i % 2 else CLEAN, t) for i in range(6)]
    desk.ctx.repo.insert_segments(live_segments._documents(
        desk.ctx, session, SegmentBatchIn().load({"segments": cut})["segments"], "killed"))
    assert desk.segments("room-1", sid, {"segments": [seg(100, "caption", COUNTERFEIT, t)]})["status"] == "stopped"
    with pytest.raises(StreamStopped):
        desk.segments("room-1", sid, {"segments": [*cut[:3], seg(200, "comment", CLEAN, t)]})
    amqp = {"room_id": "room-1", "session_id": sid, "segments": [*cut[3:], seg(201, "comment", hide, t)]}
    desk.consume_segments(amqp)
    desk.consume_segments(amqp)  # redelivered once more: nothing counted twice
    with pytest.raises(StreamStopped):
        desk.segments("room-1", sid, {"segments": cut})
    items = desk.replay("room-1", sid)["items"]
    assert [i["seq"] for i in items] == [0, 1, 2, 3, 4, 5, 100]  # the new seqs refused
    stored = [i["decision"] for i in items]
    counts = desk.session("room-1", sid)["counts"]
    assert counts == {"segments": 7, "pass": stored.count("pass"), "hide": stored.count("hide"), "flag": 1}
    assert counts["hide"] == 3 and desk.session("room-1", sid)["status"] == "stopped"
    announced = sorted(s["seq"] for e in desk.events("live_segment_hidden") for s in e["segments"])
    assert announced == [1, 3, 5]
