"""The credit score (0–100) over its window, from the inputs other services send and the active points; frozen
at the decision while the subject is blacklisted (R-REP-13)."""

from datetime import timedelta

from tianping.lib import clock
from tianping.lib.errors import NotFound, load

from .. import credit_rules, models, rules, schemas
from . import Context, live_notices, sanctions


def record_signal(ctx: Context, data: dict) -> dict:
    s = load(schemas.SignalIn(), data)
    signal = models.Signal(subject_id=s["subject_id"], kind=s["kind"], value=s["value"],
                           source_service=s["source_service"], occurred_at=s["occurred_at"] or clock.now(),
                           dedupe_key=s["dedupe_key"])
    try:
        ctx.repo.insert(signal)
    except ctx.repo.Duplicate:
        return schemas.SignalResultOut().dump({"recorded": False, "duplicate": True})
    return schemas.SignalResultOut().dump({"recorded": True, "duplicate": False})


def credit(policy: dict, as_of, known: list, signals: list) -> tuple[dict, int]:
    """Credit components and active points as they stood at `as_of`, from rows already read: `known`, the subject's
    violations (newest first) from the start of the points window on at least; `signals`, its signals over the
    credit window at least (each with `kind`, `value`, `occurred_at`). Each window is taken from them as the store's
    ranges would take it, to its millisecond precision."""
    since = rules.window_start(policy, as_of)  # only the points window's violations count (rules.active_points)
    low, high = _stored(since), _stored(as_of)
    counted = [v for v in known if low <= clock.aware(v.occurred_at) <= high]
    points = rules.active_points(policy, sanctions.active_rows(counted), as_of)
    return credit_rules.credit_components(policy, _within(policy, signals, as_of), points), points


def _stored(moment):
    """A moment as the store keeps it (milliseconds)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def shown_and_counted(ctx: Context, policy: dict, subject_id: str, record, moments: list,
                      recent: tuple | None = None) -> list:
    """The violations the read needs, newest first, in one range of the (subject_id, occurred_at) index bounded by
    what is needed, not by the history (issue 30: every violation was read): from the earliest points window of
    `moments` (what the credit counts) or, when earlier, the subject's `shown_from` (no later than its 50th newest
    violation, so the page shown lies in the range). A subject without it yet also reads the older violations up to
    the page, once: the read stores where its page starts, and moves it up when the range holds a page too many.
    `recent`: (since, rows) — the rows from `since` on, read already (with the subject's records): only the part of
    the range before `since` is read, when there is one."""
    lower = min(rules.window_start(policy, moment) for moment in moments)
    kept = record is not None and bool(record.shown_kept) and record.shown_from is not None
    cut = clock.aware(record.shown_from) if kept else None
    start = min(lower, cut) if cut else lower
    if recent is None:
        rows = ctx.repo.violations(subject_id, since=start, rows=True)
    else:
        since, rows = recent
        rows = rows + (ctx.repo.violations(subject_id, since=start, before=since, rows=True)
                       if _stored(start) < _stored(since) else [])
    if cut is None and len(rows) < VIOLATIONS_SHOWN:
        rows += ctx.repo.violations(subject_id, before=start, limit=VIOLATIONS_SHOWN - len(rows), rows=True)
    if rows and record is not None:
        page_start = clock.aware(rows[min(VIOLATIONS_SHOWN, len(rows)) - 1].occurred_at)
        idle = sum(1 for v in rows if clock.aware(v.occurred_at) < min(lower, page_start))
        if cut is None or idle >= VIOLATIONS_SHOWN:
            ctx.repo.note_shown_from(subject_id, page_start, kept)
    return rows


VIOLATIONS_SHOWN = 50  # the reputation read's latest violations


DECISIONS_SHOWN = 50  # the reputation read's latest decisions


def latest_grade(ctx: Context, subject_id: str, decisions: list, frozen_at=None) -> str | None:
    """The grade of the subject's latest grading run (as of `frozen_at` while it is frozen, R-REP-13), from the
    decisions the read shows when they answer it: every run records a `grading` decision whose outcome is its grade
    (usecases.grading.grade), so the newest grading decision among them is the latest run's, and fewer decisions
    than a page without one mean no run. The gradings are read only while frozen or when an older run may lie past
    the page (issue 30: one store round trip fewer on the read)."""
    if frozen_at is None:
        graded = next((d for d in decisions if d.kind == "grading"), None)
        if graded is not None:
            return graded.outcome
        if len(decisions) < DECISIONS_SHOWN:
            return None
    grading = ctx.repo.latest_grading(subject_id, frozen_at)
    return grading.grade if grading else None


def view(ctx: Context, subject_id: str) -> dict:
    """Score with its components and formula, points, sanction, frozen state and the decisions behind them."""
    policy, now = ctx.policy(), clock.now()
    since = rules.window_start(policy, now)  # the points window's violations come with the records: one round trip
    records = ctx.repo.reputation_records(subject_id, since, DECISIONS_SHOWN, live_notices.RECENT)
    record, decisions, entry = records["subject"], records["decisions"], records["entry"]
    frozen = bool(record and record.frozen)
    frozen_at = clock.aware(record.frozen_at) if frozen else None
    moments = [now, frozen_at] if frozen else [now]
    violations = shown_and_counted(ctx, policy, subject_id, record, moments, (since, records["violations"]))
    signals = ctx.repo.signal_rows(subject_id, min(moments) - timedelta(days=policy["credit"]["window_days"]), now)
    components, points = credit(policy, now, violations, signals)
    buyer = credit_rules.buyer_credit(policy, _within(policy, signals, now))
    live = live_notices.view(ctx, subject_id, policy, now, records["notices"])
    if record is None and not violations and buyer is None and not live["recent"] and \
            components == credit_rules.credit_components(policy, [], 0):
        raise NotFound(f"no reputation record for {subject_id}", {"subject_id": ["unknown"]})
    score = credit_rules.credit_score(components)
    shown = {"score": score, "components": components}
    if frozen:  # R-REP-13: a blacklisted subject's score and grade stay as they were when it was blacklisted
        frozen_components, _ = credit(policy, frozen_at, violations, signals)
        shown = {"score": credit_rules.credit_score(frozen_components), "components": frozen_components}
    grade = latest_grade(ctx, subject_id, decisions, record.frozen_at if frozen else None)
    return schemas.ReputationOut().dump({
        "subject_id": subject_id, **shown, "grade": grade, "live_score": score,
        "formula": credit_rules.CREDIT_FORMULA, "buyer_credit": buyer, "points": points, "sanction": record.sanction if record else "none",
        "frozen": frozen, "frozen_at": frozen_at,
        "blacklisted": bool(entry and entry.get("status") == "blacklisted"), "policy_version": policy["version"],
        "violations": violations[:VIOLATIONS_SHOWN], "decisions": decisions, "live": live})


def _within(policy: dict, signals: list, as_of) -> list:
    """The signals of the credit window ending at `as_of` (the read covers a frozen subject's earlier window too)."""
    first = _stored(as_of - timedelta(days=policy["credit"]["window_days"]))
    return [s for s in signals if first <= clock.aware(s["occurred_at"]) <= _stored(as_of)]
