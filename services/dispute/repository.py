"""Dispute's repository: the only code that touches its collections."""

from pymongo import UpdateMany

from tianping.errors import found

from . import models, rules


def insert(case: models.Case) -> None:
    case.save(force_insert=True)


def case_or_404(case_id: str) -> models.Case:
    return found(models.Case.objects(case_id=case_id).first(), f"dispute case {case_id}", "case_id")


def protect_open_cases(protections: list[tuple[str, dict]]) -> None:
    """Flag each merchant's open cases and make advance compensation available: one bulk write; idempotent."""
    writes = [UpdateMany({"merchant_id": merchant_id, "status": {"$in": list(rules.OPEN_STATUSES)},
                          "flags": {"$ne": rules.MERCHANT_BLACKLISTED}},
                         {"$push": {"flags": rules.MERCHANT_BLACKLISTED, "trail": step},
                          "$set": {"advance_compensation_available": True}})
              for merchant_id, step in protections]
    if writes:
        models.Case._get_collection().bulk_write(writes, ordered=True)
