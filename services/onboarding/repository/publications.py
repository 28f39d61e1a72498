"""Onboarding's repository of what it publishes or keeps for inspection: policy changes (R-XC-23), management
reports (R-XC-31) with the reads they count, and supplier verifications (R-ONB-34)."""

import time

from mongoengine.errors import NotUniqueError

from tianping.lib import clock

from .. import models

# Every application reads the policy in force, so the published changes are held per process. A change published by
# this process drops them at once; one published by another instance takes effect no earlier than the notice period
# after its publication (R-XC-23, days), so reading them again after POLICY_CACHE_SECONDS — of the monotonic clock
# or of the kit's clock, which tests move — never misses a change in force. Keyed by the database (tests use many).
POLICY_CACHE_SECONDS = 60.0
_policy_cache: dict[tuple, tuple[float, object, list]] = {}


# -- policy changes (R-XC-23) ------------------------------------------------------------------------------
def insert_policy_change(change: models.PolicyChange) -> None:
    _policy_cache.clear()
    change.save(force_insert=True)
    _policy_cache.clear()


def policy_changes() -> list[models.PolicyChange]:
    """Every published change, in effective order (held for POLICY_CACHE_SECONDS; treat as read-only)."""
    collection = models.PolicyChange._get_collection()
    key = (id(collection.database.client), collection.full_name)
    held, mono, now = _policy_cache.get(key), time.monotonic(), clock.now()
    if held and mono - held[0] < POLICY_CACHE_SECONDS and abs((now - held[1]).total_seconds()) < POLICY_CACHE_SECONDS:
        return held[2]
    changes = list(models.PolicyChange.objects.order_by("effective_from", "published_at"))
    _policy_cache[key] = (mono, now, changes)
    return changes


# -- management reports (R-XC-31) ------------------------------------------------------------------------------
def last_report() -> models.ManagementReport | None:
    return models.ManagementReport.objects.order_by("-period_end").first()


def reports(limit: int = 40) -> list[models.ManagementReport]:
    return list(models.ManagementReport.objects.order_by("-period_end").limit(limit))


def insert_report(report: models.ManagementReport) -> bool:
    """False when the period's report was already published (another instance)."""
    try:
        report.save(force_insert=True)
    except NotUniqueError:
        return False
    return True


def decided_statuses(start, end) -> list[str]:
    """The status of each application decided in [start, end)."""
    return list(models.Application.objects(decided_at__gte=start, decided_at__lt=end).scalar("status"))


def measures_imposed(start, end, kinds) -> list[str]:
    """The status of each subject status change to one of `kinds` made in [start, end)."""
    found = models.Subject.objects(__raw__={"history.at": {"$gte": start, "$lt": end}})
    return [s.status for subject in found.only("history") for s in subject.history
            if s.status in kinds and s.at is not None and start <= clock.aware(s.at) < end]


# -- supplier verifications (R-ONB-34) -------------------------------------------------------------------------
def insert_supplier_verification(verification: models.SupplierVerification) -> None:
    verification.save(force_insert=True)


def supplier_verifications(subject_id: str, limit: int = 200) -> list[models.SupplierVerification]:
    return list(models.SupplierVerification.objects(subject_id=subject_id).order_by("-at").limit(limit))
