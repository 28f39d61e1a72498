"""Aftersale's repository: the only code that touches its collections."""

from pymongo import UpdateMany

from tianping.errors import found

from . import models, rules


def insert(request: models.Request) -> None:
    request.save(force_insert=True)


def request_or_404(request_id: str) -> models.Request:
    return found(models.Request.objects(request_id=request_id).first(), f"after-sale request {request_id}",
                 "request_id")


def platform_takes_over(takeovers: list[tuple[str, dict]]) -> None:
    """For each merchant, its open requests' deadlines pass to the platform, with the step: one bulk write."""
    writes = [UpdateMany({"merchant_id": merchant_id, "status": {"$in": list(rules.OPEN_STATUSES)},
                          "deadline_owner": "merchant"},
                         {"$set": {"deadline_owner": "platform"}, "$push": {"trail": step}})
              for merchant_id, step in takeovers]
    if writes:
        models.Request._get_collection().bulk_write(writes, ordered=True)
