"""What a subject's sanction does to listings, answered from this service's replica with no RPC (issue 24): a
restricted operator's new listings and posts go to human review and its promotions are refused; a suspended one
publishes nothing new and its live listings are hidden (not withdrawn) until the suspension ends; cleared out is
the blacklist's withdrawal. Effects and rule IDs come with the sanction from reputation's versioned policy."""

from tianping.lib.errors import Forbidden
from tianping.lib.trail import step
from tianping.platform import sanctions

from . import Context


def entries(ctx: Context, item: dict) -> dict:
    """The operator's and host's replica entries: one read for the blacklist check and every sanction gate."""
    return sanctions.entries(ctx.replica, [item["operator_id"], item.get("host_id")])


def entries_and_statuses(ctx: Context, subject_ids) -> tuple[dict, dict]:
    """Their replica entries (the blacklist check and every sanction gate) and the statuses onboarding last told
    this service (R-ONB-02), in one read."""
    return sanctions.entries_and_statuses(ctx.replica, ctx.subjects, subject_ids)


def gate(ctx: Context, item: dict, known: dict | None = None) -> sanctions.Verdict:
    """Refuse the submission when the operator's or host's sanction refuses it; else the verdict (maybe: review).
    `known`: their replica entries (`entries`), when the caller has read them."""
    subjects = [item["operator_id"], item.get("host_id")]
    known = entries(ctx, item) if known is None else known
    if item.get("promotion"):
        sanctions.enforce(ctx.replica, subjects, "promote", "promotion", known=known)
    action = "run_community" if item.get("kind") == "community_post" else "publish_listing"
    return sanctions.enforce(ctx.replica, subjects, action, "operator_id", known=known)


def go_live(ctx: Context, operator: str) -> None:
    sanctions.enforce(ctx.replica, [operator], "go_live", "room_id")


def go_live_together(ctx: Context, subject_ids: list[str], known: dict | None = None) -> None:
    """A session's host, operator and MCN: the strictest of their sanctions decides (one read of the replica, or
    none when the caller read their entries: `known`)."""
    sanctions.enforce(ctx.replica, subject_ids, "go_live", "host_id", known=known)


def reviewed(verdict: sanctions.Verdict, status: str, fired: list[str]) -> tuple[str, list[str]]:
    """A listing the automatic review would publish waits for a reviewer when the sanction asks for review."""
    if verdict.review and status == "published":
        return "in_review", sorted({*fired, *verdict.rule_ids})
    return status, fired


def hidden(ctx: Context, listing) -> dict | None:
    """Why a live listing is hidden now (its operator's or host's suspension), or None."""
    if listing.status != "published":
        return None
    return sanctions.hiding(ctx.replica, [listing.operator_id, listing.host_id])


def refuse_hidden(hiding: dict | None, listing, viewer: dict | None) -> None:
    """The public does not see a hidden listing; its operator, host and the platform do (with why)."""
    if hiding is None or viewer is None or viewer.get("platform") or \
            viewer.get("id") in (listing.operator_id, listing.host_id):
        return
    raise Forbidden(f"listing hidden while {hiding['subject_id']} is {hiding['level']}",
                    {"listing_id": ["hidden"], "rule_ids": hiding["rule_ids"]})


def record_visibility(ctx: Context, changes: list[dict]) -> None:
    """The replica's reaction to a run of sanction changes: each published listing of a subject whose listings a
    change hides, or shows again (the suspension ended, an appeal reversed it), gets a step in its trail — the
    visibility itself is read from the replica on every view, exact at the suspension's end."""
    # as this replica recorded them before the run (a past end still to be noted): one read for the run's subjects,
    # not one per change — a read per change is a cost group commit cannot share, and at 20 sanctions/s on a busy
    # store it left listing's replica seconds behind the others
    before = sanctions.entries(ctx.replica, [c["subject_id"] for c in changes])
    hides = {c["subject_id"]: _hid((before.get(c["subject_id"]) or {}).get("sanction") or {}) for c in changes}
    notes = []
    for change in changes:
        sanction, subject_id = change["sanction"], change["subject_id"]
        now_hides = _hid(sanction)
        if now_hides != hides[subject_id]:
            until = sanction.get("until")
            reasons = [f"{subject_id} {sanction['level']}" + (f" until {until}" if now_hides and until else "")]
            notes.append((subject_id, step("hidden" if now_hides else "shown", "platform", change["rule_ids"],
                                           reasons, f"sanction:{change['seq']}", status="published")))
        hides[subject_id] = now_hides
    ctx.repo.note_published(notes)


def _hid(sanction: dict) -> bool:
    return bool(sanction.get("hides_listings")) and sanction.get("level", "none") != "none"
