"""A lexicon version's body cut into parts of bounded encoded size, and put back together exactly.

A 100,000-term body encodes to about 20 MB, over the store's 16 MB document limit, so a version's body is kept as
parts (one document each, `repository.insert_lexicon`). Each part is a list of entries, in the body's key order:
`{"k": key, "list": [...]}` a slice of a list section, `{"k": key, "dict": {...}}` a slice of a mapping section,
`{"k": key, "v": value}` any other value whole. A list or mapping is sliced between its items, never inside one; an
item bigger than PART_BYTES alone makes a part of its own (the store refuses it only past 16 MB)."""

import bson

PART_BYTES = 4 * 1024 * 1024  # a part's encoded size, well under the store's 16 MB document limit
_ENTRY_BYTES = 64              # an entry's own keys and framing, counted once per entry opened
_EMPTY = object()              # the piece of an empty list or mapping: the entry, no item


def _size(value) -> int:
    """Encoded bytes of `value` as one element (key and framing over-counted by a few bytes: a safe bound)."""
    return len(bson.encode({"_": value})) + 8


def _pieces(body: dict):
    """(key, shape, item) for every item of every section; an empty list or mapping is one piece with no item."""
    for key, value in body.items():
        if isinstance(value, list):
            yield from ((key, "list", item) for item in value) if value else [(key, "list", _EMPTY)]
        elif isinstance(value, dict):
            yield from ((key, "dict", item) for item in value.items()) if value else [(key, "dict", _EMPTY)]
        else:
            yield key, "v", value


def _entry(key: str, shape: str) -> dict:
    return {"k": key, shape: [] if shape == "list" else {} if shape == "dict" else None}


def split(body: dict, limit: int = PART_BYTES) -> list[list[dict]]:
    """The body's parts, in order; each encodes to at most `limit` bytes unless one item alone is bigger."""
    parts, part, used = [], [], 0
    for key, shape, item in _pieces(body):
        size = (0 if item is _EMPTY else _size(item)) + _ENTRY_BYTES
        if part and used + size > limit:
            parts.append(part)
            part, used = [], 0
        if not part or part[-1]["k"] != key or shape not in part[-1]:
            part.append(_entry(key, shape))
        else:
            size -= _ENTRY_BYTES
        used += size
        if item is _EMPTY:
            continue
        if shape == "list":
            part[-1]["list"].append(item)
        elif shape == "dict":
            part[-1]["dict"][item[0]] = item[1]
        else:
            part[-1]["v"] = item
    return [*parts, part] if part else parts


def join(parts: list[list[dict]]) -> dict:
    """The body `split` cut into `parts`, in its key order."""
    body: dict = {}
    for part in parts:
        for entry in part:
            if "list" in entry:
                body.setdefault(entry["k"], []).extend(entry["list"])
            elif "dict" in entry:
                body.setdefault(entry["k"], {}).update(entry["dict"])
            else:
                body[entry["k"]] = entry["v"]
    return body
