"""The kit's TTL purge (tianping.infra.ttlpurge) instead of the embedded store's sweeper: it deletes exactly what the
TTL index would — nothing inside its window, the boundary on both sides — by the kit's clock, examining the records
that expired since its previous pass however long the history; and the store the launcher starts has no sweeper."""

from datetime import UTC, datetime, timedelta

import mongoengine
import pytest
from nameko.testing.services import entrypoint_hook
from secantus.config import load_config

from tests.conftest import free_port
from tests.integration.flatcost import assert_flat, client, measure, mongodb_uri, seed  # noqa: F401 - fixtures
from tianping.infra import db, ttlpurge
from tianping.infra.store import EmbeddedStore, server_factory
from tianping.lib import clock
from tianping.platform import health

T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
MS = timedelta(milliseconds=1)


@pytest.fixture
def frozen():
    clock.set_now(T0)
    yield
    clock.set_now(None)


def test_the_purge_deletes_exactly_what_the_ttl_index_expires(client, frozen):  # noqa: F811
    database = client.ttl_boundary
    claims, windows = database.rpc_commands, database.rate_windows
    claims.create_index("at", expireAfterSeconds=3600)
    windows.create_index("expires_at", expireAfterSeconds=0)
    cut = T0 - timedelta(hours=1)
    claims.insert_many([{"_id": "old", "at": cut - timedelta(days=30)}, {"_id": "just-past", "at": cut - MS},
                        {"_id": "at-cutoff", "at": cut}, {"_id": "inside", "at": cut + MS},
                        {"_id": "undated"}, {"_id": "not-a-date", "at": "2020-01-01"}])
    windows.insert_many([{"_id": "gone", "expires_at": T0 - MS}, {"_id": "now", "expires_at": T0},
                         {"_id": "later", "expires_at": T0 + timedelta(seconds=10)}])
    purger = ttlpurge.Purger(60)
    assert purger.purge_database(database, clock.now()) == {"rate_windows": 1, "rpc_commands": 2}
    assert sorted(d["_id"] for d in claims.find()) == ["at-cutoff", "inside", "not-a-date", "undated"]
    assert sorted(d["_id"] for d in windows.find()) == ["later", "now"]
    assert purger.purge_database(database, clock.now()) == {}  # again, or by another replica: nothing more
    assert ttlpurge.Purger(60).purge_database(database, clock.now()) == {}
    clock.set_now(T0 + MS)  # one millisecond on: the two at their boundary expire, nothing else
    assert purger.purge_database(database, clock.now()) == {"rate_windows": 1, "rpc_commands": 1}
    assert sorted(d["_id"] for d in claims.find()) == ["inside", "not-a-date", "undated"]
    assert sorted(d["_id"] for d in windows.find()) == ["later"]


def test_a_record_written_again_under_its_id_is_kept(client, frozen):  # noqa: F811
    """A claim released and taken again keeps its `_id` with a new date: the delete re-checks the date."""
    claims = client.ttl_rewrite.rpc_commands
    claims.create_index("at", expireAfterSeconds=60)
    claims.insert_one({"_id": "k", "at": T0 - timedelta(minutes=5)})
    real_find = claims.find

    class Racing:  # the claim is rewritten between the purge's read of the ids and its delete
        database, name = claims.database, claims.name

        def find(self, *args, **kwargs):
            ids = list(real_find(*args, **kwargs))
            claims.update_one({"_id": "k"}, {"$set": {"at": T0}})
            return ids

        def delete_many(self, *args, **kwargs):
            return claims.delete_many(*args, **kwargs)

    assert ttlpurge.Purger(60).purge(Racing(), "at", ttlpurge.cutoff(T0, 60)) == 0
    assert claims.count_documents({}) == 1


def _history(collection, count: int) -> None:
    """`count` command-log records inside their window, and 50 that expire in the minute after T0 + 1 h."""
    seed(collection, count, lambda i: {"_id": f"live{i:06d}", "state": "done", "at": T0 + timedelta(seconds=i % 3600)})
    collection.insert_many([{"_id": f"due{i}", "state": "done", "at": T0 - timedelta(seconds=60 - i)}
                            for i in range(50)])


def _second_pass(client, size: int):  # noqa: F811
    """A pass a minute after the previous one over `size` records inside their window: its cost, and what it did."""
    collection = client[f"ttl_flat_{size}"].rpc_commands
    collection.create_index("at", expireAfterSeconds=3600)
    _history(collection, size)
    purger = ttlpurge.Purger(60)
    clock.set_now(T0 + timedelta(hours=1) - timedelta(minutes=1))
    assert purger.purge_database(collection.database, clock.now()) == {}  # the previous pass: nothing due yet
    clock.set_now(T0 + timedelta(hours=1))  # a minute on: the 50 expire
    due, deleted = list(collection.find({"_id": {"$regex": "^due"}})), {}

    def second_pass():
        deleted.update(purger.purge_database(collection.database, clock.now()))
        collection.insert_many(due)  # back before measure replays the pass's filters: they examine what the pass did

    cost = measure(client, second_pass)
    assert deleted == {"rpc_commands": 50}
    assert collection.count_documents({"_id": {"$regex": "^live"}}) == size  # none inside its window went
    return cost


def test_a_pass_examines_what_expired_since_the_last_not_the_history(client, frozen):  # noqa: F811
    small, large = _second_pass(client, 1_000), _second_pass(client, 20_000)
    assert_flat(small, large)
    # those 50, by the window's range and by `_id` (the store's sweep decoded all 20,050, every minute)
    assert large.documents == 50 * 2, str(large)


def test_the_embedded_store_runs_without_its_ttl_sweeper(tmp_path):
    store = EmbeddedStore(tmp_path / "store", free_port(), tmp_path / "store.log")
    store.start()
    try:
        assert load_config(store.config_path)[0].ttl_sweep_seconds == 0
    finally:
        store.stop()
    server = server_factory(store.config_path)(host="127.0.0.1", port=free_port(), storage_path=str(tmp_path / "x"))
    try:
        assert server.storage._ttl_thread is None  # what the store process builds from that file: no sweeper thread
        assert server.storage.enable_oplog is False  # nor an oplog entry per document written (TIANPING_STORE_OPLOG)
    finally:
        server.storage.close()



def test_a_backlog_goes_in_statements_of_one_window_each(client, frozen):  # noqa: F811
    """A process's first pass after ten minutes with no purge: 600 records expired over those minutes, beside 20,000
    inside their window. Each read examines one minute's records, each delete at most BATCH — never the backlog."""
    collection = client.ttl_backlog.rpc_commands
    collection.create_index("at", expireAfterSeconds=3600)
    seed(collection, 20_000, lambda i: {"_id": f"live{i:06d}", "at": T0 + timedelta(seconds=i % 3600)})
    backlog = [{"_id": f"due{i:03d}", "at": T0 - timedelta(seconds=1 + i)} for i in range(600)]
    collection.insert_many(backlog)
    clock.set_now(T0 + timedelta(hours=1))
    deleted = {}

    def first_pass():
        deleted.update(ttlpurge.Purger(60).purge_database(collection.database, clock.now()))
        collection.insert_many(backlog)  # back before measure replays the pass's filters (see _second_pass)

    cost = measure(client, first_pass)
    assert deleted == {"rpc_commands": 600}
    per_statement = [n for name, _, _, n in cost.examined if name in ("find", "delete")]
    assert max(per_statement) <= 60, str(cost)
    assert sum(per_statement) == 600 * 2, str(cost)


class Component(health.ServiceBase):
    name = "ttlpurge_probe"


def test_every_component_purges_its_own_database_on_its_timer(container_factory, container_config, frozen):
    container = container_factory(Component, container_config)
    container.start()
    commands = db.database(container_config, Component.name).rpc_commands
    try:
        commands.create_index("at", expireAfterSeconds=60)
        commands.insert_many([{"_id": "past", "at": T0 - timedelta(seconds=61)}, {"_id": "kept", "at": T0}])
        with entrypoint_hook(container, "purge_expired_records") as tick:  # what the timer calls each interval
            tick()
        assert [d["_id"] for d in commands.find()] == ["kept"]
    finally:
        container.stop()
        mongoengine.disconnect(Component.name)
