"""The blacklist replica: idempotent, in order, gap-filling (issue 4)."""

from tests.conftest import change


def test_changes_apply_in_order_and_duplicates_are_ignored(replica_for):
    replica = replica_for("listing")
    seen = []
    assert replica.apply([change(1, "m1"), change(2, "m2")], reaction=seen.extend) == 2
    assert replica.apply([change(1, "m1"), change(2, "m2")], reaction=seen.extend) == 0
    assert [c["seq"] for c in seen] == [1, 2]
    assert replica.applied_seq() == 2 and replica.is_blacklisted("m1") and replica.is_blacklisted("m2")


def test_gap_is_filled_from_the_authority_before_the_later_change(replica_for):
    replica = replica_for("listing")
    authority = [change(1, "a"), change(2, "b"), change(3, "a", action="lift"), change(4, "c")]
    fetched = []

    def fetch(after, limit):
        fetched.append((after, limit))
        return [dict(c, committed_at=c["committed_at"].isoformat()) for c in authority[after:after + limit]]

    assert replica.apply([authority[3]], fetch=fetch) == 4
    assert fetched == [(0, 3)]
    assert not replica.is_blacklisted("a") and replica.is_blacklisted("b") and replica.is_blacklisted("c")
    assert [h["path"] for h in replica.history("a")] == ["repair", "repair"]


def test_out_of_order_batch_without_authority_stops_at_the_gap(replica_for):
    replica = replica_for("dispute")
    assert replica.apply([change(2, "x"), change(3, "y")]) == 0
    assert replica.applied_seq() == 0
    assert replica.apply([change(3, "y"), change(1, "w"), change(2, "x")]) == 3
    assert replica.applied_seq() == 3


def test_catch_up_repairs_to_the_head(replica_for):
    replica = replica_for("aftersale")
    authority = [change(i, f"s{i}") for i in range(1, 8)]
    assert replica.catch_up(7, lambda after, limit: authority[after:after + limit]) == 7
    assert replica.status()["size"] == 7


def test_anti_entropy_repairs_only_what_its_previous_comparison_saw(replica_for):
    """Changes committed since the last tick are most likely in flight as events: fetching them (an RPC queued behind
    a busy authority's workers, under the replica's lock) repaired nothing and stalled every delivery behind it."""
    replica = replica_for("aftersale")
    authority = [change(i, f"s{i}", epoch="E") for i in range(1, 10)]
    fetched = []

    def fetch(after, limit):
        fetched.append((after, limit))
        return authority[after:after + limit]

    def tick(head):
        return replica.catch_up(head, fetch, epoch="E", upto=replica.overdue(head, "E"))

    assert tick(3) == 3  # the first comparison: everything (a start-up, a replica that follows no log yet)
    assert tick(6) == 0 and fetched == [(0, 3)]  # 4..6 are in flight: left to their events
    assert replica.behind_since is not None  # yet measured against the head
    assert replica.apply([authority[3]]) == 1  # seq 4 arrived; 5 and 6 were lost
    assert tick(9) == 2 and fetched[-1] == (4, 2) and replica.applied_seq() == 6  # overdue by a whole interval
    assert replica.overdue(9, "F") == 9  # another log (a restored authority): everything at once


def test_identity_match_finds_blacklisted_entries_only(replica_for):
    replica = replica_for("onboarding")
    replica.apply([change(1, "m1", identity_keys=["id:X1"]), change(2, "m2", identity_keys=["uscc:Y"])])
    assert replica.match_identity(["id:X1"])["_id"] == "m1"
    replica.apply([change(3, "m1", action="lift")])
    assert replica.match_identity(["id:X1"]) is None
    assert replica.match_identity(["uscc:Y", "nope"])["_id"] == "m2"


def test_reaction_failure_leaves_the_change_unapplied(replica_for):
    replica = replica_for("listing")

    def boom(_):
        raise RuntimeError("store hiccup")

    try:
        replica.apply([change(1, "m1")], reaction=boom)
    except RuntimeError:
        pass
    assert replica.applied_seq() == 0 and not replica.is_blacklisted("m1")
    assert replica.apply([change(1, "m1")]) == 1


def test_changes_of_another_authority_log_are_ignored_and_a_new_log_rebuilds(replica_for):
    """A stray publisher, or a restored authority database, must not move the replica (its seqs are not ours)."""
    replica = replica_for("listing")
    log_a = [change(i, f"a{i}", epoch="A") for i in range(1, 6)]
    assert replica.catch_up(5, lambda after, limit: log_a[after:after + limit], epoch="A") == 5
    assert replica.apply([change(6, "stray", epoch="Z")]) == 0 and not replica.is_blacklisted("stray")
    log_b = [change(1, "b1", epoch="B")]
    assert replica.catch_up(1, lambda after, limit: log_b[after:after + limit], epoch="B") == 1
    assert replica.status()["epoch"] == "B" and replica.applied_seq() == 1
    assert replica.is_blacklisted("b1") and not replica.is_blacklisted("a1")
    assert replica.apply([change(2, "b2", epoch="B")]) == 1 and replica.is_blacklisted("b2")


def test_anti_entropy_does_not_take_a_cursor_read_before_runs_moved_it_for_a_gap(replica_for):
    """Anti-entropy reads the cursor, then asks the authority for its head; runs applied while that RPC waited moved
    the cursor on. Taking the older document made the next delivery look like a gap: a fetch from the authority under
    the replica's lock, the run applied again and refused by the cursor (issue 30: the tail of propagation)."""
    replica = replica_for("aftersale")
    authority = [change(i, f"s{i}", epoch="E") for i in range(1, 7)]
    fetched = []

    def fetch(after, limit):
        fetched.append((after, limit))
        return authority[after:after + limit]

    assert replica.catch_up(2, fetch, epoch="E") == 2 and fetched == [(0, 2)]
    read_before = replica.cursor_doc()  # anti-entropy's read, before the authority answers
    assert replica.apply(authority[2:4], fetch=fetch) == 2  # seq 3 and 4 arrive meanwhile
    assert replica.catch_up(4, fetch, epoch="E", cursor=read_before) == 0
    assert replica.apply(authority[4:6], fetch=fetch) == 2
    assert fetched == [(0, 2)] and replica.applied_seq() == 6
    assert [h["path"] for h in replica.history("s3")] == ["event"]
