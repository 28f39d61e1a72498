"""Batched writes for reactions and replicas: many subjects' documents written in one round trip (a blacklisted
merchant's open cases, a suspended host's listings, a replica's entries), in shapes the embedded store answers
through its indexes."""

import time

from pymongo import InsertOne, UpdateMany, UpdateOne
from pymongo.errors import BulkWriteError, ClientBulkWriteException, InvalidOperation

from tianping.infra.together import lacks_client_bulk_write

# Measured on the embedded store: an UpdateMany statement with an equality and a `status $in` filter costs about
# 2 ms even when it matches nothing, whatever the collection's size; a `distinct` with `field $in [subjects]` is a
# scan costing about 3.5 µs per stored document (it does not use the index for $in). Below this many documents one
# presence read and statements only for subjects that have documents is cheaper; above it, a statement per subject.
SCAN_CHEAPER_BELOW = 20_000
# Measured again on the embedded store (10-minute load, listing's store at 6 ms CPU per request, three quarters of it
# in these scans): the presence read costs ~25 µs of store CPU per stored document for one subject (~60 µs for ten;
# listings' documents are larger and the `$or` of two `$in` compares each with every subject) — 25 ms at 1,000
# listings, 560 ms at 20,000 — against ~0.6 ms per equality statement in one bulk write. So the read is made only
# where it scans fewer documents than this many per statement it could save; otherwise every statement goes.
SCAN_DOCUMENTS_PER_STATEMENT = 20
# New documents written with a following statement in one client-level bulkWrite; more go in an insert_many first
# (upsert_each_then: the embedded store runs a bulkWrite statement by statement).
ONE_ROUND_TRIP_UP_TO = 1
PRESENCE_READ_SUBJECTS = 100  # the scan compares each document with every subject: more are read in chunks this big
_sizes: dict = {}  # collection full name -> (documents, monotonic time read)


def update_each(collection, field: str, items: list[tuple[str, object]], match: dict, update_for,
                match_for=None) -> int:
    """For each (subject, detail) in `items`, an UpdateMany of the documents with `field` = subject and `match`, with
    `update_for(detail)`, all in one bulk write, in order. On a small collection one read first finds which subjects
    have matching documents and only theirs get a statement (usually none: a blacklisted merchant rarely has open
    cases); on a large one that read would scan, so every subject gets its equality statement, which the index
    answers. `match_for(detail)`: what a statement matches beyond `match` (the presence read uses `match` alone).
    Returns the statements sent."""
    if not items:
        return 0
    subjects = {s for s, _ in items}
    if _scan_cheaper(collection, len(subjects)):
        subjects = _present(collection, field, sorted(subjects), match)
    seen, writes = set(), []
    for subject, detail in items:
        if subject in subjects and (subject, id(detail)) not in seen:
            seen.add((subject, id(detail)))
            writes.append(UpdateMany({field: subject, **match, **(match_for(detail) if match_for else {})},
                                     update_for(detail)))
    if writes:
        collection.bulk_write(writes, ordered=True)
    return len(writes)


def update_each_of(collection, fields: tuple[str, ...], items: list[tuple[str, object]], match: dict, update_for,
                   match_for=None) -> int:
    """`update_each` for subjects that may stand in any of several fields (a listing's operator and its host): on a
    small collection one presence read answers every field (an `$or` of their `$in`, grouped in the store: the same
    scan as a `distinct` per field, one round trip instead of one per field), and the statements of every field go
    in one bulk write, field after field (was a read and a write per field). Returns the statements sent."""
    if not items:
        return 0
    subjects = sorted({s for s, _ in items})
    if _scan_cheaper(collection, len(subjects) * len(fields)):
        present = _present_in_fields(collection, fields, subjects, match)
    else:
        present = {field: set(subjects) for field in fields}
    writes = []
    for field in fields:
        seen = set()
        for subject, detail in items:
            if subject in present[field] and (subject, id(detail)) not in seen:
                seen.add((subject, id(detail)))
                writes.append(UpdateMany({field: subject, **match, **(match_for(detail) if match_for else {})},
                                         update_for(detail)))
    if writes:
        collection.bulk_write(writes, ordered=True)
    return len(writes)


def _present_in_fields(collection, fields: tuple[str, ...], subjects: list[str], match: dict) -> dict[str, set]:
    found: dict[str, set] = {field: set() for field in fields}
    for start in range(0, len(subjects), PRESENCE_READ_SUBJECTS):
        chunk = subjects[start:start + PRESENCE_READ_SUBJECTS]
        for group in collection.aggregate([
                {"$match": {"$or": [{field: {"$in": chunk}} for field in fields], **match}},
                {"$group": {"_id": None, **{f"f{i}": {"$addToSet": f"${field}"} for i, field in enumerate(fields)}}}]):
            for i, field in enumerate(fields):
                found[field] |= set(group.get(f"f{i}") or ()) & set(chunk)
    return found


def _present(collection, field: str, subjects: list[str], match: dict) -> set:
    """The subjects that have matching documents: one presence read per PRESENCE_READ_SUBJECTS. A replica behind the
    authority applies runs of hundreds of changes; a statement per subject then (about 2 ms each on the embedded
    store, matching nothing) made each run slower the further behind it was — dispute's replica 10-20 s behind at
    100 changes/s, its case update taking 4-7 s per run of 500."""
    found: set = set()
    for start in range(0, len(subjects), PRESENCE_READ_SUBJECTS):
        chunk = subjects[start:start + PRESENCE_READ_SUBJECTS]
        found |= set(collection.distinct(field, {field: {"$in": chunk}, **match}))
    return found


def _scan_cheaper(collection, statements: int) -> bool:
    """Is one presence read (a scan of the collection) cheaper than `statements` equality statements?"""
    return _documents(collection) < min(SCAN_CHEAPER_BELOW, SCAN_DOCUMENTS_PER_STATEMENT * statements)


def _documents(collection, every_seconds: float = 10.0) -> int:
    name = collection.full_name
    known = _sizes.get(name)
    if known is None or time.monotonic() - known[1] > every_seconds:
        known = _sizes[name] = (collection.estimated_document_count(), time.monotonic())
    return known[0]


def upsert_each(collection, items: dict, insert_doc, update_for) -> None:
    """Write one document per _id in `items` (_id -> detail). Optimistic: every id with an `insert_doc(_id, detail)`
    (None: nothing to insert) is inserted with one unordered insert_many; the ids already stored fail on the
    duplicate key and, with those that had nothing to insert, get one UpdateOne each of `update_for(_id, detail)` ->
    (filter beyond _id, update) in one bulk write. A blacklisting usually names a subject the replica has not seen:
    one round trip. On the embedded store a guarded upsert per _id (`{_id, seq: {$not: ...}}`) costs several
    milliseconds each; an insert_many of new documents a fraction of one."""
    if not items:
        return
    fresh = {i: insert_doc(i, detail) for i, detail in items.items()}
    stored = {i for i, doc in fresh.items() if doc is None} | _insert_new(collection, [d for d in fresh.values() if d])
    updates = [UpdateOne({"_id": i, **guard}, update) for i in items if i in stored
               for guard, update in [update_for(i, items[i])]]
    if updates:
        collection.bulk_write(updates, ordered=False)


def upsert_each_then(collection, items: dict, insert_doc, update_for, last: tuple) -> bool:
    """`upsert_each`, then `last` = (collection, filter, update): one conditional UpdateOne written after every
    document (a replica's cursor move). Returns whether `last` modified its document.

    One new document (a blacklisting usually names a subject the replica has not seen; alone, a run is one change)
    goes with `last` in one ordered client-level bulkWrite across the two collections: one round trip, and `last`
    runs only if the insert before it succeeded. More new documents go in one insert_many, then `last` (with the
    updates of the ids already stored, in one ordered bulkWrite): the embedded store runs a bulkWrite as one
    single-document command per statement, so six new entries and a cursor move cost it 3.4-4.4 ms of CPU in one
    bulkWrite against 2.4-2.9 ms as an insert_many and an update (issue 30; five replicas apply a run each per
    commit). An id already stored stops the one-round-trip write at its duplicate key, and is updated the same way."""
    try:
        return _upsert_each_then(collection, items, insert_doc, update_for, last)
    except InvalidOperation as exc:  # a server before MongoDB 8.0 has no client-level bulkWrite: the writes apart
        if not lacks_client_bulk_write(exc):
            raise
        upsert_each(collection, items, insert_doc, update_for)
        return last[0].update_one(last[1], last[2]).modified_count == 1


def _upsert_each_then(collection, items: dict, insert_doc, update_for, last: tuple) -> bool:
    client, namespace = collection.database.client, collection.full_name
    then = UpdateOne(last[1], last[2], namespace=last[0].full_name)
    fresh = {i: insert_doc(i, detail) for i, detail in items.items()}
    docs = [doc for doc in fresh.values() if doc is not None]
    stored = {i for i, doc in fresh.items() if doc is None}
    if not stored and len(docs) <= ONE_ROUND_TRIP_UP_TO:
        try:
            return client.bulk_write([InsertOne(doc, namespace=namespace) for doc in docs] + [then]).modified_count == 1
        except ClientBulkWriteException as exc:
            failed = _first_duplicate(exc)
            stored.add(docs[failed]["_id"])
            docs = docs[failed + 1:]
    stored |= _insert_new(collection, docs)
    updates = [UpdateOne({"_id": i, **guard}, update, namespace=namespace) for i in items if i in stored
               for guard, update in [update_for(i, items[i])]]
    if not updates:
        return last[0].update_one(last[1], last[2]).modified_count == 1
    answer = client.bulk_write(updates + [then], verbose_results=True)
    return answer.update_results[len(updates)].modified_count == 1


def _insert_new(collection, docs: list[dict]) -> set:
    """Insert `docs` unordered; the ids that were stored already (their duplicate keys)."""
    if not docs:
        return set()
    try:
        collection.insert_many(docs, ordered=False)
    except BulkWriteError as exc:
        if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
            raise
        return {docs[e["index"]]["_id"] for e in exc.details["writeErrors"]}
    return set()


def _first_duplicate(exc: ClientBulkWriteException) -> int:
    """The index of the insert an ordered client bulkWrite stopped at on a duplicate key; any other error raised."""
    errors = exc.write_errors or []
    if exc.error is not None or exc.write_concern_errors or len(errors) != 1 or errors[0].get("code") != 11000:
        raise exc
    return errors[0]["idx"]
