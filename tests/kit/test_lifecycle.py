"""The kit's one way to move a record on (tianping.platform.lifecycle.advance), on the real deadline store: a move
from a state to itself passes the status condition every time, so it is refused unless the caller says its
transition carries a precondition that makes it once-only (`to_itself`), and refused before anything is written."""

from datetime import timedelta

import pytest

from tianping.lib.trail import step
from tianping.platform import lifecycle
from tianping.platform.deadlines import DeadlineBook


@pytest.fixture
def book(service_db, frozen_clock):
    b = DeadlineBook(service_db("lifecycle_probe")["deadlines"], "probe", lease=30)
    b.ensure_indexes()
    b.clock = frozen_clock
    return b


def test_a_move_to_the_same_state_is_refused_unless_the_caller_says_it_is_once_only(book):
    moved = []

    def transition(record_id, expected, s, sets, unset):
        moved.append((record_id, expected, sets["status"]))
        return True

    nxt = lifecycle.NextDeadline("payment", book.clock.now + timedelta(days=3), "R-DSP-06")
    with pytest.raises(ValueError, match="to itself"):
        lifecycle.advance(book, transition, "c1", "resolved", 2, to="resolved", step=step("paid", "m1", []),
                          next_deadline=nxt)
    assert moved == [] and book.of_subject("c1") == []  # nothing written: no move, no spare deadline
    assert lifecycle.advance(book, transition, "c1", "resolved", 2, to="resolved", step=step("paid", "m1", []),
                             next_deadline=nxt, to_itself=True)
    assert lifecycle.advance(book, transition, "c1", "mediation", 3, to="resolved", step=step("decided", "x", []))
    assert moved == [("c1", "resolved", "resolved"), ("c1", "mediation", "resolved")]
