"""Onboarding's repository of what it publishes or keeps for inspection: policy changes (R-XC-23), management
reports (R-XC-31) with the reads they count, and supplier verifications (R-ONB-34)."""

from mongoengine.errors import NotUniqueError

from tianping.lib import clock

from .. import models


# -- policy changes (R-XC-23) ------------------------------------------------------------------------------
def insert_policy_change(change: models.PolicyChange) -> None:
    change.save(force_insert=True)


def policy_changes() -> list[models.PolicyChange]:
    """Every published change, in effective order."""
    return list(models.PolicyChange.objects.order_by("effective_from", "published_at"))


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
