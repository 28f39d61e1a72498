"""Cursor paging, one way for every list the system serves.

A page is read by keyset: the query plus "after the last item seen" in one sort order, `limit + 1` documents
fetched to know whether more follow. The cursor is opaque to clients: the last item's sort values as typed tokens
joined by "~" (t<microseconds since the epoch>, i<integer>, s<id>, n for none). Each list declares its cursor's
pattern (cursor_query), which admits exactly the cursors it can read: one that does not match is a 400 naming
`cursor`, and one that matches is never refused.
"""

import re
from datetime import UTC, datetime, timedelta

from marshmallow import Schema

from tianping.lib import fields
from tianping.lib.clock import aware
from tianping.lib.errors import ValidationFailed

DEFAULT_LIMIT, MAX_LIMIT = 50, 200


def clamp(limit, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT) -> int:
    try:
        return max(1, min(int(limit or default), maximum))
    except (TypeError, ValueError):
        raise ValidationFailed("limit must be a whole number", {"limit": ["not a number"]}) from None


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# One token per kind of sort value; a sort field that may be missing also takes "n".
TOKEN = {"time": r"(t[0-9]{1,17}|n)", "int": r"i-?[0-9]{1,18}", "id": r"s[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}"}


def cursor_query(*kinds: str) -> dict:
    """The query parameter of a list sorted by values of `kinds` ("time", "int", "id"), as routes declare it."""
    return {"type": "string", "maxLength": 300, "pattern": "^" + "~".join(TOKEN[kind] for kind in kinds) + "$",
            "description": "opaque: the next_cursor of the previous page"}


def _token(value) -> str:
    if value is None:
        return "n"
    if isinstance(value, datetime):
        return f"t{(aware(value) - EPOCH) // timedelta(microseconds=1)}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"i{value}"
    return f"s{value}"


def _value_of(token: str):
    kind, text = token[:1], token[1:]
    if kind == "n" and not text:
        return None
    if kind == "t" and re.fullmatch(r"[0-9]{1,17}", text):
        return (EPOCH + timedelta(microseconds=int(text))).replace(tzinfo=None)  # the store holds naive UTC
    if kind == "i" and re.fullmatch(r"-?[0-9]{1,18}", text):
        return int(text)
    if kind == "s" and text:
        return text
    raise ValueError(token)


def _encode(values: list) -> str:
    return "~".join(_token(v) for v in values)


def _decode(cursor: str, size: int) -> list:
    try:
        values = [_value_of(token) for token in cursor.split("~")]
    except ValueError:
        raise ValidationFailed("cursor is not one this API returned", {"cursor": ["invalid"]}) from None
    if len(values) != size:
        raise ValidationFailed("cursor is not one this API returned", {"cursor": ["invalid"]})
    return values


def _after(sort: list[tuple[str, int]], values: list) -> dict:
    """Documents strictly after `values` in `sort` order (keyset condition)."""
    branches = []
    for i, (field, direction) in enumerate(sort):
        branch = {f: v for (f, _), v in zip(sort[:i], values[:i], strict=True)}
        branch[field] = {"$gt" if direction > 0 else "$lt": values[i]}
        branches.append(branch)
    return {"$or": branches}


def page(collection, query: dict, sort: list[tuple[str, int]], cursor: str | None, limit: int) -> tuple[list, str | None]:
    """(documents, next_cursor) of one page of `collection` (a pymongo collection); the last sort field must be
    unique (e.g. _id) so no item is skipped or repeated."""
    if cursor:
        values = _decode(cursor, len(sort))
        if _keyed(query, sort, values):
            docs = _after_keyed(collection, query, sort, values, limit)
        else:
            docs = list(collection.find({"$and": [query, _after(sort, values)]}).sort(sort).limit(limit + 1))
    else:
        docs = list(collection.find(query).sort(sort).limit(limit + 1))
    more, docs = len(docs) > limit, docs[:limit]
    return docs, (_encode([_value(docs[-1], field) for field, _ in sort]) if more and docs else None)


def _keyed(query: dict, sort: list[tuple[str, int]], values: list) -> bool:
    """A (field, _id) order in one direction after a cursor whose field has a value, on a query of equalities that
    does not name the field: read as ties then a range (below), which the embedded store plans on the query's index
    — a top-level $and with an $or it scans whole (measured: page 2 of a queue examined every document)."""
    return (len(sort) == 2 and sort[1][0] == "_id" and sort[0][1] == sort[1][1] and values[0] is not None
            and sort[0][0] not in query and all(not k.startswith("$") for k in query))


def _after_keyed(collection, query: dict, sort: list[tuple[str, int]], values: list, limit: int) -> list:
    (field, direction), (at, last_id) = sort[0], values
    ties = collection.find({**query, field: at}).sort(sort)
    docs = [d for d in ties if (d["_id"] > last_id if direction > 0 else d["_id"] < last_id)][:limit + 1]
    if len(docs) <= limit:
        beyond = {**query, field: {"$gt" if direction > 0 else "$lt": at}}
        docs += list(collection.find(beyond).sort(sort).limit(limit + 1 - len(docs)))
    return docs


def _value(doc: dict, dotted: str):
    for part in dotted.split("."):
        doc = doc.get(part) if isinstance(doc, dict) else None
    return doc


def page_of(item_schema, name: str):
    """The output schema of one page of `item_schema` items: {items, next_cursor}."""
    return Schema.from_dict({"items": fields.List(fields.Nested(item_schema), required=True),
                             "next_cursor": fields.String(allow_none=True, required=True)}, name=name)


def latest_first(collection, query: dict, field: str, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """(documents, next_cursor) of one page newest first by (`field`, _id), in flat queries an index on the query's
    equalities then `field` serves (the embedded store scans a top-level $and or $or): a range on `field` below
    the cursor's value, after the cursor's ties read by equalities only (an `_id` range beside them would be a scan
    there; the ties are filtered here). `query` may bound `field` itself."""
    sort = [(field, -1), ("_id", -1)]
    docs, bound = [], dict(query.get(field) or {})
    if cursor:
        at, last_id = _decode(cursor, 2)
        ties = collection.find({**query, field: at}).sort(sort)
        docs = [d for d in ties if d["_id"] < last_id][:limit + 1]
        bound["$lt"] = at
    if len(docs) <= limit:
        ranged = {**query, field: bound} if bound else query
        docs += list(collection.find(ranged).sort(sort).limit(limit + 1 - len(docs)))
    more, docs = len(docs) > limit, docs[:limit]
    return docs, (_encode([docs[-1][field], docs[-1]["_id"]]) if more and docs else None)


QueueSummary = Schema.from_dict({"waiting": fields.Integer(required=True),
                                 "oldest_waiting_since": fields.DateTime(allow_none=True, required=True)},
                                name="QueueSummary")


def queue_summary(collection, query: dict, since: str) -> tuple[int, datetime | None]:
    """(how many documents match `query`, the earliest `since` among them) in one aggregation that answers two
    numbers, where a first page would carry fifty whole documents through the store, the service and the gateway
    (a home page or a dashboard asks how much waits, not what)."""
    answer = list(collection.aggregate([{"$match": query},
                                        {"$group": {"_id": None, "n": {"$sum": 1}, "oldest": {"$min": f"${since}"}}}]))
    return (answer[0]["n"], answer[0]["oldest"]) if answer else (0, None)


def soonest_first(collection, queries: list[dict], field: str, bound, cursor: str | None,
                  limit: int) -> tuple[list, str | None]:
    """(documents, next_cursor) of one page of the union of `queries` (each a flat query of equalities) whose `field`
    is at most `bound`, soonest first by (`field`, _id): per query a range on `field` after the cursor, which an
    index on the query's equalities then `field` serves (the embedded store scans an $in or $or), merged here."""
    sort = [(field, 1), ("_id", 1)]
    docs, at = [], None
    if cursor:
        at, last_id = _decode(cursor, 2)
        docs = [d for query in queries for d in collection.find({**query, field: at}).sort(sort) if d["_id"] > last_id]
    for query in queries:
        ranged = {"$lte": bound, **({"$gt": at} if at is not None else {})}
        docs += list(collection.find({**query, field: ranged}).sort(sort).limit(limit + 1))
    docs = sorted(docs, key=lambda d: (aware(d[field]), d["_id"]))
    more, docs = len(docs) > limit, docs[:limit]
    return docs, (_encode([docs[-1][field], docs[-1]["_id"]]) if more and docs else None)
