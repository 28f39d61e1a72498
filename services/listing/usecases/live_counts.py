"""A live session's counts (segments, pass, hide, flag) are its stored decisions, each counted once — after a crash
between a batch's insert and its tally, and with redeliveries racing the first delivery (R-XC-01: the record).

Every write stamps its segments with a token (`w`); the session's update that adds a write's counts names its token
(`tallied`, the latest 2,000) in the same update. A redelivery that finds stored segments of a write not tallied takes
that write over: it marks it `stolen` on the session — only while it is still untallied, one conditional update —
then re-stamps those segments with its own token (per segment, conditionally: of two takers each gets each segment
once) and counts what it holds. The write it took over, if it was alive after all, finds its tally refused (its token
stolen) and counts what it still holds, under a new token. So each stored decision is counted by exactly one tally."""

import uuid
from collections import Counter

from . import Context

ATTEMPTS = 5


def uncounted(ctx: Context, session_id: str, earlier: dict[str, dict], token: str) -> list[dict]:
    """Stored segments (`earlier`) of writes never tallied, now held by write `token` to be counted with it."""
    writes = {d["w"] for d in earlier.values() if d.get("w")}
    if not writes:
        return []
    lost = writes - ctx.repo.tallied(session_id)
    for _ in range(ATTEMPTS):
        if not lost or ctx.repo.steal_writes(session_id, sorted(lost)):
            break
        lost -= ctx.repo.tallied(session_id)  # one of them was tallied meanwhile: it was alive
    if not lost:
        return []
    keys = [k for k, d in earlier.items() if d.get("w") in lost]
    return ctx.repo.take_over_writes(keys, sorted(lost), token)


def tally(ctx: Context, session_id: str, docs: list[dict], flags: list[dict], token: str) -> dict:
    """Count `docs` (written or taken over under `token`) and note `flags`; the session as it is after."""
    for _ in range(ATTEMPTS):
        counts = Counter(d["decision"] for d in docs)
        counts["segments"] = len(docs)
        seqs = (min(d["seq"] for d in docs), max(d["seq"] for d in docs)) if docs else None
        after = ctx.repo.record_batch(session_id, dict(counts), flags, token, seqs)
        if after is not None:
            return after
        # taken over by a redelivery that thought this write dead: count what this write still holds
        renewed = uuid.uuid4().hex[:12]
        docs = ctx.repo.take_over_writes([d["_id"] for d in docs], [token], renewed) if docs else []
        token = renewed
    raise RuntimeError(f"session {session_id}: the batch's tally was taken over {ATTEMPTS} times")
