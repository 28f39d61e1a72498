"""A buyer's after-sale requests: opened (the merchant's response deadline set, R-AFT-05) and read."""

import uuid

from tianping import clock
from tianping.errors import load
from tianping.trail import step
from tianping.usecase import Context

from .. import models, rules, schemas

RESPONSE_HOURS = 48  # platform policy for R-AFT-05 (recorded on each request through response_due)


def open_request(ctx: Context, data: dict) -> dict:
    r = load(schemas.RequestIn(), data)
    now = clock.now()
    owner, fired = rules.deadline_owner(ctx.replica.is_blacklisted(r["merchant_id"]))
    request = models.Request(request_id=f"as_{uuid.uuid4().hex[:16]}", deadline_owner=owner,
                             response_due=rules.merchant_deadline(now, RESPONSE_HOURS), opened_at=now,
                             trail=[step("opened", r["buyer_id"], fired, status="open")], **r)
    ctx.repo.insert(request)
    return schemas.RequestOut().dump(request)


def get(ctx: Context, request_id: str) -> dict:
    return schemas.RequestOut().dump(ctx.repo.request_or_404(request_id))
