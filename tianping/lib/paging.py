"""Cursor paging, one way for every list the system serves.

A page is read by keyset: the query plus "after the last item seen" in one sort order, `limit + 1` documents
fetched to know whether more follow. The cursor is opaque to clients (base64 of the last item's sort values);
one that this API did not return is a 400, never a 500.
"""

import base64
import binascii
import json
from datetime import datetime

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


def _encode(values: list) -> str:
    tagged = [{"d": aware(v).isoformat()} if isinstance(v, datetime) else {"v": v} for v in values]
    return base64.urlsafe_b64encode(json.dumps(tagged, separators=(",", ":")).encode()).decode()


def _decode(cursor: str, size: int) -> list:
    try:
        tagged = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        values = [datetime.fromisoformat(t["d"]) if "d" in t else t["v"] for t in tagged]
    except (binascii.Error, ValueError, TypeError, KeyError, AttributeError, UnicodeError):
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
        query = {"$and": [query, _after(sort, _decode(cursor, len(sort)))]}
    docs = list(collection.find(query).sort(sort).limit(limit + 1))
    more, docs = len(docs) > limit, docs[:limit]
    return docs, (_encode([_value(docs[-1], field) for field, _ in sort]) if more and docs else None)


def _value(doc: dict, dotted: str):
    for part in dotted.split("."):
        doc = doc.get(part) if isinstance(doc, dict) else None
    return doc


def page_of(item_schema, name: str):
    """The output schema of one page of `item_schema` items: {items, next_cursor}."""
    return Schema.from_dict({"items": fields.List(fields.Nested(item_schema), required=True),
                             "next_cursor": fields.String(allow_none=True, required=True)}, name=name)
