"""Content review before publication (R-LST-01): the automatic review answers at once — published, rejected or in
review, each finding with its rule IDs and the exact span — and nothing is published before it; a draft can be
checked without storing anything; reviewers decide what waits for them (R-LST-02), each step in the listing's trail
with the lexicon version used."""


from tianping.infra import metrics
from tianping.lib import paging
from tianping.lib.errors import (
    Conflict,
    Forbidden,
    SubjectBlacklisted,
    SubjectNotActive,
    TianpingError,
    ValidationFailed,
    load,
)
from tianping.lib.schemas import jsonable
from tianping.lib.trail import step

from .. import class_model, conduct, contracts, disclosure_rules, models, rules, schemas
from . import Context, cascades, lexicons, quality, sampling, sanctions


def automatic_review(ctx: Context, item: dict, lexicon=None, market: bool = False) \
        -> tuple[str, list[str], list[dict], str]:
    """The automatic review of `item` under the lexicon in force (or the given compiled one: a dry run), with the
    conduct and disclosure checks (issue 27); `market`: its price compared with similar published products too
    (a submission; a draft check or re-check judges the text alone)."""
    lexicon = lexicon or lexicons.compiled(ctx)
    room = ctx.repo.room(item.get("room_id"))
    plain = jsonable(item)
    findings = rules.review(plain, lexicon, ctx.repo.certificates(item.get("certificates") or []),
                            room.to_mongo().to_dict() if room else None)
    findings = conduct.community_exaggeration(plain, findings) + conduct.post(plain) \
        + disclosure_rules.hidden_defects(plain) + disclosure_rules.missing_warnings(plain)
    if market and plain.get("kind", "product") == "product" and plain.get("category"):
        findings += disclosure_rules.out_of_line_price(
            plain, ctx.repo.published_prices(plain["category"], plain.get("operator_id")), ctx.policy["price_fairness"])
    findings += class_model.findings(plain, findings)  # the learned second opinion: to a reviewer, never rejected
    status, fired = rules.decision(findings)
    return status, fired, [f.out() for f in findings], lexicon.version


def check(ctx: Context, data: dict) -> dict:
    """The same review as a submission, stored nowhere (merchants check drafts; reviewers test the lexicon)."""
    item = load(schemas.ListingBody(), {k: v for k, v in data.items() if k != "operator_id"})
    _readable(item)
    status, fired, findings, version = automatic_review(ctx, item)
    return schemas.ReviewOut().dump({"status": status, "rule_ids": fired, "findings": findings,
                                     "lexicon_version": version})


def submit(ctx: Context, data: dict) -> dict:
    """Exactly once by the request's key without a command log (service.review is a keyed command): the listing's
    number is derived from the key, so a redelivery's insert finds the listing the first delivery stored and answers
    with it — no read of the key before, no claim and completion around it (three store round trips)."""
    item = load(schemas.ListingIn(), data)
    _readable(item)
    listing_id = ctx.repo.listing_id_for(ctx.request_key)
    try:
        status, fired, findings, version = _admitted_review(ctx, item)
    except TianpingError as refused:  # refused now: a redelivery of a command that stored its listing answers with it
        return _resumed(ctx, listing_id, refused)
    plain = jsonable(item)
    listing = models.Listing(listing_id=listing_id, request_key=ctx.request_key,
                             findings=findings, lexicon_version=version, status=status, **ctx.repo.ended(status),
                             **{k: v for k, v in plain.items() if v is not None},
                             trail=[step("reviewed_automatically", "listing", fired,
                                         [f"lexicon {version}", *(f["message"] for f in findings)],
                                         cause="submitted", status=status)])
    sampling.draw_for(ctx, listing)  # a share of what publishes automatically goes to a person too
    try:
        ctx.repo.insert(listing)
    except ctx.repo.Duplicate as duplicate:  # a redelivered command: the first delivery stored it (and did the rest)
        return _resumed(ctx, listing_id, duplicate)
    if status == "published" and listing.kind == "product" and listing.category and listing.price is not None:
        ctx.repo.note_published_price(listing.category, listing.operator_id, str(listing.price))
    metrics.DECISIONS.labels("listing", "listing", status).inc()
    for finding in findings:
        metrics.FINDINGS.labels(finding["kind"], finding["rule_id"]).inc()
    announce(ctx, listing, status, fired, "listing")
    return schemas.ListingOut().dump(listing)


def _resumed(ctx: Context, listing_id: str, otherwise: Exception) -> dict:
    """The listing an earlier delivery of this request stored, else `otherwise` raised."""
    stored = ctx.repo.listing(listing_id) if ctx.request_key else None
    if stored is None:
        raise otherwise
    return schemas.ListingOut().dump(stored)


def _admitted_review(ctx: Context, item: dict) -> tuple[str, list[str], list[dict], str]:
    """The gates (blacklist R-REP-13, registered and active R-ONB-02, the subject's sanction) and the automatic
    review, with the sanction's effect on its outcome; raises the refusal."""
    named = [item["operator_id"], item["host_id"]]
    known, statuses = sanctions.entries_and_statuses(ctx, named)  # one read: both gates' replicas (issue 30)
    for sid in filter(None, named):
        if (known.get(sid) or {}).get("status") == "blacklisted":  # refuse new listings (R-REP-13)
            raise SubjectBlacklisted(f"{sid} is on the platform blacklist (R-REP-13)",
                                     {"operator_id": ["blacklisted"], "rule_ids": ["R-REP-13"]})
    inactive = rules.not_cleared_to_publish(named, statuses)
    if inactive:  # only registered, active subjects publish (R-ONB-02), as onboarding last told this service
        raise SubjectNotActive("only registered, active subjects may publish (R-ONB-02)",
                               {("operator_id" if sid == item["operator_id"] else "host_id"): [status]
                                for sid, status in inactive.items()})
    verdict = sanctions.gate(ctx, item, known)  # the subject's sanction, from this service's replica (issue 24)
    status, fired, findings, version = automatic_review(ctx, item, market=True)
    status, fired = sanctions.reviewed(verdict, status, fired)
    return status, fired, findings, version


def _readable(item: dict) -> None:
    """The condition and hazards attributes the disclosure checks read are values they know, or 400 naming them."""
    wrong = disclosure_rules.unknown_values(jsonable(item))
    if wrong:
        raise ValidationFailed("attributes the disclosure checks cannot read", wrong)


def announce(ctx: Context, listing: models.Listing, status: str, rule_ids, actor: str, previous: str | None = None) \
        -> None:
    """Every decision on a listing: appended to the audit log (hash-chained) and announced to the others."""
    ctx.audited(actor, f"listing_{status}", f"listing:{listing.listing_id}", subject=listing.operator_id,
                rule_ids=rule_ids, versions={"lexicon": listing.lexicon_version}, before=previous,
                after=status)
    event = contracts.BY_STATUS.get(status)
    if event is not None:
        ctx.publish(event, {"listing_id": listing.listing_id, "operator_id": listing.operator_id,
                            "host_id": listing.host_id, "status": status, "rule_ids": list(rule_ids),
                            "lexicon_version": listing.lexicon_version, "actor": actor})


def get(ctx: Context, listing_id: str, viewer: dict | None = None) -> dict:
    listing = cascades.view(ctx, ctx.repo.listing_or_404(listing_id))  # withdrawn at once in an MCN's cascade
    listing.hidden = sanctions.hidden(ctx, listing)
    sanctions.refuse_hidden(listing.hidden, listing, viewer)
    if viewer is not None and not viewer.get("platform") and viewer.get("id") not in (listing.operator_id,
                                                                                      listing.host_id):
        if listing.status != "published":
            raise Forbidden("only its operator and reviewers see an unpublished listing", {"listing_id": ["not yours"]})
    return schemas.ListingOut().dump(listing)


def observe_queue(ctx: Context) -> None:
    """Timer: the queue's depth and oldest age for the dashboards and the review-SLA alert."""
    metrics.observe_queue("listing", "listing", *ctx.repo.queue_stats())


def summary(ctx: Context) -> dict:
    """How many listings wait for a reviewer and since when the oldest: a count, not a page of them."""
    waiting, oldest = ctx.repo.queue_stats()
    return paging.QueueSummary().dump({"waiting": waiting, "oldest_waiting_since": oldest})


def queue(ctx: Context, cursor: str | None = None, limit: int = 50) -> dict:
    docs, next_cursor = ctx.repo.awaiting_review(cursor, paging.clamp(limit, 50, 200))
    docs = cascades.uncovered(ctx, docs)  # withdrawn in a cascade whose batches have not reached them yet
    return schemas.ListingPage().dump({"items": docs, "next_cursor": next_cursor})


DECISIONS = {"approve": "published", "reject": "rejected", "request_changes": "changes_requested"}


def decide(ctx: Context, listing_id: str, data: dict, reviewer: str) -> dict:
    """A reviewer's decision on a listing in review (R-LST-02: reviewer, time, decision, rules in the trail)."""
    d = load(schemas.DecisionIn(), data)
    listing = cascades.settle(ctx, ctx.repo.listing_or_404(listing_id))
    to = DECISIONS[d["decision"]]
    rule_ids = ["R-LST-01", "R-LST-02", *d["rule_ids"]]
    if not ctx.repo.move(listing_id, "in_review", to, step(d["decision"], reviewer, rule_ids, [d["reason"]],
                                                           cause="review", status=to, previous="in_review"),
                         quality.review_label(listing, d["decision"], d, reviewer)):
        raise Conflict(f"listing {listing_id} is {listing.status}, not in review", {"status": [listing.status]})
    metrics.DECISIONS.labels("listing", "listing", to).inc()
    announce(ctx, listing, to, rule_ids, reviewer, "in_review")
    return get(ctx, listing_id)


def withdraw(ctx: Context, listing_id: str, data: dict, actor: dict) -> dict:
    """The operator takes its listing down, or the platform does (R-LST-12); the record stays, withdrawn."""
    reason = load(schemas.RevokeIn(), data)["reason"]
    listing = cascades.settle(ctx, ctx.repo.listing_or_404(listing_id))
    if not actor.get("platform") and actor.get("id") != listing.operator_id:
        raise Forbidden("only the listing's operator or the platform withdraws it", {"listing_id": ["not yours"]})
    if listing.status not in rules.LIVE_STATUSES or not ctx.repo.move(
            listing_id, listing.status, "withdrawn", step("withdrawn", actor["id"], ["R-LST-12"], [reason],
                                                          cause="withdrawal", status="withdrawn",
                                                          previous=listing.status)):
        raise Conflict(f"listing {listing_id} is {listing.status}", {"status": [listing.status]})
    announce(ctx, listing, "withdrawn", ["R-LST-12"], actor["id"], listing.status)
    return get(ctx, listing_id)
