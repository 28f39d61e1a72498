"""A published lexicon is built beside the reviews (issue 25: at 100,000 terms the build took ~7 s on the first review
after a publish, over the gateway's 5 s RPC timeout). In the service's background mode a review never builds a
version nor waits for one: the version built before serves — and is the one the review records — until the new one
is ready; the build pauses every few hundred terms so reviews run in between; the re-check of live listings waits for
the version it re-checks under; a build that fails leaves the old version serving. In line mode (tests, scripts) the
first review builds, as before."""

import copy
import random
from types import SimpleNamespace

import eventlet
import pytest

from services.listing import rules
from services.listing.usecases import Context, lexicons
from services.listing.usecases.lexicons import DEFAULT

CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
NEW = "20270126T000000.000000Z-rev"


def body_with(size: int) -> dict:
    rng = random.Random(11)
    body = copy.deepcopy(DEFAULT)
    words = sorted({"".join(rng.choice(CJK) for _ in range(rng.randint(3, 5))) for _ in range(size)})
    body["terms"] += [{"term": w, "kind": "absolute_claim", "rule_ids": ["R-LST-22"]} for w in words]
    return {**body, "version": NEW}


class Store:
    """The two reads the lexicon use case makes: the version in force and a version's body."""

    def __init__(self):
        self.version, self.bodies = None, {}

    def latest_lexicon_version(self):
        return self.version

    def lexicon_body(self, version, pause=None):
        if version not in self.bodies:
            raise LookupError(version)
        return self.bodies[version]


@pytest.fixture
def background(monkeypatch):
    monkeypatch.setattr(lexicons, "_compiled", {})
    monkeypatch.setattr(lexicons, "_building", {})
    monkeypatch.setattr(lexicons, "_failed", {})
    monkeypatch.setattr(lexicons, "_mode", {"background": False})
    monkeypatch.setattr(lexicons, "_in_force", {})
    monkeypatch.setattr(lexicons, "VERSION_TTL_S", 0)  # here every review asks the store (the cache: its own test)
    store = Store()
    lexicons.warm(SimpleNamespace(latest_lexicon_version=store.latest_lexicon_version,
                                  lexicon_body=store.lexicon_body))
    assert lexicons._mode["background"] and list(lexicons._compiled) == [DEFAULT["version"]]
    return store, Context(store)


def test_reviews_go_on_with_the_version_before_while_a_new_one_is_built(background):
    store, ctx = background
    store.bodies[NEW], store.version = body_with(20_000), NEW
    lexicons.prepare(ctx, NEW)  # what publish does once the version is stored
    served = []
    while NEW in lexicons._building:  # reviews keep coming while the build runs
        served.append(lexicons.compiled(ctx).version)
        eventlet.sleep(0)
    assert served and set(served) == {DEFAULT["version"]}, "a review waited for the build or used a half-built one"
    assert len(served) > 5, "the build did not pause for the reviews"
    assert lexicons.compiled(ctx).version == NEW and list(lexicons._compiled) == [NEW]
    found = rules.review({"kind": "product", "title": "衬衫", "description": "史上最低价", "price": "1",
                          "shipping_fee": "0", "source": "自产"}, lexicons.compiled(ctx), {})
    assert any(f.kind == "absolute_claim" for f in found)


def test_a_review_that_learns_of_a_new_version_starts_its_build_and_is_not_held(background):
    store, ctx = background
    store.bodies[NEW], store.version = body_with(2_000), NEW  # published by another process
    assert lexicons.compiled(ctx).version == DEFAULT["version"]
    assert NEW in lexicons._building
    assert lexicons.compiled(ctx, wait=True).version == NEW  # a re-check batch waits for its version
    assert not lexicons._building


def test_a_build_that_fails_leaves_the_version_before_serving(background):
    store, ctx = background
    store.version = "20270126T000000.000000Z-broken"  # its body cannot be read
    assert lexicons.compiled(ctx).version == DEFAULT["version"]
    while lexicons._building:
        eventlet.sleep(0)
    assert lexicons.compiled(ctx).version == DEFAULT["version"]
    assert not lexicons._building, "a failed build is not started again by every review"


def test_in_line_mode_the_first_review_builds_the_version_in_force(monkeypatch):
    monkeypatch.setattr(lexicons, "_compiled", {})
    monkeypatch.setattr(lexicons, "_mode", {"background": False})
    monkeypatch.setattr(lexicons, "_in_force", {})
    monkeypatch.setattr(lexicons, "VERSION_TTL_S", 0)  # here every review asks the store (the cache: its own test)
    store = Store()
    store.bodies[NEW], store.version = body_with(100), NEW
    assert lexicons.compiled(Context(store)).version == NEW


def test_the_version_in_force_is_read_at_most_once_per_ttl_and_a_publication_here_is_seen_at_once(background,
                                                                                                  monkeypatch):
    store, ctx = background
    monkeypatch.setattr(lexicons, "VERSION_TTL_S", 3600)
    asked = []
    monkeypatch.setattr(store, "latest_lexicon_version", lambda: asked.append(1) or store.version)
    lexicons._in_force.clear()
    for _ in range(3):
        assert lexicons.compiled(ctx).version == DEFAULT["version"]
    assert len(asked) == 1  # one read for three reviews
    store.bodies[NEW], store.version = body_with(50), NEW  # published by another instance
    assert lexicons.compiled(ctx).version == DEFAULT["version"] and NEW not in lexicons._building  # not yet seen
    assert lexicons.compiled(ctx, wait=True).version == NEW  # a re-check or dry run always asks the store
    monkeypatch.setattr(lexicons, "VERSION_TTL_S", 0)  # the TTL ran out
    assert lexicons.compiled(ctx).version == NEW
    monkeypatch.setattr(lexicons, "VERSION_TTL_S", 3600)
    saved = []
    ctx.repo.insert_lexicon = lambda lexicon, body: saved.append(body)  # noqa: ARG005
    newer = lexicons.publish(ctx, {k: v for k, v in DEFAULT.items() if k != "version"}, "rev-2")["version"]
    store.bodies[newer], store.version = {**DEFAULT, "version": newer}, newer
    before = len(asked)
    lexicons.compiled(ctx)  # starts the build of the version published here, learnt without a read
    assert len(asked) == before and newer in lexicons._building | lexicons._compiled
