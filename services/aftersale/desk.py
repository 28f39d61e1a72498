"""After-sale application layer."""

import uuid
from datetime import UTC, datetime

from pymongo import UpdateMany

from tianping.errors import NotFound, load

from . import models, rules, schemas

RESPONSE_HOURS = 48  # platform policy for R-AFT-05 (recorded on each request through response_due)


class Desk:
    def __init__(self, replica):
        self.replica = replica

    def open(self, data: dict) -> dict:
        r = load(schemas.RequestIn(), data)
        now = datetime.now(UTC)
        owner, fired = rules.deadline_owner(self.replica.is_blacklisted(r["merchant_id"]))
        request = models.Request(request_id=f"as_{uuid.uuid4().hex[:16]}", deadline_owner=owner,
                                 response_due=rules.merchant_deadline(now, RESPONSE_HOURS), opened_at=now,
                                 trail=[models.Step(event="opened", actor=r["buyer_id"], rule_ids=fired)], **r)
        request.save(force_insert=True)
        return schemas.RequestOut().dump(request)

    def get(self, request_id: str) -> dict:
        request = models.Request.objects(request_id=request_id).first()
        if request is None:
            raise NotFound(f"no after-sale request {request_id}", {"request_id": ["unknown"]})
        return schemas.RequestOut().dump(request)

    def react_to_blacklist(self, changes: list[dict]) -> None:
        """The platform takes over the deadlines of a blacklisted merchant's open requests: one bulk write.
        A lift changes nothing: deadlines the platform took over stay with it, the buyer protected to the end."""
        owner, fired = rules.deadline_owner(True)
        writes = [UpdateMany(
            {"merchant_id": c["subject_id"], "status": {"$in": list(rules.OPEN_STATUSES)}, "deadline_owner": "merchant"},
            {"$set": {"deadline_owner": owner},
             "$push": {"trail": models.Step(event="platform_took_over", actor="platform", rule_ids=fired,
                                            cause=f"blacklist:{c['seq']}").to_mongo().to_dict()}})
            for c in changes if c["action"] == "add"]
        if writes:
            models.Request._get_collection().bulk_write(writes, ordered=True)
