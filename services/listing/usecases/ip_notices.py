"""IP notices (R-LST-13, E-Commerce Law art. 42-45): a rights holder's notice — its identity, the right
(trademark, copyright or patent number), the listings and preliminary evidence — takes the named listings down at
once (status ip_hold: hidden from buyers, kept, never deleted), each with its action time, and tells the merchant.
The merchant may counter-notify once with a statement of non-infringement and evidence; it is forwarded to the
rights holder and starts the art. 43 period on the deadline engine (ip_outcomes: complaint, restoration, a notice
found wrongful)."""

import hashlib
import uuid

from tianping.lib import clock
from tianping.lib.errors import Conflict, Forbidden, NotFound, ValidationFailed, load
from tianping.lib.trail import step

from .. import contracts, models, oversight_rules, schemas
from . import Context

RULES = list(oversight_rules.IP_RULES)


def notice_id_for(request_key: str | None) -> str:
    """One notice per request: a redelivered command finds the notice it stored."""
    seed = request_key or uuid.uuid4().hex
    return f"ipn_{hashlib.sha256(seed.encode()).hexdigest()[:16]}"


def file(ctx: Context, data: dict, filed_by: str) -> dict:
    n = load(schemas.IpNoticeIn(), data)
    notice_id = notice_id_for(ctx.request_key)
    try:
        notice = ctx.repo.notice_or_404(notice_id)
    except NotFound:
        notice = None
    listings = [ctx.repo.listing_or_404(lid) for lid in dict.fromkeys(n["listing_ids"])]
    operators = sorted({listing.operator_id for listing in listings})
    if len(operators) > 1:  # each merchant answers its own notice (counter-notice, restoration)
        raise ValidationFailed("one notice names the listings of one merchant; file one notice per merchant",
                               {"listing_ids": [f"listings of {', '.join(operators)}"]})
    if notice is None:
        notice = models.IpNotice(
            notice_id=notice_id, filed_by=filed_by, rights_holder=n["rights_holder"], right=n["right"],
            listing_ids=[listing.listing_id for listing in listings], operator_id=operators[0],
            description=n["description"], evidence=n["evidence"], received_at=clock.now(),
            history=[step("notice_received", filed_by, RULES, [n["description"]], status="taken_down")])
        ctx.repo.insert_notice(notice)
    if not notice.actions:
        take_down(ctx, notice, listings)
    return schemas.IpNoticeOut().dump(ctx.repo.notice_or_404(notice_id))


def take_down(ctx: Context, notice: models.IpNotice, listings: list[models.Listing]) -> None:
    """Every named live listing held under this notice (R-LST-13: promptly, the action time recorded)."""
    actions, reason = [], f"IP notice {notice.notice_id}: {notice.right['kind']} {notice.right['number']}"
    for listing in listings:
        if not oversight_rules.taken_down_on_notice(listing.status):
            actions.append({"listing_id": listing.listing_id, "action": "not_live", "at": clock.now()})
            continue
        held = ctx.repo.hold(listing.listing_id, listing.status, notice.notice_id, step(
            "ip_taken_down", notice.filed_by, RULES, [reason], f"ip_notice:{notice.notice_id}", "ip_hold",
            listing.status))
        action = "already_held" if listing.status == "ip_hold" else "taken_down"
        actions.append({"listing_id": listing.listing_id, "action": action if held else "not_live",
                        "at": clock.now()})
        if held:
            ctx.audited(notice.filed_by, "listing_ip_hold", f"listing:{listing.listing_id}",
                        subject=listing.operator_id, rule_ids=RULES, before=listing.status, after="ip_hold",
                        detail={"notice_id": notice.notice_id})
    ctx.repo.move_notice(notice.notice_id, "taken_down", "taken_down",
                         step("listings_taken_down", "listing", RULES, [reason], status="taken_down"),
                         actions=actions)
    ctx.publish(contracts.IP_NOTICE_FILED, event(notice, "taken_down"))


def event(notice: models.IpNotice, status: str) -> dict:
    return {"notice_id": notice.notice_id, "operator_id": notice.operator_id, "filed_by": notice.filed_by,
            "listing_ids": list(notice.listing_ids), "right_kind": notice.right["kind"],
            "right_number": notice.right["number"], "rights_holder": notice.rights_holder["name"], "status": status,
            "rule_ids": RULES}


def get(ctx: Context, notice_id: str, viewer: dict) -> dict:
    notice = ctx.repo.notice_or_404(notice_id)
    if not viewer.get("platform") and viewer.get("id") not in (notice.filed_by, notice.operator_id):
        raise Forbidden("a notice is seen by its filer, the merchant named and the platform",
                        {"notice_id": ["not yours"]})
    return schemas.IpNoticeOut().dump(notice)


def counter_notice(ctx: Context, notice_id: str, data: dict, merchant_id: str) -> dict:
    """Art. 43: the merchant's statement, once; forwarded to the rights holder, and the restoration clock starts."""
    c = load(schemas.CounterNoticeIn(), data)
    notice = ctx.repo.notice_or_404(notice_id)
    if merchant_id != notice.operator_id:
        raise Forbidden("only the merchant whose listings the notice names counter-notifies",
                        {"notice_id": ["not yours"]})
    now = clock.now()
    due = oversight_rules.restoration_due(now, ctx.policy["ip_notice"]["complaint_days"])
    key = f"ip:{notice_id}:restore"
    ctx.deadlines.schedule(key, notice_id, "ip_restore", due, "R-LST-13", {"notice_id": notice_id})
    if not ctx.repo.move_notice(notice_id, "taken_down", "counter_noticed", step(
            "counter_notice", merchant_id, RULES, [c["statement"]], status="counter_noticed",
            previous="taken_down", documents=c["evidence"]),
            counter_notice={**c, "by": merchant_id, "at": now, "forwarded_at": now}, restore_due_at=due):
        raise Conflict(f"notice {notice_id} is {notice.status}: a counter-notice is taken once, while the listings "
                       "are down", {"status": [notice.status]})
    notice = ctx.repo.notice_or_404(notice_id)
    ctx.publish(contracts.IP_COUNTER_NOTICE_FORWARDED, {**event(notice, "counter_noticed"),
                                                        "statement": c["statement"], "evidence": c["evidence"],
                                                        "restore_due_at": due})
    ctx.audited(merchant_id, "ip_counter_notice", f"ip_notice:{notice_id}", subject=notice.operator_id,
                rule_ids=RULES, before="taken_down", after="counter_noticed")
    return schemas.IpNoticeOut().dump(notice)
