"""Dispute cases: opened (a blacklisted merchant's with advance compensation available, R-DSP-06) and read."""

import uuid

from tianping.errors import load
from tianping.trail import step
from tianping.usecase import Context

from .. import models, rules, schemas


def open_case(ctx: Context, data: dict) -> dict:
    c = load(schemas.CaseIn(), data)
    protect, fired = rules.protection_on_blacklist("add" if ctx.replica.is_blacklisted(c["merchant_id"]) else "none")
    case = models.Case(case_id=f"dsp_{uuid.uuid4().hex[:16]}", **c,
                       flags=[rules.MERCHANT_BLACKLISTED] if protect else [], advance_compensation_available=protect,
                       trail=[step("opened", c["consumer_id"], ["R-DSP-02"] + fired, status="open")])
    ctx.repo.insert(case)
    return schemas.CaseOut().dump(case)


def get(ctx: Context, case_id: str) -> dict:
    return schemas.CaseOut().dump(ctx.repo.case_or_404(case_id))
