"""The review lexicon: versioned data (R-LST-20 to R-LST-23). The default ships in the repo (lexicon.json, with its
sources); reviewers publish new versions, never an edit in place; every review records the version it used."""

import gc
import json
import logging
import time
from pathlib import Path

import eventlet
from eventlet import tpool
from eventlet.event import Event

from tianping.lib import clock
from tianping.lib.errors import load

from .. import models, rules, schemas, vocabulary
from . import Context

DEFAULT = json.loads((Path(__file__).resolve().parent.parent / "lexicon.json").read_text(encoding="utf-8"))


_compiled: dict[str, rules.CompiledLexicon] = {}  # the newest version built (one kept: a large automaton is big)
_building: dict[str, Event] = {}  # versions being built beside the reviews, with the event their waiters wait on
_failed: dict[str, float] = {}  # versions whose build failed, when (monotonic): retried after RETRY_AFTER_S
RETRY_AFTER_S = 30
_mode = {"background": False}     # the service turns it on at start (warm); tests and scripts build in line
# The version in force as this service process last learnt it ({"version", "read_at"} monotonic), trusted for
# VERSION_TTL_S: a review reads it from the store at most once a second instead of once per review. This process's
# own publication replaces it at once; another instance's is seen within VERSION_TTL_S. Background mode only (the
# service); tests and scripts, and every `wait` caller (re-checks, dry runs), read the store each time.
_in_force: dict = {}
VERSION_TTL_S = 1.0
log = logging.getLogger(__name__)


def current(ctx: Context) -> dict:
    latest = ctx.repo.latest_lexicon()
    return ctx.repo.lexicon_body(latest.version) if latest is not None else DEFAULT


def compiled(ctx: Context, wait: bool = False) -> rules.CompiledLexicon:
    """The lexicon to review with: the version in force learnt from the store (in the service at most once per
    VERSION_TTL_S, `_version_in_force`). In the service
    (background mode) a review never builds a version nor waits for one: while the version in force is being built
    — published here, or learnt from the store when another process published it — the version built before serves,
    and the review records that version. `wait`: the version in force itself, built or waited for (the re-check of
    live listings and the dry run, which are not a buyer's or a merchant's request)."""
    version = _version_in_force(ctx, fresh=wait)
    if version in _compiled:
        return _compiled[version]
    if _mode["background"] and _compiled and not wait:
        prepare(ctx, version)
        return next(iter(_compiled.values()))
    if version in _building:
        _building[version].wait()
        if version in _compiled:
            return _compiled[version]
    return _install(version, rules.CompiledLexicon(_body(ctx, version), _pause()))


def _version_in_force(ctx: Context, fresh: bool) -> str:
    if _mode["background"] and not fresh and _in_force and time.monotonic() - _in_force["read_at"] < VERSION_TTL_S:
        return _in_force["version"]
    version = ctx.repo.latest_lexicon_version() or DEFAULT["version"]
    if _mode["background"]:
        _in_force.update(version=version, read_at=time.monotonic())
    return version


def prepare(ctx: Context, version: str) -> None:
    """Build `version` beside the reviews (a green thread that pauses every few hundred terms, so reviews go on
    with the version built before). In line mode nothing happens here: the first review builds it."""
    if not _mode["background"] or version in _compiled or version in _building:
        return
    if time.monotonic() - _failed.get(version, float("-inf")) < RETRY_AFTER_S:
        return  # it failed a moment ago: the version before serves, reviews do not start a build each
    _building[version] = event = Event()
    eventlet.spawn_n(_build, ctx, version, event)


def _build(ctx: Context, version: str, event: Event) -> None:
    """The cyclic garbage collector is held off while the build allocates its million objects: each full collection
    walks every live object (~1 s at 100,000 terms, unpaced, measured under load); the objects built are then frozen
    out of later full collections (they live until the next version; refcounting still frees them)."""
    started, collecting = time.perf_counter(), gc.isenabled()
    gc.disable()
    try:
        pause = _pause()
        _install(version, rules.CompiledLexicon(_body(ctx, version, pause), pause))
        log.info("lexicon %s built in %.1f s", version, time.perf_counter() - started)
        _failed.pop(version, None)
    except Exception:  # noqa: BLE001 - the version built before keeps serving; a review tries again later
        _failed[version] = time.monotonic()
        log.exception("lexicon %s could not be built", version)
    finally:
        gc.freeze()  # before collecting again: a first collection would walk every object the build made
        if collecting:
            gc.enable()
        if _building.get(version) is event:
            del _building[version]
        event.send(True)


def _body(ctx: Context, version: str, pause=None) -> dict:
    if version == DEFAULT["version"]:
        return DEFAULT
    return ctx.repo.lexicon_body(version, pause) if pause is not None else ctx.repo.lexicon_body(version)


def _install(version: str, lexicon: rules.CompiledLexicon) -> rules.CompiledLexicon:
    _compiled.clear()
    _compiled[version] = lexicon
    return lexicon


def build(body: dict) -> rules.CompiledLexicon:
    """A lexicon compiled for one use (a dry run's candidate), pausing for reviews like a background build."""
    return rules.CompiledLexicon(body, _pause())


def _pause():
    """In background mode: a pause that lets the reviews run, and the one long C call of a build (the automaton's
    failure links, ~1 s at 100,000 terms under load) run in a native thread (eventlet.tpool) — it releases the GIL,
    so the reviews go on meanwhile."""
    if not _mode["background"]:
        return None

    def pause():
        eventlet.sleep(0)

    pause.offload = tpool.execute
    return pause


def warm(repo=None) -> None:
    """At service start, before it takes work (tianping.platform.health.Warmup): the version in force compiled — the
    shipped one, and the one the store names when a reviewer published another — so no review after a start builds
    one; from then on new versions are built beside the reviews (background mode)."""
    if not _compiled:
        _install(DEFAULT["version"], rules.CompiledLexicon(DEFAULT))
    if repo is not None:
        try:
            compiled(Context(repo, None, None))
        except Exception:  # noqa: BLE001 - the shipped version serves; the first review starts the build again
            log.exception("the lexicon in force could not be built at start")
    gc.freeze()  # the lexicon and the segmenter's dictionary stay out of every later full collection
    _mode["background"] = True


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
    if _mode["background"]:  # this process's reviews use it from now on (another instance's within VERSION_TTL_S)
        _in_force.update(version=version, read_at=time.monotonic())
    prepare(ctx, version)  # built now, beside the reviews: none of them waits for it (issue 25, bench at 100k terms)
    # Without the body: the command log keeps this answer in one document, and a 100,000-term body is over the
    # store's 16 MB limit (GET /v1/lexicon answers the body).
    return schemas.LexiconOut().dump({"version": version, "terms": lexicon.terms, "created_by": actor,
                                      "whitelist": len(body.get("whitelist", [])), "created_at": now})
