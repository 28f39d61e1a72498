"""Batched writes for reactions that touch each subject's documents (a blacklisted merchant's open cases, a
suspended host's listings): find which of the subjects have matching documents with one query, then write only
theirs. A batch of fifty changes whose subjects have nothing here — the usual case — costs one read, not fifty
statements; on the embedded store each UpdateMany statement costs milliseconds even when it matches nothing."""

from pymongo import UpdateMany, UpdateOne
from pymongo.errors import BulkWriteError


def update_each(collection, field: str, items: list[tuple[str, object]], match: dict, update_for) -> int:
    """For each (subject, detail) in `items` whose subject has documents with `field` = subject and `match`, an
    UpdateMany with `update_for(detail)` — one statement for all subjects that share the same detail object (one
    cause) — in one bulk write. Returns the statements written."""
    if not items:
        return 0
    present = set(collection.distinct(field, {field: {"$in": sorted({s for s, _ in items})}, **match}))
    groups: dict[int, tuple[object, list[str]]] = {}  # subjects sharing one detail (one cause) share a statement
    for subject, detail in items:
        if subject in present:
            groups.setdefault(id(detail), (detail, []))[1].append(subject)
    writes = [UpdateMany({field: subjects[0] if len(subjects) == 1 else {"$in": subjects}, **match},
                         update_for(detail)) for detail, subjects in groups.values()]
    if writes:
        collection.bulk_write(writes, ordered=True)
    return len(writes)


def upsert_each(collection, items: dict, insert_doc, update_for) -> None:
    """Write one document per _id in `items` (_id -> detail): ids not stored yet are inserted with one insert_many
    of `insert_doc(_id, detail)` (None: nothing to insert), stored ones get one UpdateOne each of `update_for(_id,
    detail)` -> (filter beyond _id, update), in one bulk write. One read finds which are stored. On the embedded
    store a guarded upsert per _id (`{_id, seq: {$not: ...}}`) costs several milliseconds each; an insert_many of
    new documents costs a fraction of one. An insert that loses a race to another writer becomes an update."""
    if not items:
        return
    stored = {d["_id"] for d in collection.find({"_id": {"$in": list(items)}}, {"_id": 1})}
    fresh = {i: insert_doc(i, detail) for i, detail in items.items() if i not in stored}
    fresh = {i: doc for i, doc in fresh.items() if doc is not None}
    if fresh:
        docs = list(fresh.values())
        try:
            collection.insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                raise
            stored |= {docs[e["index"]]["_id"] for e in exc.details["writeErrors"]}
    updates = []
    for i in (i for i in items if i in stored):
        guard, update = update_for(i, items[i])
        updates.append(UpdateOne({"_id": i, **guard}, update))
    if updates:
        collection.bulk_write(updates, ordered=False)
