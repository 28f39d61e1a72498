"""The review lexicon: versioned data (R-LST-20 to R-LST-23). The default ships in the repo (lexicon.json, with its
sources); reviewers publish new versions, never an edit in place; every review records the version it used."""

import json
from pathlib import Path

from tianping.lib import clock
from tianping.lib.errors import load

from .. import models, rules, schemas, vocabulary
from . import Context

DEFAULT = json.loads((Path(__file__).resolve().parent.parent / "lexicon.json").read_text(encoding="utf-8"))


_compiled: dict[str, rules.CompiledLexicon] = {}  # the version in force, built once (a large automaton takes a moment)


def current(ctx: Context) -> dict:
    latest = ctx.repo.latest_lexicon()
    return ctx.repo.lexicon_body(latest.version) if latest is not None else DEFAULT


def compiled(ctx: Context) -> rules.CompiledLexicon:
    """The lexicon in force, compiled: one small indexed read per review to learn its version."""
    version = ctx.repo.latest_lexicon_version() or DEFAULT["version"]
    if version not in _compiled:
        body = DEFAULT if version == DEFAULT["version"] else ctx.repo.lexicon_body(version)
        _compiled.clear()
        _compiled[version] = rules.CompiledLexicon(body)
    return _compiled[version]


def warm() -> None:
    """The shipped lexicon compiled before the service takes work (tianping.platform.warmup): the first batch or review
    after a start does not pay for the segmenter's dictionary. A newer version in force is compiled at first use."""
    if not _compiled:
        _compiled[DEFAULT["version"]] = rules.CompiledLexicon(DEFAULT)


def view(ctx: Context) -> dict:
    latest = ctx.repo.latest_lexicon()
    body = current(ctx)
    return schemas.LexiconOut().dump({"version": body["version"], "terms": len(vocabulary.terms_of(body)),
                                      "whitelist": len(body.get("whitelist", [])), "body": body,
                                      "created_by": latest.created_by if latest else "repository default",
                                      "created_at": latest.created_at if latest else None})


def publish(ctx: Context, data: dict, actor: str) -> dict:
    body = load(schemas.LexiconIn(), data)
    now = clock.now()
    version = f"{now.strftime('%Y%m%dT%H%M%S.%fZ')}-{actor}"
    lexicon = models.Lexicon(version=version, terms=len(vocabulary.terms_of(body)), created_by=actor, created_at=now)
    ctx.repo.insert_lexicon(lexicon, {**body, "version": version})
    # Without the body: the command log keeps this answer in one document, and a 100,000-term body is over the
    # store's 16 MB limit (GET /v1/lexicon answers the body).
    return schemas.LexiconOut().dump({"version": version, "terms": lexicon.terms, "created_by": actor,
                                      "whitelist": len(body.get("whitelist", [])), "created_at": now})
