"""The outbox relay's high-water mark (tianping.platform.outbox, issue 30): a batch that continues the published
prefix raises it in memory and the next store pass writes it (one write per pass, not per batch); it never passes
an unpublished record, and a mark that went back (a restored database) makes the relay forget what it knew."""

from types import SimpleNamespace

from tianping.platform.outbox import MARKS, OutboxRelay


def relay_over(database) -> tuple[OutboxRelay, list]:
    sent = []
    relay = OutboxRelay("log", "changed", lambda records: {"seqs": [r["seq"] for r in records]})
    relay.container = SimpleNamespace(service_name="reputation")
    relay.collection, relay.marks, relay.exchange = database["log"], database[MARKS], None
    relay.publisher = SimpleNamespace(publish=lambda message, **_: sent.append(message["payload"]["seqs"]))
    relay._handed, relay._stored, relay._upto = [], None, None
    return relay, sent


def stored(database) -> int:
    return database[MARKS].find_one({"_id": "log"})["seq"]


def add(database, *seqs) -> list[dict]:
    records = [{"_id": seq, "seq": seq} for seq in seqs]
    database["log"].insert_many(records)
    return records


def test_batches_that_continue_the_mark_raise_it_at_the_next_pass_only(service_db):
    database = service_db("outbox")
    relay, sent = relay_over(database)
    assert relay.publish_pending() == 0 and stored(database) == 0  # the first pass reads (and makes) the mark
    relay._publish(add(database, 1, 2))
    relay._publish(add(database, 3))
    assert stored(database) == 0  # not written per batch
    assert relay.publish_pending() == 0  # the pass writes 3, then finds nothing above it
    assert stored(database) == 3 and sent == [[1, 2], [3]]


def test_a_batch_after_records_nobody_published_leaves_the_mark_below_them(service_db):
    database = service_db("outbox")
    relay, sent = relay_over(database)
    relay.publish_pending()
    add(database, 1)  # another instance committed 1 and died before publishing it
    relay._publish(add(database, 2))
    assert stored(database) == 0
    assert relay.publish_pending() == 2  # the pass publishes 1 and 2 again (harmless)
    assert sent[-1] == [1, 2] and relay.publish_pending() == 0 and stored(database) == 2


def test_a_mark_that_went_back_is_not_raised_from_memory(service_db):
    database = service_db("outbox")
    relay, sent = relay_over(database)
    relay.publish_pending()
    relay._publish(add(database, 1, 2, 3))
    relay.publish_pending()
    assert stored(database) == 3
    database["log"].delete_many({"seq": {"$gt": 1}})  # restored: the log holds 1, the mark is clamped to it
    database[MARKS].update_one({"_id": "log"}, {"$set": {"seq": 1}})
    relay._publish(add(database, 2))  # the restored log's new 2 (the relay still believes 3 was published)
    assert relay.publish_pending() == 1 and sent[-1] == [2]  # forgot its prefix: the pass republished 2
    relay._publish(add(database, 3))
    relay.publish_pending()
    assert stored(database) == 3
