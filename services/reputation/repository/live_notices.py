"""Reputation's repository, continued: live hosts' warnings and stopped streams (listing's host_warned and
stream_stopped), kept on the host's and its MCN's record. Inserts are keyed: a redelivered event adds nothing."""

from mongoengine.errors import NotUniqueError

from .. import models


def insert_once(document) -> bool:
    """Insert a keyed document (a notice, or the credit signal a warning is); False when it was stored before."""
    try:
        document.save(force_insert=True)
        return True
    except NotUniqueError:
        return False


def live_notices(subject_id: str, limit: int = 20) -> list[models.LiveNotice]:
    """The subject's latest live notices, newest first."""
    return [models.LiveNotice._from_son(doc) for doc in models.LiveNotice._get_collection().find(
        {"subject_id": subject_id}, sort=[("at", -1)], limit=limit)]  # built as a queryset builds them, without it


def live_notice_counts(subject_id: str, since) -> dict:
    """Warnings and stops on the subject's record since `since` (a range on the (subject_id, at) index)."""
    return count_notices(models.LiveNotice.objects(subject_id=subject_id, at__gte=since).only("kind", "overturned"))


def count_notices(rows) -> dict:
    counts = {"warnings": 0, "stops": 0, "stops_overturned": 0}
    for row in rows:
        if row.kind == "warning":
            counts["warnings"] += 1
        else:
            counts["stops"] += 1
            counts["stops_overturned"] += 1 if row.overturned else 0
    return counts


def overturn_live_stop(session_id: str) -> int:
    """Mark a session's stop overturned on every record that keeps it (idempotent)."""
    return models.LiveNotice.objects(session_id=session_id, kind="stop", overturned=False).update(
        set__overturned=True)
