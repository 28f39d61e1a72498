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

from pymongo.collection import Collection


def update_and_read(collection: Collection, filter_: dict, update: dict, *, projection=None, upsert: bool = False,
                    before: bool = False) -> dict | None:
    """find_one_and_update(filter_, update, projection, upsert, return_document=AFTER, or BEFORE with `before`):
    the document after the update (None if nothing matched and nothing was upserted), or the document before it
    (None if none matched — an upsert's new document included). `filter_` names one `_id`; its other fields guard
    the write as findAndModify's query does. A duplicate key on the upsert is raised as findAndModify raises it."""
    if "_id" not in filter_ or isinstance(filter_["_id"], dict):
        raise ValueError("update_and_read writes one document named by its _id")
    with collection.database.client.start_session() as session:
        return session.with_transaction(lambda s: _write_and_read(collection, filter_, update, projection, upsert,
                                                                  before, s))


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
