"""The kit's batched writes for reactions and replicas (issue 14): few round trips for many subjects, and the same
result as one write per subject — including when another writer inserted a document in between."""

from tianping.infra import bulk, roundtrips


def spent(before) -> int:
    return sum(roundtrips.COMMANDS.values()) - before


def test_update_each_on_a_small_collection_reads_once_and_writes_only_subjects_that_have_documents(service_db):
    docs = service_db("bulk_probe")["cases"]
    bulk._sizes.clear()
    docs.insert_many([{"merchant_id": f"m{i % 3}", "status": "open", "trail": []} for i in range(9)]
                     + [{"merchant_id": "m9", "status": "closed", "trail": []}])
    step = {"event": "merchant_blacklisted"}
    before = sum(roundtrips.COMMANDS.values())
    written = bulk.update_each(docs, "merchant_id", [(f"m{i}", step) for i in range(50)], {"status": "open"},
                               lambda s: {"$push": {"trail": s}})
    assert written == 3 and spent(before) == 3  # the size (cached briefly), the presence read, the bulk write
    assert docs.count_documents({"trail": step}) == 9 and docs.find_one({"merchant_id": "m9"})["trail"] == []
    before = sum(roundtrips.COMMANDS.values())
    assert bulk.update_each(docs, "merchant_id", [("nobody", step)], {"status": "open"},
                            lambda s: {"$push": {"trail": s}}) == 0 and spent(before) == 1


def test_update_each_on_a_large_collection_sends_an_equality_statement_per_subject_in_one_round_trip(service_db,
                                                                                                   monkeypatch):
    docs = service_db("bulk_probe")["listings"]
    docs.insert_many([{"host_id": f"h{i % 4}", "status": "published", "trail": []} for i in range(8)])
    monkeypatch.setattr(bulk, "SCAN_CHEAPER_BELOW", 5)  # as if the collection were past the scan's break-even
    bulk._sizes.clear()
    step = {"event": "withdrawn"}
    bulk.update_each(docs, "host_id", [("h0", step)], {"status": "published"}, lambda s: {"$push": {"trail": s}})
    before = sum(roundtrips.COMMANDS.values())
    written = bulk.update_each(docs, "host_id", [(f"h{i}", step) for i in range(1, 40)], {"status": "published"},
                               lambda s: {"$set": {"status": "withdrawn"}, "$push": {"trail": s}})
    assert written == 39 and spent(before) == 1
    assert docs.count_documents({"status": "withdrawn"}) == 6 and docs.count_documents({"trail": step}) == 8


def test_upsert_each_inserts_new_in_one_round_trip_and_updates_stored_ones_guarded(service_db):
    docs = service_db("bulk_probe")["entries"]
    docs.insert_many([{"_id": "old", "seq": 1}, {"_id": "newer", "seq": 9}, {"_id": "lifted", "seq": 1}])
    before = sum(roundtrips.COMMANDS.values())
    bulk.upsert_each(docs, {"a": 2, "b": 3}, lambda i, seq: {"_id": i, "seq": seq},
                     lambda i, seq: ({"seq": {"$lt": seq}}, {"$set": {"seq": seq}}))
    assert spent(before) == 1  # subjects not seen before: one insert, nothing else
    bulk.upsert_each(docs, {"old": 5, "new": 6, "newer": 7, "lifted": 8, "absent": 4},
                     lambda i, seq: None if i in ("lifted", "absent") else {"_id": i, "seq": seq},
                     lambda i, seq: ({"seq": {"$lt": seq}}, {"$set": {"seq": seq}}))
    # stored ones updated, a newer one never overwritten by an older, nothing made up for "absent"
    assert {d["_id"]: d["seq"] for d in docs.find()} == {"old": 5, "new": 6, "newer": 9, "lifted": 8, "a": 2, "b": 3}


def test_update_each_reads_presence_in_chunks_for_a_long_run_on_a_small_collection(service_db):
    """A replica behind the authority applies runs of hundreds of changes: a presence read per hundred subjects, not
    a statement per subject (which made each run slower the further behind the replica was)."""
    docs = service_db("bulk_probe")["cases"]
    bulk._sizes.clear()
    docs.insert_many([{"merchant_id": f"m{i}", "status": "open", "trail": []} for i in (7, 150, 420)])
    step = {"event": "merchant_blacklisted"}
    bulk.update_each(docs, "merchant_id", [("warm", step)], {"status": "open"}, lambda s: {"$push": {"trail": s}})
    before = sum(roundtrips.COMMANDS.values())
    written = bulk.update_each(docs, "merchant_id", [(f"m{i}", step) for i in range(500)], {"status": "open"},
                               lambda s: {"$push": {"trail": s}})
    assert written == 3 and spent(before) == 6  # five presence reads and one bulk write (was 500 statements)
    assert docs.count_documents({"trail": step}) == 3


def test_update_each_of_reads_presence_once_for_every_field_and_writes_once(service_db):
    """A listing names a subject as operator or host: one presence read answers both fields (was one per field)."""
    docs = service_db("bulk_probe")["listings"]
    bulk._sizes.clear()
    docs.insert_many([{"operator_id": "m1", "host_id": "h1", "status": "published", "trail": []},
                      {"operator_id": "m2", "host_id": "m1", "status": "published", "trail": []},
                      {"operator_id": "m3", "host_id": "h3", "status": "withdrawn", "trail": []}])
    step = {"event": "withdrawn"}
    withdraw = lambda s: {"$set": {"status": "withdrawn"}, "$push": {"trail": s}}  # noqa: E731
    bulk.update_each_of(docs, ("operator_id", "host_id"), [("warm", step)], {"status": "published"}, withdraw)
    before = sum(roundtrips.COMMANDS.values())
    written = bulk.update_each_of(docs, ("operator_id", "host_id"), [(s, step) for s in ("m1", "m3", "h9")],
                                  {"status": "published"}, withdraw)
    assert written == 2 and spent(before) == 2  # m1 as operator and as host; m3's listing is not live
    assert docs.count_documents({"status": "withdrawn", "trail": step}) == 2
    assert docs.find_one({"operator_id": "m3"})["trail"] == []


def test_upsert_each_then_writes_apart_on_a_server_without_client_bulk_write(service_db, monkeypatch):
    from pymongo import MongoClient
    from pymongo.errors import InvalidOperation

    database = service_db("bulk_probe")
    entries, cursor = database["entries"], database["cursor"]
    cursor.insert_one({"_id": "cursor", "applied_seq": 0})

    def refuse(*_, **__):
        raise InvalidOperation("MongoClient.bulk_write requires MongoDB server version 8.0+.")
    monkeypatch.setattr(MongoClient, "bulk_write", refuse)
    guarded = (lambda i, seq: {"_id": i, "seq": seq}, lambda i, seq: ({"seq": {"$lt": seq}}, {"$set": {"seq": seq}}))
    assert bulk.upsert_each_then(entries, {"a": 1, "b": 2}, *guarded, (
        cursor, {"_id": "cursor", "applied_seq": 0}, {"$set": {"applied_seq": 2}}))
    assert not bulk.upsert_each_then(entries, {"a": 3}, *guarded, (  # another instance moved it first
        cursor, {"_id": "cursor", "applied_seq": 0}, {"$set": {"applied_seq": 3}}))
    assert {d["_id"]: d["seq"] for d in entries.find()} == {"a": 3, "b": 2}
    assert cursor.find_one()["applied_seq"] == 2


def test_upsert_each_then_inserts_several_new_documents_in_one_insert_then_moves_the_cursor(service_db, monkeypatch):
    """issue 30: the embedded store runs a client-level bulkWrite statement by statement, so a run of several new
    entries goes in one insert_many and the cursor moves after it (two round trips, less of the store's CPU); one new
    entry still goes with the move in one bulkWrite. The cursor moves last either way, and only from where it was."""
    from pymongo import MongoClient

    database = service_db("bulk_probe")
    entries, cursor = database["entries"], database["cursor"]
    cursor.insert_one({"_id": "cursor", "applied_seq": 0})
    sent, real = [], MongoClient.bulk_write

    def counting(self, models, *args, **kwargs):
        sent.append(len(models))
        return real(self, models, *args, **kwargs)
    monkeypatch.setattr(MongoClient, "bulk_write", counting)
    guarded = (lambda i, seq: {"_id": i, "seq": seq}, lambda i, seq: ({"seq": {"$lt": seq}}, {"$set": {"seq": seq}}))

    def move(frm, to):
        return cursor, {"_id": "cursor", "applied_seq": frm}, {"$set": {"applied_seq": to}}

    before = sum(roundtrips.COMMANDS.values())
    assert bulk.upsert_each_then(entries, {"a": 1, "b": 2, "c": 3}, *guarded, move(0, 3))
    assert spent(before) == 2 and sent == []  # an insert_many, then the move
    before = sum(roundtrips.COMMANDS.values())
    assert bulk.upsert_each_then(entries, {"d": 4}, *guarded, move(3, 4))
    assert spent(before) == 1 and sent == [2]  # alone: the insert and the move in one bulkWrite
    assert bulk.upsert_each_then(entries, {"a": 5, "e": 5}, *guarded, move(4, 5))  # a stored one updated, guarded
    assert not bulk.upsert_each_then(entries, {"f": 6, "g": 6}, *guarded, move(4, 6))  # another instance moved it
    assert {d["_id"]: d["seq"] for d in entries.find()} == {"a": 5, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 6}
    assert cursor.find_one()["applied_seq"] == 5
