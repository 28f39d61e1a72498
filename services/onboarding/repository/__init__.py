"""Onboarding's repository: the only code that touches its collections (publications.py: policy changes and
management reports; graph.py: the liability graph; moves.py: many subjects moved at once)."""

from mongoengine.errors import NotUniqueError

from tianping.infra import db
from tianping.lib import paging
from tianping.lib.errors import found
from tianping.lib.trail import Step

from .. import models
from .graph import (  # noqa: F401 - the repository's liability graph
    blacklisted_link_holders,
    clear_flags,
    flags_on,
    holders,
    insert_flags,
    insert_links,
    links_of,
    mark_blacklisted_links,
    unmark_blacklisted_links,
)
from .moves import change_status, move_statuses, save_status_move, status_heads, status_move  # noqa: F401 - many subjects' moves
from .publications import (  # noqa: F401 - the repository's policy changes and reports
    decided_statuses,
    insert_policy_change,
    insert_report,
    insert_supplier_verification,
    last_report,
    measures_imposed,
    policy_changes,
    reports,
    supplier_verifications,
)

Duplicate = NotUniqueError  # what an insert of an existing record raises


# -- subjects ------------------------------------------------------------------------------------------
def subject(subject_id: str) -> models.Subject | None:
    return db.by_id(models.Subject, subject_id)


def subject_or_404(subject_id: str) -> models.Subject:
    return found(subject(subject_id), f"subject {subject_id}", "subject_id")


def subject_fields_or_404(subject_id: str) -> dict:
    """The subject's fields as its model would hold them (defaults included, history steps as dicts), read without
    building the model: the hot read, dumped as it is."""
    doc = models.Subject._get_collection().find_one({"_id": subject_id}, {"identity_keys": 0})
    return _fields(models.Subject, found(doc, f"subject {subject_id}", "subject_id"))


def _fields(model, doc: dict) -> dict:
    """A stored document's fields under the model's names, a missing one at the model's default (as loading the model
    would give them), its history steps likewise."""
    out = {}
    for name, field in model._fields.items():
        if field.db_field in doc:
            out[name] = doc[field.db_field]
        else:
            out[name] = field.default() if callable(field.default) else field.default
    if "history" in out:
        out["history"] = [_fields(Step, step) for step in out["history"] or []]
    return out


def is_registered(subject_id: str) -> bool:
    return models.Subject._get_collection().find_one({"_id": subject_id}, {"_id": 1}) is not None


def registered(subject_ids) -> set[str]:
    return set(models.Subject.objects(subject_id__in=list(subject_ids)).scalar("subject_id"))


def blacklisted_holder(identity_keys) -> str | None:
    """The subject blacklisted here that registered any of these identity keys (R-ONB-05)."""
    if not identity_keys:
        return None
    holder = models.Subject.objects(identity_keys__in=list(identity_keys), status="blacklisted").only("subject_id")
    first = holder.first()
    return first.subject_id if first else None


def first_blacklisted(subject_ids) -> str | None:
    """The first of these subjects whose status here is blacklisted: one read on `_id` (the store plans `_id` with
    another field as a scan, so the status is tested here)."""
    found = models.Subject._get_collection().find({"_id": {"$in": sorted(subject_ids)}}, {"status": 1})
    return next((s for s in sorted(d["_id"] for d in found if d.get("status") == "blacklisted")), None)


def insert_subject(subject: models.Subject, into=None) -> None:
    """Raises Duplicate; `into`: a tianping.infra.together.Together the caller commits with its other writes."""
    _insert(subject, into, "subject")


def _insert(document, into, label: str) -> dict:
    """The document written now (`into` None, raising Duplicate) or when the caller commits `into`; its stored form."""
    if into is None:
        document.save(force_insert=True)  # raises Duplicate
        return document.to_mongo().to_dict()
    document.validate()  # as save validates
    doc = document.to_mongo().to_dict()
    into.insert(type(document)._get_collection(), doc, label)
    return doc


def update_subject(subject_id: str, **changes) -> None:
    models.Subject.objects(subject_id=subject_id).update_one(**changes)


def stamp_applications(subject_id: str, retention_class: str, retain_until) -> None:
    models.Application.objects(subject_id=subject_id).update(set__retention_class=retention_class,
                                                             set__retain_until=retain_until)


def past_retention(now, limit: int) -> list[models.Subject]:
    """Deregistered subjects whose archive window has ended and whose personal data is still held."""
    return list(models.Subject.objects(retain_until__lte=now, minimised_at=None).order_by("retain_until")[:limit])


def minimise(subject_id: str, now) -> bool:
    """Remove the personal data of a subject and of its applications; the records, their statuses, rule IDs and
    histories stay. Conditional: only once."""
    done = models.Subject.objects(subject_id=subject_id, minimised_at=None).update_one(
        set__identity={}, set__display_name="", set__minimised_at=now)
    if done:
        models.Application.objects(subject_id=subject_id).update(set__identity={}, set__documents=[])
    return bool(done)


def evaluations_due(before, cursor: str | None, limit: int) -> tuple[list[dict], str | None]:
    query = {"next_evaluation_at": {"$lte": before}, "status": {"$in": ["active", "restricted"]}}
    return paging.page(models.Subject._get_collection(), query, [("next_evaluation_at", 1), ("_id", 1)],
                       cursor, limit)


def queue_stats() -> tuple[int, object]:
    """(applications waiting for a reviewer, when the oldest was submitted)."""
    return paging.queue_summary(models.Application._get_collection(), {"status": "pending_review"}, "submitted_at")


def subject_statuses(cursor: str | None, limit: int) -> tuple[list[dict], str | None]:
    docs, next_cursor = paging.page(models.Subject._get_collection(), {}, [("_id", 1)], cursor, limit)
    return [{"subject_id": d["_id"], "subject_type": d["subject_type"], "status": d.get("status", "active"),
             "version": len(d.get("history", []))} for d in docs], next_cursor


def flag_evaluation_overdue(subject_id: str, now) -> bool:
    return models.Subject.objects(subject_id=subject_id, next_evaluation_at__lte=now, evaluation_overdue=False,
                                  status__in=["active", "restricted"]).update_one(set__evaluation_overdue=True) == 1


def flag_reverification_due(subject_id: str, now) -> bool:
    return models.Subject.objects(subject_id=subject_id, next_reverification_at__lte=now, reverification_due=False,
                                  status__in=["active", "restricted", "suspended"]) \
        .update_one(set__reverification_due=True) == 1


def log_pii_access(subject_id: str, actor: str, role: str, purpose: str) -> None:
    models.PiiAccess(subject_id=subject_id, actor=actor, role=role, purpose=purpose).save()


# -- applications ----------------------------------------------------------------------------------------
def application(application_id: str) -> models.Application | None:
    return models.Application.objects(application_id=application_id).first()


def host_penalties(host_ids) -> dict[str, list[dict]]:
    """The penalties filed with these hosts' applications, by host (R-ONB-31)."""
    out: dict[str, list[dict]] = {}
    for app in models.Application.objects(subject_id__in=list(host_ids), applicant_type="host").only(
            "subject_id", "penalties"):
        out.setdefault(app.subject_id, []).extend(app.penalties or [])
    return out


def application_or_404(application_id: str) -> models.Application:
    return found(application(application_id), f"application {application_id}", "application_id")


def application_of_request(request_key: str | None) -> models.Application | None:
    return models.Application.objects(request_key=request_key).first() if request_key else None


def insert_application(application: models.Application, into=None) -> dict:
    """Raises Duplicate (the request key is unique); `into`: as insert_subject. Returns the application's fields as
    stored (as subject_fields_or_404 gives a subject's), to dump without the model."""
    return _fields(models.Application, _insert(application, into, "application"))


def move_application(application_id: str, from_status: str, **changes) -> bool:
    """Apply `changes` only if the application is still in `from_status` (no two reviewers decide one)."""
    return bool(models.Application.objects(application_id=application_id, status=from_status).update_one(**changes))


def update_application(application_id: str, **changes) -> None:
    models.Application.objects(application_id=application_id).update_one(**changes)


def pending_applications(applicant_type: str | None, cursor: str | None, limit: int):
    query = {"status": "pending_review", **({"applicant_type": applicant_type} if applicant_type else {})}
    docs, next_cursor = paging.page(models.Application._get_collection(), query,
                                    [("submitted_at", 1), ("_id", 1)], cursor, limit)
    return [_fields(models.Application, doc) for doc in docs], next_cursor  # dumped as they are: no model built


def insert_evaluation(**fields) -> None:
    models.Evaluation(**fields).save()


# -- MCN–host contracts --------------------------------------------------------------------------------
def active_contracts(mcn_id: str | None = None, host_id: str | None = None) -> list[models.Contract]:
    query = {"status": "active", **({"mcn_id": mcn_id} if mcn_id else {}), **({"host_id": host_id} if host_id else {})}
    return list(models.Contract.objects(**query))


def contracted_hosts(mcn_id: str) -> list[str]:
    """The hosts of the MCN's active contracts, their ids only (no model built for each of a thousand)."""
    return [c["host_id"] for c in models.Contract._get_collection().find({"mcn_id": mcn_id, "status": "active"},
                                                                         {"host_id": 1, "_id": 0})]


def insert_contract(mcn_id: str, host_id: str, reference: str, into=None) -> None:
    contract = models.Contract(mcn_id=mcn_id, host_id=host_id, reference=reference)
    if into is None:
        contract.save()
    else:
        contract.validate()
        into.insert(models.Contract._get_collection(), contract.to_mongo().to_dict(), "contract")


def terminate_contract(mcn_id: str, host_id: str, at) -> bool:
    return bool(models.Contract.objects(mcn_id=mcn_id, host_id=host_id, status="active").update(
        set__status="terminated", set__terminated_at=at))
