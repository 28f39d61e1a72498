"""An MCN's hosts stopped at once (R-REP-18, R-LST-12): their listings are withdrawn the moment the event is applied,
with a bounded number of store statements whatever the number of hosts, and the stored statuses follow in bounded
batches behind it.

- The reaction writes one cascade document per cause (`start`): the subjects, the withdrawal step and its time.
- Every listing read consults the running cascades naming its operator or host (one indexed read): a live listing
  created before the cascade reads as withdrawn, its trail ending with the cascade's step (`view`). A write on such a
  listing stores its withdrawal first (`settle`), so no decision is taken on a listing that is withdrawn.
- The follower (`follow`, a timer) writes the stored statuses in batches of at most BATCH listings, each the same
  step, the cascade's cursor saved after each batch (a crash resumes there; a redone batch matches nothing, only live
  listings are written) and a pause between two, so other requests interleave with the store.
- A withdrawal is final (R-LST-01: a listing returns only through a new review): a lift lets the subjects publish
  again; their listings created after the cascade are not covered by it."""

import hashlib
import time

from tianping.lib import clock, config
from tianping.lib.trail import Step, stored

from .. import rules
from . import Context

BATCH = min(500, int(config.env("TIANPING_CASCADE_BATCH", "200")))  # listings per batch statement, at most 500
READS_PER_BATCH = 100  # subjects looked up per batch: hosts without listings are passed over in steps too
ROLES = ("operator_id", "host_id")
LIVE = rules.LIVE_STATUSES


def cascade_id(cause: str, status: str, subjects) -> str:
    """The same event redelivered names the same cascade; another event with the same cause another one."""
    digest = hashlib.sha1("\n".join(sorted(subjects)).encode()).hexdigest()[:12]
    return f"{cause}:{status}:{digest}"


def start(ctx: Context, cause: str, status: str, subjects: list[str], withdrawal: Step) -> bool:
    """One insert, however many subjects, and one audit entry (once, keyed by the cascade: each listing's trail gets
    the step); False when this event was applied already."""
    subjects = sorted(set(subjects))
    key = cascade_id(cause, status, subjects)
    started = ctx.repo.start_cascade(key, subjects, stored(withdrawal), withdrawal.at)
    ctx.audited("platform", "listings_withdrawn", f"cascade:{key}", rule_ids=withdrawal.rule_ids, after="withdrawn",
                detail={"cause": cause, "status": status, "subjects": len(subjects), "first": subjects[:20]}, key=key)
    return started


def covers(cascade: dict, listing) -> bool:
    """A live listing of a named subject created at or before the cascade."""
    return listing.status in LIVE and (listing.created_at is None or
                                        clock.aware(listing.created_at) <= clock.aware(cascade["at"]))


def covering(ctx: Context, listing) -> dict | None:
    if listing.status not in LIVE:
        return None
    return next((c for c in ctx.repo.cascades_covering([listing.operator_id, listing.host_id]) if covers(c, listing)),
                None)


def view(ctx: Context, listing):
    """The listing as readers see it: withdrawn, with the cascade's step, when a running cascade covers it."""
    cascade = covering(ctx, listing)
    if cascade is not None:
        listing.status = "withdrawn"
        listing.trail.append(Step._from_son(cascade["step"]))
    return listing


def settle(ctx: Context, listing):
    """Before a decision on the listing: its withdrawal stored now when a running cascade covers it."""
    cascade = covering(ctx, listing)
    if cascade is not None:
        ctx.repo.withdraw_one(listing.listing_id, cascade["step"])
        return ctx.repo.listing_or_404(listing.listing_id)
    return listing


def uncovered(ctx: Context, docs: list[dict]) -> list[dict]:
    """Of a page of stored listings (dicts), those no running cascade withdraws: one read for the page."""
    cascades = ctx.repo.cascades_covering({d.get(r) for d in docs for r in ROLES}, with_subjects=True)
    if not cascades:
        return docs
    covered = [(set(c["subjects"]), clock.aware(c["at"])) for c in cascades]
    return [d for d in docs if not any(
        (d.get("operator_id") in names or d.get("host_id") in names) and d.get("status") in LIVE
        and (d.get("created_at") is None or clock.aware(d["created_at"]) <= at) for names, at in covered)]


def follow(ctx: Context, pause=lambda spent: None, budget_batches: int | None = None) -> int:
    """Write the running cascades' stored statuses, batch after batch, `pause(seconds the batch took)` between two;
    stops after `budget_batches` (the timer comes back) or when none is left. Returns the batches written."""
    batches = 0
    for cascade in ctx.repo.running_cascades():
        done = False
        while not done and (budget_batches is None or batches < budget_batches):
            started = time.monotonic()
            done = batch(ctx, cascade)
            batches += 1
            pause(time.monotonic() - started)
    return batches


def batch(ctx: Context, cascade: dict) -> bool:
    """One batch: about BATCH covered live listings from the cursor on, withdrawn in one bulk write (one statement for
    a subject whose live listings it takes whole), then the cursor saved. Returns whether the cascade is done."""
    pairs = [(role, s) for role in ROLES for s in cascade["subjects"]]
    position, parts, taken, at = cascade["cursor"], [], 0, clock.aware(cascade["at"])
    while position < len(pairs) and taken < BATCH and len(parts) < READS_PER_BATCH:
        want = BATCH - taken
        found = ctx.repo.live_of(*pairs[position], want)
        covered = [d["_id"] for d in found if d.get("created_at") is None or clock.aware(d["created_at"]) <= at]
        last = len(found) < want
        parts.append((*pairs[position], covered, last and len(covered) == len(found)))
        taken += len(found)
        if last or not covered:  # none left; or only listings newer than the cascade ahead (a lift, then new ones)
            position += 1
    written = ctx.repo.withdraw_batch(parts, cascade["step"])
    done = position >= len(pairs)
    ctx.repo.advance_cascade(cascade["_id"], position, written, clock.now() if done else None)
    cascade["cursor"] = position
    return done
