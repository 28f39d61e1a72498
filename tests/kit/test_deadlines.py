"""The kit's deadline engine on the real store, driven by the controllable clock: fires once when due and never
before, cancel, reschedule, pause and resume, retries then gives up, a dead claimer's deadlines fire after its
lease, and two sweeper processes over the same deadlines fire each exactly once."""

import subprocess
import sys
from datetime import timedelta

import pytest

from tests.integration.flatcost import client, measure  # noqa: F401 - the fixture
from tianping.platform import deadlines
from tianping.platform.deadlines import DeadlineBook


@pytest.fixture
def book(service_db, frozen_clock):
    database = service_db("deadline_probe")
    b = DeadlineBook(database["deadlines"], "probe", lease=30)
    b.ensure_indexes()
    b.clock = frozen_clock
    b.database = database
    return b


def test_a_deadline_fires_once_when_due_and_never_before(book):
    due = book.clock.now + timedelta(hours=1)
    assert book.schedule("r1:respond", "r1", "respond", due, "R-AFT-05", {"x": 1})
    assert not book.schedule("r1:respond", "r1", "respond", due + timedelta(days=9), "R-AFT-05")  # idempotent
    seen = []
    book.clock.advance(minutes=59, seconds=59)
    assert book.sweep(seen.append)["fired"] == 0
    book.clock.advance(seconds=1)
    assert book.sweep(lambda d: seen.append(d) or "done")["fired"] == 1
    assert book.sweep(seen.append)["fired"] == 0
    assert [d["payload"] for d in seen] == [{"x": 1}]
    fired = book.get("r1:respond")
    assert fired["status"] == "fired" and fired["outcome"] == "done" and fired["rule_id"] == "R-AFT-05"
    assert [h["event"] for h in fired["history"]] == ["scheduled", "fired"]


def test_cancel_and_reschedule(book):
    now = book.clock.now
    book.schedule_many([{"key": "a", "subject": "s", "kind": "k", "due_at": now, "rule_id": "R-AFT-05"},
                        {"key": "b", "subject": "s", "kind": "k", "due_at": now, "rule_id": "R-AFT-05"}])
    assert book.cancel("a", "met")
    assert book.reschedule("b", now + timedelta(days=1), "extended")
    assert book.sweep(lambda d: "x")["fired"] == 0
    assert not book.cancel("a", "again")  # a cancelled deadline stays cancelled, with its history
    assert [h["event"] for h in book.get("a")["history"]] == ["scheduled", "cancelled"]
    book.clock.advance(days=1)
    assert book.sweep(lambda d: "x")["fired"] == 1
    assert not book.cancel("b", "too late")  # a fired deadline stays fired


def test_pause_keeps_the_time_left_and_resume_restarts_from_now(book):
    book.schedule("p", "s", "respond", book.clock.now + timedelta(hours=10), "R-AFT-05")
    book.clock.advance(hours=4)
    assert book.pause("p", "waiting on the buyer")
    book.clock.advance(days=30)
    assert book.sweep(lambda d: "x")["fired"] == 0
    assert book.resume("p", "the buyer answered")
    assert book.get("p")["due_at"] == book.clock.now + timedelta(hours=6)
    book.clock.advance(hours=6)
    assert book.sweep(lambda d: "x")["fired"] == 1


def test_a_failing_handler_is_retried_then_given_up_visibly(book):
    book.schedule("f", "s", "respond", book.clock.now, "R-AFT-05")
    for attempt in range(1, deadlines.MAX_ATTEMPTS + 1):
        result = book.sweep(lambda d: 1 / 0)
        assert result == {"fired": 0, "failed": int(attempt == deadlines.MAX_ATTEMPTS),
                          "retry": int(attempt < deadlines.MAX_ATTEMPTS), "batches": 1}
        book.clock.advance(seconds=deadlines.RETRY_SECONDS)
    failed = book.get("f")
    assert failed["status"] == "failed" and "ZeroDivisionError" in failed["last_error"]
    assert book.sweep(lambda d: "x")["fired"] == 0


def _sweeper(book, at, lease, die_after=0):
    mongo = book.database.client
    host, port = mongo.address
    return subprocess.Popen([sys.executable, "-m", "tests.kit.deadline_sweeper",
                             f"mongodb://{host}:{port}/?directConnection=true", book.database.name, at.isoformat(),
                             str(lease), str(die_after)])


def _schedule(book, n):
    book.schedule_many([{"key": f"d{i:05}", "subject": f"s{i}", "kind": "respond",
                         "due_at": book.clock.now - timedelta(seconds=i % 7), "rule_id": "R-AFT-05"}
                        for i in range(n)])


def test_two_sweeper_processes_over_the_same_deadlines_fire_each_once(book):
    _schedule(book, 600)
    procs = [_sweeper(book, book.clock.now, 30) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    counts = [d["n"] for d in book.database["fired"].find()]
    assert len(counts) == 600 and set(counts) == {1}
    assert book.collection.count_documents({"status": "fired"}) == 600


def test_a_sweeper_killed_mid_batch_leaves_its_claims_to_fire_after_the_lease_exactly_once(book):
    _schedule(book, 120)
    dying = _sweeper(book, book.clock.now, 30, die_after=10)
    assert dying.wait(timeout=60) == 9
    # Its batch of 50 stays claimed (10 ran their effect, 40 did not); a sweep inside the lease fires the others.
    assert book.collection.count_documents({"status": "firing"}) == 50
    assert _sweeper(book, book.clock.now, 30).wait(timeout=60) == 0
    assert book.collection.count_documents({"status": "fired"}) == 70
    book.clock.advance(seconds=31)  # the dead claimer's lease has run out
    assert _sweeper(book, book.clock.now, 30).wait(timeout=60) == 0
    assert book.collection.count_documents({"status": "fired"}) == 120
    counts = {d["_id"]: d["n"] for d in book.database["fired"].find()}
    assert len(counts) == 120
    # The 10 the dead process ran are run again once after the lease (handlers make their effect conditional on
    # the record's state, which is what makes the effect exactly-once); every other deadline ran exactly once.
    assert sorted(counts.values()).count(2) == 10 and sorted(counts.values()).count(1) == 110


def test_a_backlog_sweep_longer_than_one_lease_fires_each_deadline_once_beside_a_second_sweeper(book):
    """Issue 29: each claim's lease runs from the moment of that claim, not from the start of the sweep. Sweeper A
    works through a backlog of 8 batches of 10 whose handlers take 1 s each (80 s > the 30 s lease); when A starts
    its fifth batch, a faster sweeper B (another replica, over the same collection) sweeps. B must not find A's fresh claim
    expired: every deadline fires exactly once."""
    _schedule(book, 80)
    other = DeadlineBook(book.collection, "probe", lease=30)
    runs: dict[str, list[str]] = {}

    def handler_b(deadline):  # a fast replica
        runs.setdefault(deadline["_id"], []).append("B")
        return "counted"

    def handler_a(deadline):  # a slow one: its sweep outlives one lease
        runs.setdefault(deadline["_id"], []).append("A")
        book.clock.advance(seconds=1)
        if len(runs) == 41:  # A has just started its fifth batch, 41 s after the sweep began
            other.sweep(handler_b, batch=10)
        return "counted"

    book.sweep(handler_a, batch=10)
    assert book.sweep(handler_a, batch=10)["fired"] == 0
    assert len(runs) == 80
    assert {key: by for key, by in runs.items() if len(by) > 1} == {}
    assert book.collection.count_documents({"status": "fired"}) == 80
    assert {by for fired in runs.values() for by in fired} == {"A", "B"}  # both sweepers did fire some


def test_a_new_records_deadlines_join_its_batch_and_are_stored_as_scheduled_ones(book):
    from tianping.infra import together

    due = book.clock.now + timedelta(hours=1)
    fields = {"subject": "s", "kind": "respond", "due_at": due, "rule_id": "R-AFT-05"}
    book.schedule_many([{"key": "old", **fields}])
    writes = together.Together()
    book.schedule_new([{"key": "new", **fields}], writes)
    assert book.get("new") is None  # nothing before the caller commits
    writes.commit()
    assert {k: v for k, v in book.get("new").items() if k != "_id"} == \
           {k: v for k, v in book.get("old").items() if k != "_id"}
    book.clock.advance(hours=1)
    assert book.sweep(lambda d: "done")["fired"] == 2


def test_a_sweep_reads_its_due_and_expired_claims_by_index_not_by_scan(book, client):  # noqa: F811
    """Deadlines are never deleted: a sweep (every 2 s, every instance) that scanned them for expired leases cost the
    store the whole history each time; (status, lease_until) serves that query, (status, due_at) did not."""
    book.schedule_many([{"key": f"r{i}:respond", "subject": f"r{i}", "kind": "respond", "rule_id": "R-AFT-05",
                         "due_at": book.clock.now + timedelta(hours=i)} for i in range(1, 6)])
    book.clock.advance(hours=2, minutes=30)
    cost = measure(client, lambda: book.sweep(lambda d: "done"))
    assert book.get("r2:respond")["status"] == "fired" and book.get("r3:respond")["status"] == "pending"
    assert cost.examined and all(plan != "COLLSCAN" for _, _, plan, _ in cost.examined), cost
