"""The kit's one way to move a record on (tianping.platform.lifecycle.advance), on the real deadline store: a move
from a state to itself passes the status condition every time, so it is refused — before anything is written — unless
the precondition its transition carries besides the status (`pinned`) names a field the move changes: a condition the
move leaves true would let a concurrent or redelivered twin apply it again."""

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


def recording():
    moved = []

    def transition(record_id, expected, s, sets, unset):
        moved.append((record_id, expected, sets["status"]))
        return True

    return moved, transition


def test_a_move_to_the_same_state_is_refused_unless_its_precondition_pins_a_field_it_changes_R_DSP_06(book):
    moved, transition = recording()
    nxt = lifecycle.NextDeadline("payment", book.clock.now + timedelta(days=3), "R-DSP-06")
    paid = {"paid_by_merchant": "pay-1"}
    for pinned in (None, {}, {"outcome": "refund"}, {"paid_by_merchant": "pay-1"}):  # unchanged, or set as pinned
        with pytest.raises(ValueError, match="to itself"):
            lifecycle.advance(book, transition, "c1", "resolved", 2, to="resolved", step=step("paid", "m1", []),
                              sets=paid, next_deadline=nxt, pinned=pinned)
    assert moved == [] and book.of_subject("c1") == []  # nothing written: no move, no spare deadline
    assert lifecycle.advance(book, transition, "c1", "resolved", 2, to="resolved", step=step("paid", "m1", []),
                             sets=paid, next_deadline=nxt, pinned={"paid_by_merchant": None})
    assert lifecycle.advance(book, transition, "c1", "mediation", 3, to="resolved", step=step("decided", "x", []))
    assert moved == [("c1", "resolved", "resolved"), ("c1", "mediation", "resolved")]


def test_a_pinned_field_changes_when_set_beneath_or_above_it_or_retired_with_the_clock_R_DSP_04(book):
    moved, transition = recording()

    def to_itself(pinned, **how):
        return lifecycle.advance(book, transition, "c2", "mediation", 4, to="mediation", step=step("x", "y", []),
                                 pinned=pinned, **how)

    read = {"proposal.proposal_id": "p1"}
    assert to_itself(read, sets={"proposal": {"proposal_id": "p2"}})  # a new proposal replaces the one read
    assert to_itself(read, sets={"proposal": {}})  # the one read failed
    assert to_itself({"due_key": "c2:answer:3"})  # no next deadline: the running clock is retired with the move
    with pytest.raises(ValueError, match="to itself"):
        to_itself(read, sets={"proposal": {"proposal_id": "p1", "amount": "9.00"}})  # the same proposal, reworded
    with pytest.raises(ValueError, match="to itself"):
        to_itself({"due_key": None})  # the clock is unset, which is what the condition asked for: true again
    assert len(moved) == 3


def test_a_next_deadline_the_caller_scheduled_is_not_written_again(book):
    """A caller that wrote the next deadline with deadlines of its own, in one round trip (aftersale's promise checks),
    passes `scheduled`: the move records the clock and writes no second upsert."""
    moved, transition = recording()
    nxt = lifecycle.NextDeadline("refund", book.clock.now + timedelta(days=7), "R-AFT-06")
    writes = []
    book.schedule = lambda *args, **kwargs: writes.append(args)
    assert lifecycle.advance(book, transition, "r1", "awaiting_merchant", 2, to="refund_due",
                             step=step("accepted", "m1", []), next_deadline=nxt, scheduled=True)
    assert writes == [] and moved == [("r1", "awaiting_merchant", "refund_due")]
    assert lifecycle.advance(book, transition, "r2", "awaiting_merchant", 2, to="refund_due",
                             step=step("accepted", "m1", []), next_deadline=nxt)
    assert [w[0] for w in writes] == ["r2:refund:2"]  # without it, the move schedules its clock itself
