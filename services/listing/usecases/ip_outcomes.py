"""How an IP notice ends (E-Commerce Law art. 42-43, R-LST-13): the rights holder reports a complaint to an
authority or a lawsuit within the period — the listings stay down; nothing comes within it — the deadline engine
restores them; or the platform finds the notice wrong (art. 42: the notifier is liable for the harm) — restored at
once. Each listing returns to where it was only when no other notice holds it; every step audited with its rules."""

from tianping.lib import clock
from tianping.lib.errors import Conflict, Forbidden, load
from tianping.lib.trail import step

from .. import contracts, models, schemas
from . import Context, reviews
from .ip_notices import RULES, event

OPEN = ("taken_down", "counter_noticed", "complaint_filed")


def complaint(ctx: Context, notice_id: str, data: dict, actor: dict) -> dict:
    """Art. 43: the rights holder (or the platform on its behalf) shows it complained or sued: the listings stay
    down and the restoration clock stops."""
    c = load(schemas.ComplaintIn(), data)
    notice = ctx.repo.notice_or_404(notice_id)
    if not actor.get("platform") and actor.get("id") != notice.filed_by:
        raise Forbidden("only the notice's filer or the platform reports its complaint", {"notice_id": ["not yours"]})
    if notice.status not in ("taken_down", "counter_noticed") or not ctx.repo.move_notice(
            notice_id, notice.status, "complaint_filed",
            step("complaint_filed", actor["id"], RULES, [f"{c['forum']} {c['reference']}"], status="complaint_filed",
                 previous=notice.status), complaint={**c, "by": actor["id"], "at": clock.now()}):
        raise Conflict(f"notice {notice_id} is {notice.status}", {"status": [notice.status]})
    ctx.deadlines.cancel(f"ip:{notice_id}:restore", f"complaint {c['reference']} reported")
    closed(ctx, ctx.repo.notice_or_404(notice_id), "complaint_filed", actor["id"], notice.status)
    return schemas.IpNoticeOut().dump(ctx.repo.notice_or_404(notice_id))


def wrongful(ctx: Context, notice_id: str, data: dict, reviewer: str) -> dict:
    """The platform finds the notice wrong (art. 42 ¶3: an erroneous notice makes its sender liable): the listings
    return at once, the finding recorded for the merchant's claim against the notifier. The notice moves first (one
    conditional update), then the listings return: a complaint or the clock that closed it meanwhile stands."""
    reason = load(schemas.RevokeIn(), data)["reason"]
    notice = ctx.repo.notice_or_404(notice_id)
    if notice.status == "wrongful":  # found so before; a crash may have cut its releases short: they are finished
        _release(ctx, notice, reviewer, f"notice found wrongful: {reason}", finishing=True)
    if notice.status not in OPEN or not ctx.repo.move_notice(notice_id, notice.status, "wrongful", step(
            "found_wrongful", reviewer, RULES, [reason], status="wrongful", previous=notice.status)):
        raise Conflict(f"notice {notice_id} is {ctx.repo.notice_or_404(notice_id).status}", {"status": ["changed"]})
    ctx.deadlines.cancel(f"ip:{notice_id}:restore", "notice found wrongful")
    _release(ctx, notice, reviewer, f"notice found wrongful: {reason}")
    closed(ctx, ctx.repo.notice_or_404(notice_id), "wrongful", reviewer, notice.status)
    return schemas.IpNoticeOut().dump(ctx.repo.notice_or_404(notice_id))


def restore_due(ctx: Context, deadline: dict) -> str:
    """The deadline engine's handler: the period ran out with no complaint or lawsuit reported (art. 43). The notice
    moves first, only while still counter-noticed: a complaint reported meanwhile keeps the listings down."""
    notice = models.IpNotice.objects(notice_id=deadline["payload"]["notice_id"]).first()
    reason = "no complaint or lawsuit reported within the period (art. 43)"
    if notice is not None and notice.status == "restored":  # this handler ran and died before its releases ended
        _release(ctx, notice, "listing", reason, finishing=True)
        return "restored"
    if notice is None or notice.status != "counter_noticed" or not ctx.repo.move_notice(
            notice.notice_id, "counter_noticed", "restored", step(
                "restored", "listing", RULES, ["no complaint or lawsuit reported in time"], status="restored",
                previous="counter_noticed")):
        return "not_applicable"
    _release(ctx, notice, "listing", reason)
    closed(ctx, ctx.repo.notice_or_404(notice.notice_id), "restored", "listing", "counter_noticed")
    return "restored"


def _release(ctx: Context, notice: models.IpNotice, actor: str, reason: str, finishing: bool = False) -> None:
    actions = release_all(ctx, notice, actor, reason)
    ctx.repo.add_notice_actions(notice.notice_id, [a for a in actions if a["action"] == "restored" or not finishing])


def release_all(ctx: Context, notice: models.IpNotice, actor: str, reason: str) -> list[dict]:
    """Lift this notice's hold on each listing (once the notice has moved; a retry after a crash finishes it)."""
    actions = []
    for listing_id in notice.listing_ids:
        back = ctx.repo.release(listing_id, notice.notice_id, step(
            "ip_restored", actor, RULES, [reason], f"ip_notice:{notice.notice_id}", None, "ip_hold"))
        actions.append({"listing_id": listing_id, "action": "restored" if back else "still_held", "at": clock.now()})
        if back:
            listing = ctx.repo.listing_or_404(listing_id)
            reviews.announce(ctx, listing, back, RULES, actor, "ip_hold")
    return actions


def closed(ctx: Context, notice: models.IpNotice, status: str, actor: str, previous: str) -> None:
    ctx.audited(actor, f"ip_notice_{status}", f"ip_notice:{notice.notice_id}", subject=notice.operator_id,
                rule_ids=RULES, before=previous, after=status)
    ctx.publish(contracts.IP_NOTICE_CLOSED, event(notice, status))
