"""An MCN's commitments to platform campaigns (PB-15, PB-16): the MCN commits so many live sessions of its hosts by a
due time; the platform may release it; a withdrawal without that release is recorded as a breach of its commitment
(PB-16), and at the due time (the kit's deadline engine) a commitment its sessions did not deliver is recorded as a
failure to perform the agreement (PB-15) — each breach a violation of the MCN for reputation, once (dedupe key)."""

import uuid

from tianping.lib import clock
from tianping.lib.errors import Conflict, Forbidden, ValidationFailed, load
from tianping.lib.trail import step

from .. import campaign_rules, campaign_schemas, contracts, models
from . import Context

KIND = "campaign_due"


def _key(commitment_id: str) -> str:
    return f"campaign:{commitment_id}:due"


def commit(ctx: Context, data: dict, mcn_id: str) -> dict:
    c = load(campaign_schemas.CommitmentIn(), data)
    resumed = ctx.repo.commitment_of_key(ctx.request_key)  # a redelivered command finds what it stored
    if resumed is not None:
        return out(resumed)
    now = clock.now()
    if c["due_at"] <= now:
        raise ValidationFailed("a commitment is due in the future", {"due_at": ["not in the future"]})
    if ctx.repo.commitment_of(mcn_id, c["campaign_id"]) is not None:
        raise Conflict(f"{mcn_id} has committed to campaign {c['campaign_id']} before", {"campaign_id": ["committed"]})
    commitment = models.CampaignCommitment(
        commitment_id=f"cmt_{uuid.uuid4().hex[:16]}", request_key=ctx.request_key, mcn_id=mcn_id, created_at=now,
        history=[step("committed", mcn_id, ["PB-15", "PB-16"], cause="commitment", status="committed")], **c)
    ctx.repo.insert_commitment(commitment)
    ctx.deadlines.schedule(_key(commitment.commitment_id), commitment.commitment_id, KIND, c["due_at"], "PB-15",
                           {"commitment_id": commitment.commitment_id})
    stored = commitment.to_mongo().to_dict()
    _audit(ctx, mcn_id, "campaign_committed", stored, None)
    return out(stored)


def release(ctx: Context, commitment_id: str, data: dict, reviewer: str) -> dict:
    """The platform permits the MCN to withdraw (its commitment no longer binds it)."""
    r = load(campaign_schemas.ReasonIn(), data)
    ctx.repo.commitment_or_404(commitment_id)
    after = ctx.repo.move_commitment(commitment_id, "committed", "released", {}, step(
        "released", reviewer, ["PB-16"], [r["reason"]], cause="permission", status="released", previous="committed"))
    if after is None:
        raise Conflict(f"commitment {commitment_id} is not committed", {"status": ["not committed"]})
    ctx.deadlines.cancel(_key(commitment_id), "released by the platform")
    _audit(ctx, reviewer, "campaign_released", after, "committed")
    return out(after)


def withdraw(ctx: Context, commitment_id: str, data: dict, mcn_id: str) -> dict:
    r = load(campaign_schemas.ReasonIn(), data)
    commitment = ctx.repo.commitment_or_404(commitment_id)
    if commitment["mcn_id"] != mcn_id:
        raise Forbidden("a commitment is withdrawn by its MCN", {"commitment_id": ["not yours"]})
    if commitment["status"] not in ("committed", "released"):
        raise Conflict(f"commitment {commitment_id} is {commitment['status']}", {"status": [commitment["status"]]})
    reason, rule_ids = campaign_rules.withdrawal_breach(commitment)
    now = clock.now()
    fields = {"withdrawn_at": now, **({"breach": {"reason": reason, "rule_ids": rule_ids, "at": now}} if reason else {})}
    after = ctx.repo.move_commitment(commitment_id, commitment["status"], "withdrawn", fields, step(
        "withdrawn", mcn_id, rule_ids or ["PB-16"], [r["reason"]], cause="withdrawal", status="withdrawn",
        previous=commitment["status"]))
    if after is None:
        raise Conflict(f"commitment {commitment_id} changed meanwhile", {"status": ["changed"]})
    ctx.deadlines.cancel(_key(commitment_id), "withdrawn")
    _audit(ctx, mcn_id, "campaign_withdrawn", after, commitment["status"], rule_ids)
    if reason:
        _violation(ctx, after, reason, rule_ids)
    return out(after)


def settle_due(ctx: Context, deadline: dict) -> str:
    """The deadline engine's handler at the due time: fulfilled, or breached (PB-15) with the sessions delivered."""
    commitment = ctx.repo.commitment_of_id(deadline["payload"]["commitment_id"])
    if commitment is None or commitment["status"] != "committed":
        return "not_committed"
    delivered = campaign_rules.delivered(
        ctx.repo.campaign_sessions(commitment["mcn_id"], commitment["campaign_id"]), commitment)
    reason, rule_ids = campaign_rules.performance_breach(commitment, delivered, clock.now())
    to = "breached" if reason else "fulfilled"
    fields = {"delivered": delivered, **({"breach": {"reason": reason, "rule_ids": rule_ids, "at": clock.now()}}
                                        if reason else {})}
    after = ctx.repo.move_commitment(commitment["_id"], "committed", to, fields, step(
        to, "listing", rule_ids or ["PB-15"], [f"{delivered} of {commitment['sessions']} sessions delivered"],
        cause="due", status=to, previous="committed"))
    if after is not None:
        _audit(ctx, "listing", f"campaign_{to}", after, "committed", rule_ids)
        if reason:
            _violation(ctx, after, reason, rule_ids)
    return to


def get(ctx: Context, commitment_id: str, viewer: dict) -> dict:
    commitment = ctx.repo.commitment_or_404(commitment_id)
    if not viewer.get("platform") and viewer.get("id") != commitment["mcn_id"]:
        raise Forbidden("a commitment is seen by its MCN and the platform", {"commitment_id": ["not yours"]})
    return out(commitment)


def out(commitment: dict) -> dict:
    return campaign_schemas.CommitmentOut().dump(
        {**commitment, "commitment_id": commitment.get("_id", commitment.get("commitment_id")),
         "breach": commitment.get("breach") or None})


def _violation(ctx: Context, commitment: dict, reason: str, rule_ids: list[str]) -> None:
    for rule_id in rule_ids:
        ctx.publish(contracts.VIOLATION_DETECTED, {
            "subject_id": commitment["mcn_id"], "subject_type": "mcn", "severity": "general", "rule_id": rule_id,
            "source_service": "listing", "dedupe_key": f"commitment:{commitment['_id']}:{rule_id}",
            "evidence": [f"commitment:{commitment['_id']}", f"campaign:{commitment['campaign_id']}", f"reason:{reason}",
                         f"sessions:{commitment.get('delivered')}/{commitment['sessions']}"]})


def _audit(ctx: Context, actor: str, action: str, commitment: dict, before, rule_ids=("PB-15", "PB-16")) -> None:
    ctx.audited(actor, action, f"campaign_commitment:{commitment['_id']}", subject=commitment["mcn_id"],
                rule_ids=list(rule_ids), before=before, after=commitment["status"])
