"""A restored authority database (issue 29): the replicas detect it, the epoch rotates, new blacklistings are
enforced everywhere, and the blacklistings the restore lost are reported — never silently dropped. A backup taken
from a live database (counter behind its log) does not make every later commit fail on a duplicate key."""

import pytest

from services.reputation import authority_schemas, models
from services.reputation.repository.authority import Authority
from tianping.infra import db
from tianping.platform.blacklist_schemas import CHANGE_SCHEMA

COLLECTIONS = ("counters", "blacklist_changes", "blacklist_entries", "decisions", "outbox_marks")


@pytest.fixture
def database(service_db):
    database = service_db("reputation")
    db.ensure_indexes(models)
    return database


def add(authority, subject):
    return authority.record(subject, "merchant", "add", ["R-REP-13"], "restore test")


def backup(database) -> dict:
    return {name: list(database[name].find()) for name in COLLECTIONS}


def restore(database, dump: dict) -> None:
    for name, docs in dump.items():
        database[name].delete_many({})
        if docs:
            database[name].insert_many(docs)


def anti_entropy(replica, authority) -> int:
    """What a service's anti-entropy tick does: report its cursor, read the head, catch up."""
    def fetch(after, limit):
        return authority_schemas.ChangeOut(many=True).dump(authority.changes_after(after, limit))

    cursor = replica.cursor_doc()
    head = authority.head(replica.report(cursor))
    return replica.catch_up(head["head"], fetch, epoch=head["epoch"], cursor=cursor)


def delivered(change) -> list[dict]:
    """A change as an event brings it to a replica."""
    return [CHANGE_SCHEMA.load(authority_schemas.ChangeOut().dump(change))]


def started(database) -> Authority:
    authority = Authority(database)
    authority.ensure_log()
    return authority


@pytest.mark.parametrize("after_restore", [2, 5])  # fewer new changes than were lost, and more
def test_replica_ahead_of_a_restored_authority_enforces_new_blacklistings_and_reports_the_lost(
        database, replica_for, after_restore):
    authority = started(database)
    replica = replica_for("listing")
    for i in range(1, 6):
        add(authority, f"kept-{i}")
    dump = backup(database)
    for i in range(6, 9):
        add(authority, f"lost-{i}")
    anti_entropy(replica, authority)
    assert replica.applied_seq() == 8 and replica.is_blacklisted("lost-8")
    old_epoch = authority.head()["epoch"]

    restore(database, dump)
    authority = started(database)  # reputation restarts on the restored database
    new = [add(authority, f"new-{i}") for i in range(after_restore)]
    assert [c["seq"] for c in new] == list(range(6, 6 + after_restore))  # the restored log reuses 6..

    anti_entropy(replica, authority)  # detects the restore: the epoch rotates
    anti_entropy(replica, authority)  # and the replica follows the new log
    head = authority.head()
    assert head["epoch"] != old_epoch
    assert replica.status()["epoch"] == head["epoch"] and replica.applied_seq() == head["head"]
    assert all(replica.is_blacklisted(c["subject_id"]) for c in new), "a blacklisting after the restore is not enforced"
    assert all(replica.is_blacklisted(f"kept-{i}") for i in range(1, 6))
    lost = replica.lost()
    assert sorted(item["subject_id"] for item in lost) == ["lost-6", "lost-7", "lost-8"]
    assert all(item["epoch"] == old_epoch for item in lost)
    assert replica.status()["lost_in_restore"] == 3
    # a new change published after the rotation is applied through the ordinary event path
    change = add(authority, "after-rotation")
    assert replica.apply(delivered(change)) == 1


def test_a_duplicate_delivery_that_differs_from_what_was_applied_is_noticed(database, replica_for):
    """The event path: seq N arriving again with another subject means the authority's log changed under us."""
    authority = started(database)
    replica = replica_for("dispute")
    add(authority, "a")
    anti_entropy(replica, authority)
    dump = backup(database)
    add(authority, "b")
    anti_entropy(replica, authority)
    restore(database, dump)
    authority = started(database)
    other = add(authority, "c")  # seq 2 again, another subject
    assert replica.apply(delivered(other)) == 0
    assert replica.diverged
    anti_entropy(replica, authority)
    anti_entropy(replica, authority)
    assert replica.is_blacklisted("c") and [i["subject_id"] for i in replica.lost()] == ["b"]


def test_a_counter_restored_behind_its_log_is_repaired_at_start(database):
    authority = started(database)
    for i in range(5):
        add(authority, f"s{i}")
    database["counters"].update_one({"_id": "blacklist_seq"}, {"$set": {"value": 3}})  # a live, torn backup
    authority = started(database)
    assert add(authority, "next")["seq"] == 6


def test_a_counter_moved_behind_its_log_under_a_running_authority_does_not_fail_every_commit(database):
    authority = started(database)
    for i in range(5):
        add(authority, f"s{i}")
    database["counters"].update_one({"_id": "blacklist_seq"}, {"$set": {"value": 2}})  # restored under it
    assert add(authority, "next")["seq"] == 6
    assert add(authority, "again")["seq"] == 7
    assert [c["seq"] for c in database["blacklist_changes"].find().sort("seq", 1)] == list(range(1, 8))
