"""find_one_and_update's answer without its scan on the embedded store.

SecantusDB's findAndModify finds its document, then writes it under `{_id, $and: [query]}` (the query re-asserted so
a concurrent change is not overwritten), and its write path plans no filter with a top-level operator through an
index: every findAndModify examines the whole collection, whatever its query. Measured: 20 ms at 1,000 documents and
340 ms at 20,000 for one `{_id, status}` move, which in a 10-minute load made after-sale's request moves grow from
62 to 197 ms each. An update_one whose filter names the `_id` is a point lookup there (its other fields are matched
on the one document), and so is a find_one by `_id`: both in one transaction answer exactly the document
findAndModify would — as this write left it, or as it was just before — in three round trips (about 6 ms) at any
size. (MongoDB answers both ways through the `_id` index; the platform's stores run as replica sets, which
transactions need, as the blacklist authority's already do.)
"""

import random
import time

from pymongo.collection import Collection
from pymongo.errors import PyMongoError

from tianping.lib.errors import ServiceUnavailable

ATTEMPTS = 6  # writers meeting on one document: each conflict costs an attempt, with a growing random pause
PAUSE_SECONDS = 0.004  # the first pause's upper bound, doubled each attempt (~0.25 s in all at most)


def update_and_read(collection: Collection, filter_: dict, update: dict, *, projection=None, upsert: bool = False,
                    before: bool = False) -> dict | None:
    """find_one_and_update(filter_, update, projection, upsert, return_document=AFTER, or BEFORE with `before`):
    the document after the update (None if nothing matched and nothing was upserted), or the document before it
    (None if none matched — an upsert's new document included). `filter_` names one `_id`; its other fields guard
    the write as findAndModify's query does. A duplicate key on the upsert is raised as findAndModify raises it.

    A write conflict (two transactions on one document) is tried again ATTEMPTS times after a random pause, then
    answered ServiceUnavailable (retry later), never with pymongo's `with_transaction`, which retries a conflict at
    once for up to 120 s: in a 30-minute soak one buyer's orders all meeting on the pair's day counter held every
    after-sale worker in that loop, and 4,199 orders timed out."""
    if "_id" not in filter_ or isinstance(filter_["_id"], dict):
        raise ValueError("update_and_read writes one document named by its _id")
    client = collection.database.client
    for attempt in range(ATTEMPTS):
        with client.start_session() as session:
            session.start_transaction()
            try:
                doc = _write_and_read(collection, filter_, update, projection, upsert, before, session)
                _commit(session)
                return doc
            except PyMongoError as exc:
                _abort(session)
                if not exc.has_error_label("TransientTransactionError"):
                    raise
        time.sleep(random.uniform(0, PAUSE_SECONDS * 2 ** attempt))  # eventlet's, in the services
    raise ServiceUnavailable(f"{collection.name} {filter_['_id']}: busy with concurrent writes; try again",
                             {"_id": ["write conflict"]})


def _commit(session) -> None:
    """Commit; a commit whose outcome is unknown is committed again (idempotent), never the body run twice."""
    for attempt in range(3):
        try:
            session.commit_transaction()
            return
        except PyMongoError as exc:
            if not exc.has_error_label("UnknownTransactionCommitResult") or attempt == 2:
                raise


def _abort(session) -> None:
    if session.in_transaction:
        try:
            session.abort_transaction()
        except PyMongoError:
            pass  # the server ends it itself


def _write_and_read(collection, filter_, update, projection, upsert, before, session) -> dict | None:
    by_id = {"_id": filter_["_id"]}
    if before:
        doc = collection.find_one(by_id, projection, session=session)
        result = collection.update_one(filter_, update, upsert=upsert, session=session)
        return doc if result.matched_count else None
    result = collection.update_one(filter_, update, upsert=upsert, session=session)
    if not result.matched_count and result.upserted_id is None:
        return None
    return collection.find_one(by_id, projection, session=session)
