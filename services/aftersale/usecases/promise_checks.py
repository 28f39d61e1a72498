"""A promise of the buyer's money that no move took up resolves itself, with no client retry (R-AFT-06, R-XC-04).

A move that promises money first (a refund falling due, a refund reported) or leaves the state holding a promise
(refund_due) schedules a check on the service's deadline book BEFORE the promise is written, in the same round trip as
the move's next deadline, due once no request can still be running (TIANPING_PROMISE_SETTLE_SECONDS). A move that
lands in refund_due retires its check with the deadline it retires (the request holds the promise now). So a process
that dies between the promise and the move, or between the move and its payout, leaves a check behind; when it falls
due (the kit's sweep: an indexed, batched claim; each check a point read of the request and of the ledger):
  - the request is due its refund: the promise is what it owes, it stands;
  - the merchant's report completed the request: the payout its move made owed is paid, under the report's own entry
    id — once, whichever comes first of the sweep and a redelivered report;
  - otherwise (the move never happened, or the request closed without handing it back): the promise still open is
    released by one conditional update pinned to that promise (its entry id) — once, a concurrent release finding
    nothing — unless it is another move's, younger than the bound, on a request still open (in flight: it lands, its
    failure hands it back, or its own check settles it).
Each money change is audited with its entry (money._audit); the request's trail gets the step once (cause: the check).
A promise released while a move that read it before lands in refund_due leaves that request without one: its
merchant's report promises again before it completes (request_money.before_move), as before this check."""

from datetime import timedelta

from tianping.lib import clock
from tianping.lib import config as cfg
from tianping.lib.errors import Conflict
from tianping.lib.trail import step
from tianping.platform import lifecycle

from .. import ledger_rules as lr
from .. import models, rules
from . import Context, money, request_money

KIND = "settle_promise"
RULE_IDS = ["R-AFT-06", "R-XC-04"]


def bound() -> timedelta:
    """Longer than any request runs: a promise this old whose move has not landed never will."""
    return timedelta(seconds=float(cfg.env("TIANPING_PROMISE_SETTLE_SECONDS", "300")))


def schedule(ctx: Context, request: models.Request, to: str,
             upcoming: lifecycle.NextDeadline | None) -> str | None:
    """Before the move writes its promise: the check, and the move's next deadline with it (one round trip). The
    check's key, or None when the move neither promises nor leaves a promise held (`upcoming` left to the move).
    A promise refused (the money is not there) leaves both spare, as a lost race does (they fire not_applicable);
    an accept retried at the same step then finds its refund deadline set, due from the refused attempt."""
    if not (request_money.promises(request, to) or request.status == rules.REFUND_DUE):
        return None
    key = f"{request_money.promise_id(request)}:settle"
    rows = [{"key": key, "subject": request_money.source(request), "kind": KIND, "due_at": clock.now() + bound(),
             "rule_id": "R-AFT-06", "payload": {"request_id": request.request_id, "order_id": request.order_id,
                                                "promise": request_money.promise_id(request)}}]
    if upcoming is not None:
        rows.append({"key": lifecycle.deadline_key(request.request_id, upcoming.kind, len(request.trail)),
                     "subject": request.request_id, "kind": upcoming.kind, "due_at": upcoming.due_at,
                     "rule_id": upcoming.rule_id, "payload": upcoming.payload, "owner": upcoming.owner})
    ctx.deadlines.schedule_many(rows)
    return key


def fire(ctx: Context, deadline: dict) -> str:
    """The check falling due (the sweeper's handler): an outcome word, see the module's docstring."""
    p = deadline["payload"]
    request = ctx.repo.request(p["request_id"])
    if request is not None and request.status == rules.REFUND_DUE:
        return "promise_stands"
    doc = ctx.repo.money(p["order_id"]) or {"promises": {}, "entries": []}
    if request is not None and request.status == "completed" and any(s.event == "refunded" for s in request.trail):
        return _pay(ctx, request, doc, deadline)
    source = f"request:{p['request_id']}"
    held = doc["promises"].get(source)
    if not held or not held["open"]:
        return "not_applicable"
    if _in_flight(request, held, p["promise"]):
        return "not_applicable"  # another move's promise, maybe in flight: its own check settles it
    released = money.release(ctx, p["order_id"], f"{source}:release:{deadline['_id']}", source,
                             promised=held.get("entry_id"), actor="aftersale", rule_ids=RULE_IDS,
                             reason=f"no move took up {held.get('entry_id') or 'the promise'} within {bound()}")
    if released is None:
        return "not_applicable"  # handed back meanwhile
    _record(ctx, request, deadline, "promise_released",
            f"{lr.text(released['cents'])} promised and taken up by no move handed back")
    return "promise_released"


def _in_flight(request: models.Request | None, held: dict, promise: str) -> bool:
    """A promise younger than the bound, not the check's own, on a request still open: a move's in flight (it lands,
    or its failure hands it back, or its own check settles it). A closed request's moves are all done."""
    if request is None or request.status not in rules.OPEN_STATUSES or held.get("entry_id") == promise:
        return False
    return held.get("at") is not None and clock.aware(held["at"]) > clock.now() - bound()


def _pay(ctx: Context, request: models.Request, doc: dict, deadline: dict) -> str:
    """The payout the report's move made owed, unless made already (a redelivered report came first)."""
    if any(e["entry_id"] == request_money.payout_id(request) for e in doc["entries"]):
        return "paid_before"
    try:
        request_money.reported_refund_paid(ctx, request)
    except Conflict:  # nothing owed under the request (handed back by another step): nothing to pay
        return "not_applicable"
    _record(ctx, request, deadline, "refund_paid", "the refund reported, which a crash after the move left unpaid")
    return "refund_paid"


def _record(ctx: Context, request: models.Request | None, deadline: dict, event: str, reason: str) -> None:
    if request is not None:
        ctx.repo.append_step(request.request_id, step(event, "aftersale", RULE_IDS, [reason],
                                                      f"deadline:{deadline['_id']}"))
