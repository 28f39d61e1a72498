"""The order's money ledger (ledger_rules): every promise to the buyer, every payout and every settlement of the
platform's advance is an entry, appended with the totals it moves in ONE conditional update of the order's
document — the guard is what is left, so refunded + compensated <= committed <= paid holds per order and per line
whatever runs concurrently, in this service or in dispute (which reaches it through contracts.record_money).
A guard that no longer holds after a concurrent change is read again and retried; a ceiling that truly does not
hold is refused with `amount_exceeds_refundable` naming it."""

from tianping.lib import clock
from tianping.lib.errors import AmountExceedsRefundable, Conflict, RefundedInFull

from .. import ledger_rules as lr
from . import Context

ATTEMPTS = 16  # concurrent changes of one order's ledger each move it on; a retry rereads what is left


def ledger(ctx: Context, order_id: str, order=None) -> dict:
    """The order's ledger, opened from the order at first use (`order`: the order, when the caller read it)."""
    doc = ctx.repo.money(order_id)
    if doc is None:
        doc = ctx.repo.open_money(new_ledger(order if order is not None else ctx.repo.order_or_404(order_id)))
    return doc


def new_ledger(order) -> dict:
    paid = lr.cents(order.total_amount)
    shares, rest = lr.paid_per_line(paid, [lr.cents(item.amount or 0) for item in order.items])
    lines = {lr.line_key(i): {"sku": item.sku, "paid": share, "left": share, "open_request": None}
             for i, (item, share) in enumerate(zip(order.items, shares, strict=True))}
    if rest:
        lines[lr.REST] = {"sku": None, "paid": rest, "left": rest, "open_request": None}
    return {"_id": order.order_id, "currency": order.currency or "CNY", "paid": paid, "left": paid, "committed": 0,
            "refunded": 0, "compensated": 0, "recovered": 0, "written_off": 0, "unrecovered": 0, "lines": lines,
            "promises": {}, "entries": []}


def line_keys(doc: dict, skus) -> list[str]:
    """The lines a request or decision is about: the named skus, or the whole order (its rest included)."""
    return [k for k, line in doc["lines"].items() if not skus or line["sku"] in skus]


def refundable(doc: dict, skus=()) -> int:
    return sum(doc["lines"][k]["left"] for k in line_keys(doc, skus))


def exceeds(doc: dict, amount: int, ceiling: int, what: str) -> AmountExceedsRefundable:
    return AmountExceedsRefundable(
        f"{lr.text(amount)} is above {what}: at most {lr.text(ceiling)} (order {doc['_id']} paid "
        f"{lr.text(doc['paid'])}, {lr.text(doc['committed'])} already committed)",
        {"amount": [f"at most {lr.text(ceiling)}"], "ceiling": [lr.text(ceiling)]})


def _entry(doc: dict, entry_id: str) -> dict | None:
    return next((e for e in doc["entries"] if e["entry_id"] == entry_id), None)


def _new_entry(entry_id, kind, amount, source, spread, e: dict) -> dict:
    return {"entry_id": entry_id, "kind": kind, "cents": amount, "source": source, "lines": spread,
            "actor": e["actor"], "reason": e.get("reason", ""), "rule_ids": list(e.get("rule_ids", [])),
            "requested": e.get("requested"), "at": clock.now()}


def _apply(ctx: Context, order_id: str, attempt) -> dict:
    """Run `attempt(doc)` -> (entry, guards, inc, sets) or a finished entry, until its conditional update lands."""
    for _ in range(ATTEMPTS):
        doc = ledger(ctx, order_id)
        planned = attempt(doc)
        if isinstance(planned, dict):
            return planned
        entry, guards, inc, sets = planned
        if ctx.repo.money_update(order_id, entry, guards, inc, sets):
            _audit(ctx, order_id, entry)
            return entry
    raise Conflict("the order's money changed meanwhile; try again", {"order_id": ["busy"]})


def _audit(ctx: Context, order_id: str, entry: dict) -> None:
    ctx.audited(entry["actor"], f"money_{entry['kind']}", f"order:{order_id}", rule_ids=entry["rule_ids"],
                key=f"money:{order_id}:{entry['entry_id']}",
                detail={"amount": lr.text(entry["cents"]), "source": entry["source"],
                        "entry_id": entry["entry_id"]})


def promise(ctx: Context, order_id: str, entry_id: str, source: str, kind: str, amount: int | None, skus=(),
            cap: bool = False, guess: dict | None = None, **e) -> dict:
    """Commit `amount` (None: all that is left on the lines) to the buyer under `source`, once. `cap`: an
    automatic step takes what is left rather than fail, and the entry records what was asked. `guess`: what each of
    the lines had left when last seen ({line: cents}); tried first with no read, guarded on every line still having
    exactly that (so the promise is the one a read would plan), and planned from a read if it no longer holds."""
    def attempt(doc):
        done = _entry(doc, entry_id)
        if done is not None:
            return done
        if doc["promises"].get(source, {}).get("open"):  # promised already (a retry, a racing step): that stands
            return next(e for e in reversed(doc["entries"]) if e["source"] == source and e["kind"] in lr.PROMISES)
        planned = _promised({k: doc["lines"][k]["left"] for k in line_keys(doc, skus)}, amount, cap)
        if isinstance(planned, int):
            if planned > 0:
                raise exceeds(doc, planned, _available(doc, skus), "what remains refundable")
            raise RefundedInFull(f"order {order_id} has nothing left to refund on these lines",
                                 {"order_id": ["refunded in full"]})
        want, spread = planned
        return _promise_update(entry_id, kind, source, want, spread, e | {"requested": amount})
    if guess:
        planned = _promised(guess, amount, cap)
        if not isinstance(planned, int):
            entry, guards, inc, sets = _promise_update(entry_id, kind, source, *planned, e | {"requested": amount})
            exactly = {f"lines.{k}.left": v for k, v in guess.items()}
            if ctx.repo.money_update(order_id, entry, guards | exactly, inc, sets):
                _audit(ctx, order_id, entry)
                return entry
    return _apply(ctx, order_id, attempt)


def _available(doc: dict, skus) -> int:
    return sum(left for k in line_keys(doc, skus) if (left := doc["lines"][k]["left"]) > 0)


def _promised(lines_left: dict, amount: int | None, cap: bool):
    """(want, spread) over the lines' money left, or the refused amount (0: nothing left; else above what is)."""
    lefts = {k: v for k, v in lines_left.items() if v > 0}
    available = sum(lefts.values())
    want = available if amount is None else amount
    if want > available and not cap:
        return want
    want = min(want, available)
    return 0 if want == 0 else (want, lr.allocate(want, lefts))


def _promise_update(entry_id: str, kind: str, source: str, want: int, spread: dict, e: dict):
    entry = _new_entry(entry_id, kind, want, source, spread, e)
    guards = {"left": {"$gte": want}, f"promises.{source}.open": {"$ne": True},
              **{f"lines.{k}.left": {"$gte": v} for k, v in spread.items()}}
    inc = {"left": -want, "committed": want, **{f"lines.{k}.left": -v for k, v in spread.items()}}
    # the promise carries its entry and its time: a check finding it stranded releases that one only (promise_checks)
    sets = {f"promises.{source}": {"kind": kind, "cents": want, "left": want, "lines": spread, "open": True,
                                   "entry_id": entry_id, "at": entry["at"]}}
    return entry, guards, inc, sets


def pay(ctx: Context, order_id: str, entry_id: str, source: str, kind: str, amount: int | None, **e) -> dict:
    """A payout drawn on the promise `source` (None: all it has left), never above what it has left."""
    def attempt(doc):
        done = _entry(doc, entry_id)
        if done is not None:
            return done
        held = doc["promises"].get(source)
        if not held or not held["open"] or held["left"] == 0:
            raise Conflict(f"nothing is owed under {source}", {"source": ["nothing owed"]})
        want = held["left"] if amount is None else amount
        if want > held["left"]:
            raise exceeds(doc, want, held["left"], f"what is owed under {source}")
        spread = lr.allocate(want, {k: v for k, v in held["lines"].items() if v > 0})
        total = lr.PAYOUTS[kind]
        guards = {f"promises.{source}.open": True, f"promises.{source}.left": {"$gte": want},
                  **{f"promises.{source}.lines.{k}": {"$gte": v} for k, v in spread.items()}}
        inc = {f"promises.{source}.left": -want, total: want, **{f"lines.{k}.{total}": v for k, v in spread.items()},
               **{f"promises.{source}.lines.{k}": -v for k, v in spread.items()}}
        if kind == "advance_compensation":
            inc["unrecovered"] = want
        return _new_entry(entry_id, kind, want, source, spread, e), guards, inc, None
    return _apply(ctx, order_id, attempt)


def release(ctx: Context, order_id: str, entry_id: str, source: str, promised: str | None = None,
            **e) -> dict | None:
    """Hand back what a promise has not paid out (its request closed otherwise, its decision did not stand); None
    when nothing is held (released meanwhile by another). `promised`: only the promise made by that entry."""
    doc = ctx.repo.money(order_id)
    if doc is None or not doc["promises"].get(source, {}).get("open"):
        return None

    def attempt(doc):
        done = _entry(doc, entry_id)
        if done is not None:
            return done
        held = doc["promises"][source]
        if not held["open"] or (promised is not None and held.get("entry_id") != promised):
            return {}  # handed back meanwhile (a concurrent release), or promised again since: nothing of it left
        spread = {k: v for k, v in held["lines"].items() if v > 0}
        guards = {f"promises.{source}.open": True, f"promises.{source}.left": held["left"],
                  **({f"promises.{source}.entry_id": held["entry_id"]} if "entry_id" in held else {})}
        inc = {"left": held["left"], "committed": -held["left"], f"promises.{source}.left": -held["left"],
               **{f"lines.{k}.left": v for k, v in spread.items()},
               **{f"promises.{source}.lines.{k}": -v for k, v in spread.items()}}
        return (_new_entry(entry_id, lr.RELEASE, held["left"], source, spread, e), guards, inc,
                {f"promises.{source}.open": False})
    return _apply(ctx, order_id, attempt) or None


def settle(ctx: Context, order_id: str, entry_id: str, source: str, kind: str, amount: int, **e) -> dict:
    """What the platform advanced, recovered from the merchant or written off — never more than it advanced."""
    def attempt(doc):
        done = _entry(doc, entry_id)
        if done is not None:
            return done
        if amount > doc["unrecovered"]:
            raise exceeds(doc, amount, doc["unrecovered"], "what the platform advanced and has not settled")
        return (_new_entry(entry_id, kind, amount, source, {}, e), {"unrecovered": {"$gte": amount}},
                {"unrecovered": -amount, lr.SETTLEMENTS[kind]: amount}, None)
    return _apply(ctx, order_id, attempt)
