"""Dispute's repository: the only code that touches its collections (deadlines live in the kit's DeadlineBook)."""

import hashlib
import uuid

from mongoengine.errors import NotUniqueError

from tianping.infra import bulk, db
from tianping.lib import paging
from tianping.lib.errors import found
from tianping.lib.trail import Step, stored

from . import models, rules

Duplicate = NotUniqueError


def cases_past_retention(now, limit: int) -> list[models.Case]:
    """Closed cases whose retention window has ended and whose personal data is still held."""
    return list(models.Case.objects(retain_until__lte=now, minimised_at=None).order_by("retain_until")[:limit])


def minimise_case(case: models.Case, now, scrubbed: dict) -> bool:
    """Replace the personal data of a case past its window (conditional: once, and never inside the window)."""
    return bool(models.Case.objects(case_id=case.case_id, minimised_at=None, retain_until__lte=now)
                .update_one(**{f"set__{k}": v for k, v in scrubbed.items()}, set__minimised_at=now))


def case(case_id: str) -> models.Case | None:
    return db.by_id(models.Case, case_id)


def case_or_404(case_id: str) -> models.Case:
    return found(case(case_id), f"dispute case {case_id}", "case_id")


def case_with_deadlines_or_404(case_id: str, book) -> tuple[models.Case, list[dict]]:
    """The case and its deadlines in the deadline book `book`, in one round trip."""
    son, deadlines = book.with_record(models.Case._get_collection(), case_id)
    return found(None if son is None else models.Case._from_son(son), f"dispute case {case_id}", "case_id"), deadlines


def case_id_for(request_key: str | None) -> str:
    """A new case's number: derived from the request's key when it has one (a redelivery's insert of the same number
    fails, so the key is kept once by the `_id` itself), else random."""
    if not request_key:
        return f"dsp_{uuid.uuid4().hex[:16]}"
    return f"dsp_{hashlib.sha256(f'case:{request_key}'.encode()).hexdigest()[:16]}"


def case_of_aftersale_request(request_id: str) -> models.Case | None:
    return models.Case.objects(aftersale_request_id=request_id).first()


def open_case_of_order(order_id: str) -> models.Case | None:
    return models.Case.objects(open_order=order_id).first()


def insert(c: models.Case) -> None:
    c.save(force_insert=True)


def transition(case_id: str, expected_status: str, step: Step, sets: dict, unset=(), require: dict | None = None) \
        -> bool:
    """Move a case on only if it is still in `expected_status` and matches `require` (what makes a move from a state
    to itself once-only: the deadline still running, the payment not reported yet); the step is appended in the same
    update."""
    update = {"$set": sets, "$push": {"trail": stored(step)}}
    if unset:
        update["$unset"] = {field: "" for field in unset}
    return models.Case._get_collection().update_one({**(require or {}), "_id": case_id, "status": expected_status},
                                                    update).modified_count == 1


def add_evidence(case_id: str, statuses, evidence: dict, step: Step, limit: int) -> bool:
    """Add a side's evidence only while its file count stays within `limit`: the count and the files move in one
    conditional update, so concurrent submissions never store more than the policy allows."""
    counter, files = f"evidence_files.{evidence['side']}", len(evidence["files"])
    return models.Case._get_collection().update_one(
        {"_id": case_id, "status": {"$in": list(statuses)}, counter: {"$not": {"$gt": limit - files}}},
        {"$push": {"evidence": evidence, "trail": stored(step)}, "$inc": {counter: files}}).modified_count == 1


def record_answer(case_id: str, proposal_id: str, side: str, answer: str, step: Step) -> bool:
    """A side's answer to the current proposal, once."""
    return models.Case._get_collection().update_one(
        {"_id": case_id, "status": rules.MEDIATION, "proposal.proposal_id": proposal_id,
         f"answers.{side}": {"$exists": False}},
        {"$set": {f"answers.{side}": answer}, "$push": {"trail": stored(step)}}).modified_count == 1


def append_step(case_id: str, step: Step, sets: dict | None = None, require: dict | None = None) -> bool:
    """Append a step (and `sets`) to a case, only while it matches `require` when given."""
    update = {"$push": {"trail": stored(step)}}
    if sets:
        update["$set"] = sets
    return models.Case._get_collection().update_one({**(require or {}), "_id": case_id}, update).modified_count == 1


def add_compensation(case_id: str, cents: int, step: Step) -> None:
    """Mirror a payout the order's ledger accepted (the ledger's conditional update is the ceiling)."""
    models.Case._get_collection().update_one({"_id": case_id},
                                             {"$inc": {"compensated_cents": cents}, "$push": {"trail": stored(step)}})


def insert_compensation(compensation: models.Compensation, claim: models.RecoveryClaim) -> None:
    compensation.save(force_insert=True)
    claim.save(force_insert=True)


def recovery_claim_or_404(claim_id: str) -> models.RecoveryClaim:
    return found(models.RecoveryClaim.objects(claim_id=claim_id).first(), f"recovery claim {claim_id}", "claim_id")


def settle_claim(claim_id: str, status: str, reference: str, step: Step) -> bool:
    return models.RecoveryClaim.objects(claim_id=claim_id, status="open").update_one(
        set__status=status, set__reference=reference, push__history=step) == 1


def recovery_claims(merchant_id: str | None, status: str | None, cursor: str | None, limit: int):
    query = {}
    if merchant_id:
        query["merchant_id"] = merchant_id
    if status:
        query["status"] = status
    docs, next_cursor = paging.page(models.RecoveryClaim._get_collection(), query, [("opened_at", 1), ("_id", 1)],
                                    cursor, limit)
    return [{**d, "claim_id": d["_id"]} for d in docs], next_cursor


def cases_of(party_field: str | None, party: str | None, status: str | None, cursor: str | None, limit: int):
    query = {}
    if party_field:
        query[party_field] = party
    if status:
        query["status"] = status
    docs, next_cursor = paging.page(models.Case._get_collection(), query, [("opened_at", 1), ("_id", 1)], cursor, limit)
    return [{**d, "case_id": d["_id"]} for d in docs], next_cursor


def cases_due(party_field: str | None, party: str | None, statuses, before, cursor: str | None, limit: int):
    """Open cases whose deadline falls before `before`, soonest first: per state a range on the (status, due_at)
    index, so what is read is what is due, however long the queue."""
    party_query = {party_field: party} if party_field else {}
    docs, next_cursor = paging.soonest_first(models.Case._get_collection(),
                                             [{**party_query, "status": s} for s in statuses], "due_at", before, cursor,
                                             limit)
    return [{**d, "case_id": d["_id"]} for d in docs], next_cursor


def open_by_state() -> dict[str, int]:
    return {state: models.Case.objects(status=state).count() for state in rules.OPEN_STATUSES}


def log_disclosure(d: models.Disclosure) -> None:
    d.save(force_insert=True)


def count_day(day: str, inc: dict) -> None:
    """Maintain the public statistics' daily aggregate (one upsert per counted fact)."""
    models.DailyStats._get_collection().update_one({"_id": day}, {"$inc": inc}, upsert=True)


def days_between(first: str, last: str) -> list[dict]:
    return list(models.DailyStats._get_collection().find({"_id": {"$gte": first, "$lte": last}}))


def protect_open_cases(protections: list[tuple[str, Step]]) -> None:
    """Flag each merchant's open cases and make advance compensation available: one bulk write; idempotent."""
    bulk.update_each(models.Case._get_collection(), "merchant_id", protections,
                     {"status": {"$in": list(rules.OPEN_STATUSES)}, "flags": {"$ne": rules.MERCHANT_BLACKLISTED}},
                     lambda step: {"$push": {"flags": rules.MERCHANT_BLACKLISTED, "trail": stored(step)},
                                   "$set": {"advance_compensation_available": True}})

