"""The kit's batched writes for reactions and replicas (issue 14): few round trips for many subjects, and the same
result as one write per subject — including when another writer inserted a document in between."""

from tianping import bulk, roundtrips


def spent(before) -> int:
    return sum(roundtrips.COMMANDS.values()) - before


def test_update_each_writes_every_subject_in_one_round_trip_and_touches_only_matching_documents(service_db):
    docs = service_db("bulk_probe")["cases"]
    docs.insert_many([{"merchant_id": f"m{i % 3}", "status": "open", "trail": []} for i in range(9)]
                     + [{"merchant_id": "m9", "status": "closed", "trail": []}])
    step = {"event": "merchant_blacklisted"}
    before = sum(roundtrips.COMMANDS.values())
    written = bulk.update_each(docs, "merchant_id", [(f"m{i}", step) for i in range(50)], {"status": "open"},
                               lambda s: {"$push": {"trail": s}})
    assert written == 50 and spent(before) == 1
    assert docs.count_documents({"trail": step}) == 9 and docs.find_one({"merchant_id": "m9"})["trail"] == []
    before = sum(roundtrips.COMMANDS.values())
    assert bulk.update_each(docs, "merchant_id", [("nobody", step)], {"status": "open"},
                            lambda s: {"$push": {"trail": s}}) == 1 and spent(before) == 1


def test_upsert_each_inserts_new_updates_stored_and_turns_a_lost_insert_race_into_an_update(service_db, monkeypatch):
    docs = service_db("bulk_probe")["entries"]
    docs.insert_one({"_id": "old", "seq": 1})
    items = {"old": 5, "new": 6, "raced": 7}
    real_find = docs.find

    def find_then_race(*args, **kwargs):  # another writer inserts "raced" after our read, before our insert
        found = list(real_find(*args, **kwargs))
        docs.insert_one({"_id": "raced", "seq": 2})
        return found

    monkeypatch.setattr(docs, "find", find_then_race)
    bulk.upsert_each(docs, items, lambda i, seq: {"_id": i, "seq": seq},
                     lambda i, seq: ({"seq": {"$lt": seq}}, {"$set": {"seq": seq}}))
    assert {d["_id"]: d["seq"] for d in real_find()} == {"old": 5, "new": 6, "raced": 7}
