"""Ingest of a live session's segments at the live system's pace (R-LST-32, R-LST-33, R-XC-01): a batch of up to 500
comments, transcript segments, captions and product cards gets a decision per segment at once — pass, hide or flag,
with rule IDs and spans from the listing review's own matcher and lexicon — and is stored, segments and decisions
together, with one insert (retention class and earliest purge on each). A seq stored before is applied once: its
stored decision is the answer. Out-of-order seqs are accepted. The session's policy then runs on what is new."""

import logging
import time
import uuid
from collections import Counter

from tianping.infra import metrics
from tianping.lib import clock, enforcement
from tianping.lib.errors import Conflict, NotFound, StreamStopped, load
from tianping.platform import retention

from .. import conduct, contracts, live_rules, live_schemas
from . import Context, lexicons, live_counts, live_policy, live_sessions

log = logging.getLogger(__name__)
CACHE_LIMIT = 50_000
_judged: dict[tuple, live_rules.Judged] = {}  # (lexicon version, kind, text, checks neutralised) -> judgement


def ingest(ctx: Context, room_id: str, session_id: str, data: dict) -> dict:
    return live_schemas.BatchOut().dump(apply(ctx, room_id, session_id, data, "http"))


def apply(ctx: Context, room_id: str, session_id: str, data: dict, source: str) -> dict:
    """The batch applied; its answer, not yet dumped (the AMQP path has nobody to answer)."""
    started = time.perf_counter()
    batch = live_schemas.load_batch(data) or load(live_schemas.SegmentBatchIn(), data)["segments"]
    session = live_sessions.session_or_404(ctx, room_id, session_id)
    if session["status"] != "live":
        _complete_tally(ctx, session, batch)
        raise StreamStopped(f"session {session_id} is {session['status']}: it takes no more segments",
                            {"status": [session["status"]], "rule_ids": list((session.get("stop") or {}).get(
                                "rule_ids") or [])})
    metrics.LIVE_SEGMENTS_IN.labels(source).inc(len(batch))
    token = uuid.uuid4().hex[:12]
    docs = _documents(ctx, session, batch, token)
    stored = ctx.repo.insert_segments(docs)
    fresh = [d for d in docs if d["_id"] not in stored]
    earlier = ctx.repo.segments(stored)  # what a redelivered seq was decided before (read only when there are any)
    recounted = live_counts.uncounted(ctx, session["_id"], earlier, token)
    _announce_hidden(ctx, session, [*fresh, *recounted])  # before the tally: a write cut after it announces again
    outcome = live_policy.apply(ctx, session, [*fresh, *recounted], list(earlier.values()), token)
    _observe(fresh, time.perf_counter() - started)
    by_seq = {d["seq"]: _decision(d, False) for d in fresh}
    by_seq.update({d["seq"]: _decision(d, True) for d in earlier.values()})
    return {
        "session_id": session_id, "status": outcome["status"], "accepted": len(fresh),
        "duplicates": len(batch) - len(fresh), "decisions": [by_seq[s["seq"]] for s in batch],
        "warnings": outcome["warnings"], "stop": outcome["stop"]}


def _complete_tally(ctx: Context, session: dict, batch: list[dict]) -> None:
    """A session stopped or ended takes no new segments, but the counts stay the stored decisions: a batch whose
    write was cut between its insert and its tally (a crash), redelivered after the session stopped, still counts
    (and announces the hidden comments of) what that write stored — taken over as any redelivery does (live_counts).
    One read when the batch brings nothing stored before."""
    earlier = ctx.repo.segments(ctx.repo.segment_key(session["_id"], s["seq"]) for s in batch)
    token = uuid.uuid4().hex[:12]
    recounted = live_counts.uncounted(ctx, session["_id"], earlier, token)
    if recounted:
        _announce_hidden(ctx, session, recounted)
        live_policy.apply(ctx, session, recounted, list(earlier.values()), token)  # tallied; no policy off air


def consume(ctx: Context, message: dict) -> None:
    """The live system's batch from AMQP: the same use case. A batch for a stopped or ended session is dropped
    (its segments were refused the same way over HTTP); anything else unprocessable is retried, then parked."""
    try:
        apply(ctx, message["room_id"], message["session_id"], {"segments": message["segments"]}, "amqp")
    except (StreamStopped, NotFound, Conflict) as exc:
        metrics.LIVE_SEGMENTS_REFUSED.inc(len(message["segments"]))
        log.warning("live batch for %s refused: %s", message["session_id"], exc)


def _documents(ctx: Context, session: dict, batch: list[dict], token: str) -> list[dict]:
    """The batch's documents, judged (one per seq: a seq repeated inside the batch is answered as its first)."""
    lexicon = lexicons.compiled(ctx)
    policy = ctx.policy["live"]
    now = clock.now()
    kept = retention.stamp("livestream", now)
    docs, seen = [], set()
    for segment in batch:
        key = ctx.repo.segment_key(session["_id"], segment["seq"])
        if key in seen:
            continue
        seen.add(key)
        judged = _judge(lexicon, segment["kind"], segment["text"], policy, session)
        doc = {"_id": key, "session_id": session["_id"], "room_id": session["room_id"], **segment,
               "received_at": now, "decision": judged.decision, "effective": judged.decision,
               "rule_ids": judged.rule_ids, "findings": judged.findings, "serious": judged.serious,
               "lexicon_version": lexicon.version, "policy_version": ctx.policy["version"], "overturns": [], "w": token,
               **kept}
        docs.append(doc)
    decided = clock.now()  # the batch's decisions made: what the publish-to-decision latency is measured to
    for doc in docs:
        doc["decided_at"] = decided
    return docs


def _judge(lexicon, kind: str, text: str, policy: dict, session: dict) -> live_rules.Judged:
    found = tuple(conduct.segment(kind, text, session))  # the session's host, operator and plan: not cached
    if found:
        return live_rules.judge(kind, text, lexicon, policy, found)
    key = (lexicon.version, kind, text, enforcement.neutralised())  # a rule's check neutralised is another judgement
    judged = _judged.get(key)
    if judged is None:
        if len(_judged) >= CACHE_LIMIT:
            _judged.clear()
        judged = _judged[key] = live_rules.judge(kind, text, lexicon, policy)
    return judged


def _decision(doc: dict, duplicate: bool) -> dict:
    return {"seq": doc["seq"], "kind": doc["kind"], "decision": doc["decision"], "effective": doc.get("effective"),
            "rule_ids": doc["rule_ids"], "findings": doc["findings"], "duplicate": duplicate}


def _announce_hidden(ctx: Context, session: dict, fresh: list[dict]) -> None:
    hidden = [{"seq": d["seq"], "rule_ids": d["rule_ids"]} for d in fresh if d["decision"] == "hide"]
    if hidden:
        ctx.publish(contracts.LIVE_SEGMENT_HIDDEN, {"session_id": session["_id"], "room_id": session["room_id"],
                                                    "host_id": session["host_id"], "segments": hidden})


def _observe(fresh: list[dict], seconds: float) -> None:
    for (kind, decision), n in Counter((d["kind"], d["decision"]) for d in fresh).items():
        metrics.LIVE_SEGMENTS_DECIDED.labels(kind, decision).inc(n)
        if decision == "hide":
            metrics.LIVE_SEGMENTS_HIDDEN.inc(n)
    if fresh:
        metrics.LIVE_DECISION_SECONDS.observe(seconds)
