"""Live segments delivered at the live system's pace (issue 26): a 500-segment batch in few store round trips, a
redelivery decided nothing again, concurrent redeliveries applied once, and a batch cut by a crash after its insert
applied once when it comes again."""

import time
from datetime import timedelta

import pytest

from tests.listing.test_live import ABSOLUTE, CLEAN, COUNTERFEIT, ROOM, live, seg
from tests.listing.usecases import Listings


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
