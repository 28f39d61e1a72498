"""A lexicon version's body is stored in parts (the store refuses a document over 16 MB; a 100,000-term lexicon is
about 20 MB): cut under 4 MB each, read back exactly, a version with a part missing refused, a body stored whole
before parts still read, and the compiled lexicon still built once per version."""

import copy
import random

import bson
import pytest

from services.listing import lexicon_parts, models, repository, vocabulary
from services.listing.usecases import lexicons
from services.listing.usecases.lexicons import DEFAULT
from tests.listing.usecases import Listings, product
from tianping.lib.errors import ServiceUnavailable

STORE_LIMIT = 16 * 1024 * 1024
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


@pytest.fixture
def desk(replica_for):
    return Listings(replica_for("listing"))


def large_body(size: int) -> dict:
    """The bench's lexicon shape: the default plus `size` generated absolute-claim terms (over 16 MB at 100,000)."""
    rng = random.Random(7)
    body = copy.deepcopy({k: v for k, v in DEFAULT.items() if k != "version"})
    words = sorted({"".join(rng.choice(CJK) for _ in range(rng.randint(3, 5))) for _ in range(size)})
    body["terms"] += [{"term": w, "kind": "absolute_claim", "rule_ids": ["R-LST-22"]} for w in words]
    body["contexts"] = {**body["contexts"], **{f"ctx-{i}": [w] for i, w in enumerate(words[:20000])}}
    return body


def stored_parts(version: str) -> list[dict]:
    return list(models.LexiconPart._get_collection().find({"version": version}, sort=[("n", 1)]))


def test_split_and_join_give_back_the_body_exactly_with_every_part_under_the_bound():
    for body in ({}, {"a": [], "b": {}, "c": None, "d": 1, "e": [None, 0, ""]}, DEFAULT, large_body(1_000)):
        parts = lexicon_parts.split(body, limit=64 * 1024)
        assert lexicon_parts.join(parts) == body
        assert list(lexicon_parts.join(parts)) == list(body)  # the key order too
        assert all(len(bson.encode({"part": part})) <= 64 * 1024 for part in parts)
    assert len(lexicon_parts.split(DEFAULT)) == 1


def test_a_body_over_16_mb_is_stored_in_parts_under_4_mb_and_read_back_exactly(desk):
    body = large_body(100_000)
    version = desk.publish_lexicon(body, "rev-1")["version"]
    parts = stored_parts(version)
    assert len(parts) >= 5 and [p["n"] for p in parts] == list(range(len(parts)))
    assert all(p["of"] == len(parts) and len(bson.encode(p)) <= lexicon_parts.PART_BYTES for p in parts)
    stored = repository.lexicon_body(version)
    assert len(bson.encode(stored)) > STORE_LIMIT  # as one document the store would refuse it
    assert stored == lexicons.schemas.LexiconIn().load(body) | {"version": version}  # as published (defaults filled)
    assert stored["terms"][-1]["term"] == body["terms"][-1]["term"] and len(stored["terms"]) == len(body["terms"])
    assert desk.check(product(description=f"这是{body['terms'][-1]['term']}的好货"))["lexicon_version"] == version


def test_a_small_body_is_one_part_and_read_back_exactly(desk):
    body = {k: v for k, v in DEFAULT.items() if k != "version"}
    version = desk.publish_lexicon(body, "rev-1")["version"]
    assert len(stored_parts(version)) == 1
    assert repository.lexicon_body(version) == lexicons.schemas.LexiconIn().load(body) | {"version": version}
    assert desk.lexicon()["version"] == version and desk.lexicon()["terms"] == len(vocabulary.terms_of(DEFAULT))
    raw = {**DEFAULT, "version": "20260101T000000.000000Z-raw", "empty": [], "nothing": {}, "none": None}
    repository.insert_lexicon(models.Lexicon(version=raw["version"], terms=0, created_by="rev-1"), raw)
    assert repository.lexicon_body(raw["version"]) == raw and list(repository.lexicon_body(raw["version"])) == list(raw)


def test_a_version_with_a_part_missing_is_refused_and_never_compiled(desk):
    body = large_body(30_000)  # two parts: as refused as the 100,000-term body's five, at a third of its cost
    version = desk.publish_lexicon(body, "rev-1")["version"]
    assert len(stored_parts(version)) >= 2
    last = stored_parts(version)[-1]
    models.LexiconPart._get_collection().delete_one({"_id": last["_id"]})
    lexicons._compiled.clear()
    with pytest.raises(ServiceUnavailable, match=f"{last['n']} of its {last['of']} parts"):
        repository.lexicon_body(version)
    with pytest.raises(ServiceUnavailable):
        desk.check(product(description="史上最低价"))
    assert version not in lexicons._compiled
    models.LexiconPart._get_collection().delete_one({"_id": f"{version}:0"})  # a gap at the start too
    models.LexiconPart._get_collection().insert_one(last)
    with pytest.raises(ServiceUnavailable):
        repository.lexicon_body(version)


def test_a_body_stored_whole_before_parts_is_still_read(desk):
    body = {**DEFAULT, "version": "20260101T000000.000000Z-old"}
    models.LexiconPart._get_collection().insert_one({"_id": body["version"], "body": body})
    models.Lexicon(version=body["version"], terms=len(body["terms"]), created_by="old").save(force_insert=True)
    assert repository.lexicon_body(body["version"]) == body
    assert desk.check(product(description="史上最低价"))["lexicon_version"] == body["version"]


def test_the_compiled_lexicon_is_read_once_per_version(desk, monkeypatch):
    version = desk.publish_lexicon({k: v for k, v in DEFAULT.items() if k != "version"}, "rev-1")["version"]
    reads = []
    monkeypatch.setattr(repository, "lexicon_body", lambda v, read=repository.lexicon_body: reads.append(v) or read(v))
    lexicons._compiled.clear()
    for _ in range(3):
        assert desk.check(product(description="史上最低价"))["lexicon_version"] == version
    assert reads == [version]
