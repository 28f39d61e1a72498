"""Retention of transaction data (R-XC-02): a closed request is kept at least 3 calendar years from completion
(`retain_until`, set when it closes); after that, the periodic purge replaces the buyer's identifier with a random
token and removes the free texts (reason, tracking, survey comment, the history's reasons), keeping the record — kind,
amounts, states, deadlines, rule IDs — for the merchant statistics. Each minimisation is an audit entry."""

from tianping import clock, retention
from tianping.trail import Step

from . import Context


def purge(ctx: Context, limit: int = retention.PURGE_BATCH) -> dict:
    now, done = clock.now(), []
    for request in ctx.repo.requests_past_retention(now, limit):
        scrubbed = {"buyer_id": retention.pseudonym(), "reason": retention.REMOVED if request.reason else "", "tracking": {},
                    "survey": {k: v for k, v in (request.survey or {}).items() if k != "comment"},
                    "trail": [Step(**s) for s in retention.scrub_steps([s.to_mongo().to_dict() for s in request.trail])]}
        if not ctx.repo.minimise_request(request, now, scrubbed):
            continue
        done.append(request.request_id)
        if ctx.audit is not None:
            ctx.audit.append("aftersale", "request_personal_data_minimised", f"request:{request.request_id}",
                             subject=request.merchant_id, rule_ids=["R-XC-02"], before=request.status,
                             after=request.status, key=f"minimised:{request.request_id}",
                             detail={"retain_until": clock.aware(request.retain_until).isoformat()})
    return {"minimised": len(done), "request_ids": done}
