"""Supplier verifications (R-ONB-34): an MCN or host files its verification of each supplier; an incomplete one is
refused naming what it lacks; the records are kept for inspection."""

import uuid

from tianping.lib.errors import Conflict, RuleRefused, load

from .. import models, schemas, supplier_rules
from . import Context


def _out(v: models.SupplierVerification) -> dict:
    return {**v.record, "verification_id": v.verification_id, "subject_id": v.subject_id, "filed_by": v.filed_by,
            "at": v.at, "rule_ids": ["R-ONB-34"]}


def file(ctx: Context, subject_id: str, data: dict, actor: str) -> dict:
    record = load(schemas.SupplierVerificationIn(), data)
    subject = ctx.repo.subject_or_404(subject_id)
    if subject.subject_type not in supplier_rules.VERIFIERS:
        raise Conflict("suppliers are verified by MCNs and hosts", {"subject_id": ["not an MCN or host"]})
    gaps = supplier_rules.verification_gaps(record)
    if gaps:
        raise RuleRefused("a supplier verification must record every item the rule names (R-ONB-34)", gaps)
    verification = models.SupplierVerification(verification_id=f"sv_{uuid.uuid4().hex[:16]}", subject_id=subject_id,
                                                record=record, filed_by=actor)
    ctx.repo.insert_supplier_verification(verification)
    ctx.audited(actor, "supplier_verified", f"supplier_verification:{verification.verification_id}",
                subject=subject_id, rule_ids=["R-ONB-34"], detail={"supplier": record["supplier_name"]})
    return schemas.SupplierVerificationOut().dump(_out(verification))


def listed(ctx: Context, subject_id: str) -> dict:
    """The subject's supplier verifications, newest first, for inspection."""
    ctx.repo.subject_or_404(subject_id)
    return schemas.SupplierVerificationsOut().dump(
        {"items": [_out(v) for v in ctx.repo.supplier_verifications(subject_id)]})
