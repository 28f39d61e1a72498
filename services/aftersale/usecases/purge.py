"""Retention of transaction data (R-XC-02): a closed request is kept at least 3 calendar years from completion
(`retain_until`, set when it closes); after that, the periodic purge replaces the buyer's identifier with a random
token and removes the free texts (reason, tracking, survey comment, the history's reasons), keeping the record — kind,
amounts, states, deadlines, rule IDs — for the merchant statistics. Each minimisation is an audit entry."""

from tianping.lib import clock
from tianping.platform import retention

from . import Context


def scrub(request) -> dict:
    return {"buyer_id": retention.pseudonym(), "reason": retention.REMOVED if request.reason else "", "tracking": {},
            "survey": {k: v for k, v in (request.survey or {}).items() if k != "comment"},
            "trail": retention.scrubbed_trail(request.trail)}


def purge(ctx: Context, limit: int = retention.PURGE_BATCH) -> dict:
    now = clock.now()
    done = retention.purge(ctx.repo.requests_past_retention(now, limit), scrub=scrub,
                           minimise=ctx.repo.minimise_request, audit=ctx.audit, service="aftersale", noun="request",
                           rule_id="R-XC-02", subject_of=lambda request: request.merchant_id, now=now)
    return {"minimised": len(done), "request_ids": done}
