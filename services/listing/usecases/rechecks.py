"""The periodic re-check of live listings when a new lexicon version is published (R-LST-24): every published
listing is reviewed again under the new version in bounded batches — keyset pages of listing ids, one batch per
firing of a deadline on the kit's engine — from a cursor document, so a crashed run resumes where it stopped. Each
listing is re-checked once per version (a conditional update on the version it was last re-checked under); one the
new version would reject is withdrawn, one whose new findings need a human goes back to review, each audited with
the lexicon version and the rules that fired, withdrawals announced as `listing_withdrawn`."""

from tianping.lib import clock
from tianping.lib.errors import NotFound
from tianping.lib.schemas import jsonable
from tianping.lib.trail import step

from .. import models, oversight_rules, rules, schemas
from . import Context, lexicons
from .dry_runs import stored_item
from .reviews import announce

ACTOR = "lexicon-recheck"


def publish(ctx: Context, data: dict, actor: str) -> dict:
    """A new lexicon version in force (PUT /v1/lexicon), and its re-check of every live listing scheduled."""
    published = lexicons.publish(ctx, data, actor)
    start(ctx, published["version"])
    return published


def start(ctx: Context, version: str) -> None:
    """Called when `version` becomes the lexicon in force: the first batch is due at once."""
    now = clock.now()
    ctx.repo.start_recheck(version, now)
    schedule_batch(ctx, version, 0)


def schedule_batch(ctx: Context, version: str, number: int) -> None:
    if ctx.deadlines is not None:
        ctx.deadlines.schedule(f"recheck:{version}:{number}", f"lexicon:{version}", "recheck", clock.now(),
                               "R-LST-24", {"version": version})


def run_batch(ctx: Context, deadline: dict) -> str:
    """One batch of the re-check (the deadline engine's handler): review the next page, move the cursor, schedule
    the next batch. A repeated firing finds the cursor moved or the listings re-checked and changes nothing."""
    version = deadline["payload"]["version"]
    state = ctx.repo.recheck(version)
    if state is None or state["status"] != "running":
        return "not_applicable"
    lexicon = lexicons.compiled(ctx, wait=True)  # a batch waits for the version it re-checks under; reviews do not
    if lexicon.version != version:  # a newer version is in force: its own re-check covers every listing
        return "superseded"
    size = ctx.policy["lexicon_recheck"]["batch_size"]
    page = ctx.repo.live_after(state["cursor"], size)
    unchanged = [doc["_id"] for doc in page if not examine(ctx, models.Listing._from_son(doc), lexicon)]
    ctx.repo.mark_rechecked(unchanged, version)
    done = len(page) < size
    cursor = page[-1]["_id"] if page else state["cursor"]
    if ctx.repo.advance_recheck(version, state["cursor"], cursor, done, clock.now()) and not done:
        schedule_batch(ctx, version, state["batches"] + 1)
    return "done" if done else "batch"


def findings_under(ctx: Context, listing: models.Listing, lexicon) -> list:
    item = {**stored_item(listing), "operator_id": listing.operator_id}
    room = ctx.repo.room(listing.room_id)
    return rules.review(jsonable(item), lexicon, ctx.repo.certificates(listing.certificates or []),
                        room.to_mongo().to_dict() if room else None)


def examine(ctx: Context, listing: models.Listing, lexicon) -> bool:
    """Re-check one published listing; True when it was taken off the shelf (withdrawn or sent to review)."""
    if listing.lexicon_version == lexicon.version:  # reviewed under this version already
        return False
    findings = findings_under(ctx, listing, lexicon)
    fresh = oversight_rules.new_findings(findings, listing.findings)
    outcome = oversight_rules.recheck_outcome(fresh)
    if outcome == "unchanged":
        return False
    fired = sorted({r for f in fresh for r in f.rule_ids})
    rule_ids = [*oversight_rules.RECHECK_RULES, *(["R-LST-02"] if outcome == "in_review" else []), *fired]
    trail_step = step("rechecked", ACTOR, rule_ids, [f"lexicon {lexicon.version}", *(f.message for f in fresh)],
                      cause=f"recheck:{lexicon.version}", status=outcome, previous="published")
    if not ctx.repo.recheck_move(listing.listing_id, lexicon.version, outcome, [f.out() for f in findings],
                                 trail_step):
        return True  # withdrawn meanwhile, or re-checked by a duplicate firing: nothing more to do
    listing.lexicon_version = lexicon.version
    announce(ctx, listing, outcome, rule_ids, ACTOR, "published")
    return True


def progress(ctx: Context) -> dict:
    """The latest re-check: its version, listings examined and changed, and whether it is done."""
    state = ctx.repo.recheck(None)
    if state is None:
        raise NotFound("no lexicon version has been published since the service started", {"version": ["none"]})
    counts = ctx.repo.recheck_counts(state["_id"])
    return schemas.RecheckOut().dump({
        "version": state["_id"], "status": state["status"], "done": state["status"] != "running",
        "examined": sum(counts.values()), "changed": counts["withdrawn"] + counts["in_review"],
        "withdrawn": counts["withdrawn"], "sent_to_review": counts["in_review"], "batches": state["batches"],
        "started_at": state["started_at"], "finished_at": state.get("finished_at")})
