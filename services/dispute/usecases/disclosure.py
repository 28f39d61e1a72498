"""R-DSP-05: a buyer in a dispute may obtain the merchant's true name, address and contact, from onboarding; every
disclosure is logged with who and why. If the platform cannot give them, the buyer may claim from the platform:
advance compensation opens on the case."""

from tianping.lib import clock
from tianping.lib.trail import step

from .. import models, rules, schemas
from . import Context, moves


def merchant_identity(ctx: Context, case_id: str, viewer: dict, purpose: str) -> dict:
    case = ctx.repo.case_or_404(case_id)
    moves.party(viewer, case)
    identity = rules.disclosable_identity(ctx.identities(case.merchant_id, f"dispute {case_id}: {purpose}"))
    found = identity is not None
    ctx.audited(viewer["id"], "merchant_identity_disclosed" if found else "merchant_identity_unavailable",
                f"case:{case_id}", subject=case.merchant_id, rule_ids=["R-DSP-05"],
                detail={"purpose": purpose}, request_id=None)
    ctx.repo.log_disclosure(models.Disclosure(case_id=case_id, merchant_id=case.merchant_id, to=viewer["id"],
                                              purpose=purpose, found=found, at=clock.now()))
    if not found:
        ctx.repo.append_step(case_id, step("identity_unavailable", "dispute", ["R-DSP-05", "R-DSP-06"],
                                           ["the merchant's identity could not be given"]),
                             {"advance_compensation_available": True})
        return schemas.IdentityOut().dump({
            "merchant_id": case.merchant_id, "found": False, "rule_ids": ["R-DSP-05"],
            "note": "the platform cannot give the merchant's identity; you may claim compensation from the platform"})
    return schemas.IdentityOut().dump({
        "merchant_id": case.merchant_id, **identity, "found": True, "rule_ids": ["R-DSP-05"]})
