"""A merchant's published service terms (R-AFT-03, R-AFT-04: service hours, time limits, return and warranty
policy, repair contacts): versioned, public, never worse than the platform
minimum; a request uses the version in force when its order was paid."""

from tianping.lib import clock
from tianping.lib.errors import RuleRefused, load

from .. import models, order_rules, rules, schemas, terms_rules
from . import Context

TERMS_FIELDS = ("response_hours", "return_days", "warranty_days", "channels")


def publish(ctx: Context, merchant_id: str, data: dict, actor: str) -> dict:
    """R-AFT-03 / R-AFT-04: a new version of the published terms, never below the platform minimum."""
    t = load(schemas.TermsIn(), data)
    problems = rules.terms_problems(t, ctx.policy["minimum_terms"])
    if problems:
        raise RuleRefused("these terms are worse than the platform minimum (R-AFT-03)", problems)
    problems = terms_rules.channel_terms_problems(t["channels"], ctx.policy["minimum_terms"])
    if problems:
        raise RuleRefused("each after-sales channel publishes coherent hours and a time limit no worse than the "
                          "platform minimum (R-AFT-04)", problems)
    latest = ctx.repo.latest_terms(merchant_id)
    if latest is not None and schemas.TermsIn().dump(latest) == schemas.TermsIn().dump(t):
        return schemas.TermsOut().dump(latest) | {"platform_default": False}  # PUT of the same terms: no new version
    terms = models.ServiceTerms(merchant_id=merchant_id, version=(latest.version if latest else 0) + 1,
                                effective_from=clock.now(), published_by=actor, **t)
    try:
        ctx.repo.insert_terms(terms)
    except ctx.repo.Duplicate:  # two publications raced for the same version number: the later one retries
        return publish(ctx, merchant_id, data, actor)
    if ctx.terms_cache is not None:
        ctx.terms_cache.forget(merchant_id)
    return schemas.TermsOut().dump(terms) | {"platform_default": False}


def get(ctx: Context, merchant_id: str) -> dict:
    latest = ctx.repo.terms_in_force(merchant_id, clock.now())
    if latest is None:
        return schemas.TermsOut().dump({"merchant_id": merchant_id, "version": 0, "repair_contacts": [],
                                        "platform_default": True, **ctx.policy["default_terms"]})
    return schemas.TermsOut().dump(latest) | {"platform_default": False}


def terms_for_order(ctx: Context, order: models.Order) -> dict:
    """The deadlines a request runs on: the merchant's terms in force when the order was paid, else the defaults —
    each period the longer one where the livestream the order was sold in promised more (R-AFT-09)."""
    if ctx.terms_cache is not None:  # the service's: remembered while it cannot change (usecases/terms_cache.py)
        terms = ctx.terms_cache.in_force(ctx.repo, order.merchant_id, order.paid_at)
    else:
        terms = ctx.repo.terms_in_force(order.merchant_id, order.paid_at)
    if terms is None:
        published = {**ctx.policy["default_terms"], "channels": [], "version": 0}
    else:
        published = {**{f: getattr(terms, f) for f in TERMS_FIELDS}, "version": terms.version}
    return order_rules.honour_live_commitments(published, order.live_commitments or None)["honoured"]


def channel_clock(terms: dict, channel: str | None, now) -> tuple[dict, dict | None]:
    """R-AFT-04: the terms a request received through `channel` runs on (the channel's time limit, when the merchant
    publishes that channel) and when its response time starts; (terms, None) for a channel not published."""
    published = {c["channel"]: c for c in terms.get("channels") or []}
    if channel not in published:
        return terms, None
    opening = terms_rules.response_starts(now, published[channel])
    return {**terms, "response_hours": published[channel]["response_hours"]}, opening
