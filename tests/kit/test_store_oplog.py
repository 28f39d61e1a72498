"""The embedded store writes no oplog unless asked (TIANPING_STORE_OPLOG=1), and transactions still hold: the
blacklist authority commits each batch in one (issue 30: an oplog entry per document written was a fifth of the
store's CPU on a write, and nothing reads it)."""

import pymongo
import pytest

from tests.conftest import free_port
from tianping.infra.store import EmbeddedStore


@pytest.mark.parametrize("setting, entries", [(None, 0), ("1", 2)])
def test_writes_leave_no_oplog_unless_asked_and_transactions_commit(tmp_path, monkeypatch, setting, entries):
    if setting is None:
        monkeypatch.delenv("TIANPING_STORE_OPLOG", raising=False)
    else:
        monkeypatch.setenv("TIANPING_STORE_OPLOG", setting)
    store = EmbeddedStore(tmp_path / "store", free_port(), tmp_path / "store.log")
    client = pymongo.MongoClient(store.start())
    try:
        oplog = client.local["oplog.rs"]
        before = oplog.count_documents({"ns": "t.docs"})
        with client.start_session() as session, session.start_transaction():
            client.t.docs.insert_one({"_id": 1}, session=session)
            client.t.docs.update_one({"_id": 1}, {"$set": {"a": 1}}, session=session)
        assert client.t.docs.find_one({"_id": 1}) == {"_id": 1, "a": 1}
        assert oplog.count_documents({"ns": "t.docs"}) - before == entries
    finally:
        client.close()
        store.stop()
