"""Aftersale's repository: the only code that touches its collections (deadlines live in the kit's DeadlineBook)."""

from datetime import datetime

from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from tianping.infra import bulk, db, pointwrite
from tianping.lib.errors import found
from tianping.lib.trail import Step, stored

from . import models, rules

Duplicate = NotUniqueError


# -- orders --------------------------------------------------------------------------------------------------
def order(order_id: str) -> models.Order | None:
    return models.Order.objects(order_id=order_id).first()


def order_or_404(order_id: str) -> models.Order:
    return found(order(order_id), f"order {order_id}", "order_id")


def insert_order(o: models.Order) -> None:
    o.save(force_insert=True)


def progress_order(order_id: str, changes: dict, step: Step) -> None:
    """Record shipment, delivery or receipt on an order (fields that were empty), with its history step."""
    models.Order.objects(order_id=order_id).update_one(push__history=step, **{f"set__{k}": v for k, v in changes.items()})


def orders_paid_between(merchant_id: str, since: datetime, until: datetime) -> int:
    """The merchant's orders paid in the window, suspected fabricated ones (R-REP-02) left out of its figures."""
    return models.Order.objects(merchant_id=merchant_id, paid_at__gte=since, paid_at__lte=until,
                                anomaly__kind__exists=False).count()


def count_buyer_day(order_id: str, consumer_id: str, merchant_id: str, day: str, keep_until: datetime) -> int:
    """Count one more order of a buyer with a merchant on `day`; answer its place (this one included): one point
    update of the pair's counter, which lists the first FIRST_KEPT orders in counting order, and one point read. No
    transaction: a burst's counting transactions all met here and retried (a soak's 4,199 timed-out orders)."""
    counter, key = models.BuyerDay._get_collection(), f"{day}:{consumer_id}:{merchant_id}"
    update = {"$inc": {"orders": 1}, "$push": {"first": {"$each": [order_id], "$slice": models.FIRST_KEPT}},
              "$setOnInsert": {"expires_at": keep_until}}
    for attempt in range(2):  # two first orders of the day racing to create the counter: the loser increments it
        try:
            counter.update_one({"_id": key}, update, upsert=True)
            break
        except DuplicateKeyError:
            if attempt:
                raise
    doc = counter.find_one({"_id": key}, {"orders": 1, "first": 1})
    if doc is None:  # already past its keeping (an order fed late): purged between the two, it counts alone
        return 1
    first = doc.get("first") or []
    if order_id not in first:
        return doc["orders"]
    counted_before_the_list = doc["orders"] - len(first) if len(first) < models.FIRST_KEPT else 0  # a counter from before it
    return counted_before_the_list + first.index(order_id) + 1


def flag_order(order_id: str, anomaly: dict, step: Step) -> bool:
    """Mark an order as a suspected fabricated transaction, once (R-REP-02)."""
    return models.Order.objects(order_id=order_id, anomaly__kind__exists=False).update_one(
        set__anomaly=anomaly, push__history=step) == 1


def flagged_orders(merchant_id: str, limit: int = 200) -> list[models.Order]:
    return list(models.Order.objects(merchant_id=merchant_id, anomaly__kind__exists=True).order_by("-paid_at").limit(limit))


def mark_delivery_overdue(order_id: str, at: datetime, step: Step) -> bool:
    """The agreed delivery date passed undelivered (R-AFT-13): recorded once, only on an order still undelivered."""
    return models.Order.objects(order_id=order_id, delivered_at=None, delivery_overdue_at=None).update_one(
        set__delivery_overdue_at=at, push__history=step) == 1


# -- requests ------------------------------------------------------------------------------------------------
def request(request_id: str) -> models.Request | None:
    return db.by_id(models.Request, request_id)


def request_or_404(request_id: str) -> models.Request:
    return found(request(request_id), f"after-sale request {request_id}", "request_id")


def request_with_deadlines_or_404(request_id: str, book) -> tuple[models.Request, list[dict]]:
    """The request and its deadlines in the kit's DeadlineBook `book`, in one round trip."""
    son, deadlines = book.with_record(models.Request._get_collection(), request_id)
    return found(son and models.Request._from_son(son), f"after-sale request {request_id}", "request_id"), deadlines


def insert_request(r: models.Request) -> None:
    r.save(force_insert=True)


def transition(request_id: str, expected_status: str, step: Step, sets: dict, unset=(),
               answer_key: str | None = None, breach: Step | None = None) -> models.Request | None:
    """Move a request on only if it is still in `expected_status` (a second delivery, a stale deadline or a
    concurrent action finds it moved and changes nothing). The step is appended in the same update, which answers
    the request as moved (None when it was not), so the mover does not read it again; `answer_key`, the merchant's
    request key, is kept with it (a redelivered answer finds it there); `breach`, a missed deadline's step, is
    counted in it (only with the move it causes)."""
    update = {"$set": sets, "$push": {"trail": {"$each": [stored(s) for s in (breach, step) if s]},
                                      **({"answer_keys": answer_key} if answer_key else {})}}
    if breach:
        update["$inc"] = {"breaches": 1}
    if unset:
        update["$unset"] = {field: "" for field in unset}
    moved = pointwrite.update_and_read(models.Request._get_collection(), {"_id": request_id, "status": expected_status},
                                       update)  # a findAndModify examined every request on the embedded store
    return models.Request._from_son(moved) if moved is not None else None


def record_survey(request_id: str, survey: dict, step: Step) -> bool:
    """The buyer's one survey answer: a second (or concurrent) answer finds it recorded and changes nothing."""
    return models.Request._get_collection().update_one(
        {"_id": request_id, "survey.at": {"$exists": False}},
        {"$set": {"survey": survey}, "$push": {"trail": stored(step)}}).modified_count == 1


def append_step(request_id: str, step: Step) -> bool:
    """Append a step caused by `step.cause` once: a second run of that cause (a redelivered deadline) adds nothing."""
    return models.Request._get_collection().update_one({"_id": request_id, "trail.cause": {"$ne": step.cause}},
                                                       {"$push": {"trail": stored(step)}}).modified_count == 1


def stall(request_id: str, due_key: str, steps: list[Step], breach: bool) -> models.Request | None:
    """A deadline passing with no move (a refund or fulfilment overdue): its steps appended, its breach counted, only
    while the request still runs that deadline (a merchant who met it meanwhile is not held to it) and once."""
    moved = pointwrite.update_and_read(  # a findAndModify examined every request on the embedded store
        models.Request._get_collection(), {"_id": request_id, "due_key": due_key, "trail.cause": {"$ne": steps[-1].cause}},
        {"$push": {"trail": {"$each": [stored(s) for s in steps]}}, **({"$inc": {"breaches": 1}} if breach else {})})
    return models.Request._from_son(moved) if moved is not None else None


def requests_past_retention(now, limit: int) -> list[models.Request]:
    """Closed requests whose retention window has ended and whose personal data is still held."""
    return list(models.Request.objects(retain_until__lte=now, minimised_at=None).order_by("retain_until")[:limit])


def minimise_request(request: models.Request, now, scrubbed: dict) -> bool:
    """Replace the personal data of a request past its window (conditional: once, and never inside the window)."""
    return bool(models.Request.objects(request_id=request.request_id, minimised_at=None, retain_until__lte=now)
                .update_one(**{f"set__{k}": v for k, v in scrubbed.items()}, set__minimised_at=now))


def requests_opened_between(merchant_id: str, since: datetime, until: datetime) -> list[dict]:
    return list(models.Request._get_collection().find(
        {"merchant_id": merchant_id, "opened_at": {"$gte": since, "$lte": until}},
        {"status": 1, "kind": 1, "accepted": 1, "first_response_seconds": 1, "survey": 1}))


def platform_takes_over(takeovers: list[tuple[str, Step]]) -> None:
    """For each merchant, its open requests' deadlines pass to the platform, with the step: one bulk write."""
    bulk.update_each(models.Request._get_collection(), "merchant_id", takeovers,
                     {"status": {"$in": list(rules.OPEN_STATUSES)}, "deadline_owner": "merchant"},
                     lambda step: {"$set": {"deadline_owner": "platform"}, "$push": {"trail": stored(step)}})


# -- service terms -------------------------------------------------------------------------------------------
def terms_in_force(merchant_id: str, at: datetime) -> models.ServiceTerms | None:
    return models.ServiceTerms.objects(merchant_id=merchant_id, effective_from__lte=at).order_by("-effective_from") \
        .first()


def latest_terms(merchant_id: str) -> models.ServiceTerms | None:
    return models.ServiceTerms.objects(merchant_id=merchant_id).order_by("-version").first()


def insert_terms(terms: models.ServiceTerms) -> None:
    terms.save(force_insert=True)


# -- breaches ------------------------------------------------------------------------------------------------
def insert_breach(breach: models.Breach) -> bool:
    """One breach per missed deadline: a second firing after a crash records nothing new."""
    try:
        breach.save(force_insert=True)
    except NotUniqueError:
        return False
    return True


def breaches_between(merchant_id: str, since: datetime, until: datetime) -> int:
    return models.Breach.objects(merchant_id=merchant_id, at__gte=since, at__lte=until).count()


# -- the order's money (ledger_rules): every change one conditional update of the order's document -------------
def _money():
    return models.OrderMoney._get_collection()


def money(order_id: str) -> dict | None:
    return _money().find_one({"_id": order_id})


OPEN_MONEY_ATTEMPTS = 5


def open_money(ledger: dict) -> dict:
    """Create the order's ledger once and return it as stored, in one round trip (a concurrent creation of the same
    ledger is the same document; one that changed it since is returned as it is now)."""
    for _ in range(OPEN_MONEY_ATTEMPTS):
        try:
            doc = pointwrite.update_and_read(  # a findAndModify examined every ledger on the embedded store
                _money(), {"_id": ledger["_id"]}, {"$setOnInsert": {k: v for k, v in ledger.items() if k != "_id"}},
                upsert=True)
        except DuplicateKeyError:
            doc = _money().find_one({"_id": ledger["_id"]})
        if doc is not None:  # None: a concurrent creation not yet visible to this read (the embedded store): again
            return doc
    raise RuntimeError(f"the ledger of order {ledger['_id']} could be neither created nor read")


def money_update(order_id: str, entry: dict, guards: dict, inc: dict, sets: dict | None = None) -> bool:
    """Append `entry` and move the totals in ONE conditional update: only while every guard still holds (what is
    left covers the amount) and the entry is not there yet (a redelivery adds nothing)."""
    update = {"$push": {"entries": entry}, "$inc": inc}
    if sets:
        update["$set"] = sets
    return _money().update_one({"_id": order_id, "entries.entry_id": {"$ne": entry["entry_id"]}, **guards},
                               update).modified_count == 1


def claim_lines(order_id: str, keys: list[str], request_id: str) -> bool:
    """One open refund-type request per order line: claim every line at once, only if none is claimed and each
    has something left to refund."""
    guards = {f"lines.{k}.open_request": None for k in keys} | {f"lines.{k}.left": {"$gt": 0} for k in keys}
    return _money().update_one({"_id": order_id, **guards},
                               {"$set": {f"lines.{k}.open_request": request_id for k in keys}}).modified_count == 1


def free_lines(order_id: str, request_id: str, held: list[str] | None = None) -> None:
    """The request closed: the lines it held take requests again (only the lines it holds). `held`: the lines it
    claimed, freed in one conditional update without reading which they are (read, as without, if one is not
    held by it any more)."""
    if held and _money().update_one({"_id": order_id, **{f"lines.{k}.open_request": request_id for k in held}},
                                    {"$set": {f"lines.{k}.open_request": None for k in held}}).modified_count == 1:
        return
    doc = _money().find_one({"_id": order_id}, {"lines": 1}) or {"lines": {}}
    keys = [k for k, line in doc["lines"].items() if line.get("open_request") == request_id]
    if keys:
        _money().update_one({"_id": order_id, **{f"lines.{k}.open_request": request_id for k in keys}},
                            {"$set": {f"lines.{k}.open_request": None for k in keys}})
