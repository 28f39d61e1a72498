"""Listing's repository, continued: MCNs' commitments to platform campaigns (PB-15, PB-16)."""

from pymongo import ReturnDocument

from tianping.lib.errors import found
from tianping.lib.trail import Step, stored

from .. import models


def insert_commitment(commitment: models.CampaignCommitment) -> None:
    commitment.save(force_insert=True)


def commitment_or_404(commitment_id: str) -> dict:
    return found(models.CampaignCommitment._get_collection().find_one({"_id": commitment_id}),
                 f"commitment {commitment_id}", "commitment_id")


def commitment_of(mcn_id: str, campaign_id: str) -> dict | None:
    return models.CampaignCommitment._get_collection().find_one({"mcn_id": mcn_id, "campaign_id": campaign_id})


def commitment_of_key(request_key: str | None) -> dict | None:
    return models.CampaignCommitment._get_collection().find_one({"request_key": request_key}) if request_key else None


def move_commitment(commitment_id: str, from_status: str, to_status: str, fields: dict, step: Step) -> dict | None:
    """Move a commitment from `from_status`, once (two requests never both move it); the commitment after."""
    return models.CampaignCommitment._get_collection().find_one_and_update(
        {"_id": commitment_id, "status": from_status},
        {"$set": {"status": to_status, **fields}, "$push": {"history": stored(step)}},
        return_document=ReturnDocument.AFTER)


def campaign_sessions(mcn_id: str, campaign_id: str) -> list[dict]:
    """The MCN's hosts' sessions whose plan names the campaign: status and start (what a commitment delivered)."""
    return list(models.LiveSession._get_collection().find({"mcn_id": mcn_id, "plan.campaign_id": campaign_id},
                                                          {"status": 1, "started_at": 1}))


def commitment_of_id(commitment_id: str) -> dict | None:
    return models.CampaignCommitment._get_collection().find_one({"_id": commitment_id})
