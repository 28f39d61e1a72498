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


def window_signals(ctx: Context, policy: dict, subject_id: str, as_of) -> list[dict]:
    window = as_of - timedelta(days=policy["credit"]["window_days"])
    return [{"kind": s.kind, "value": s.value} for s in ctx.repo.signals(subject_id, window, as_of)]


def credit(ctx: Context, policy: dict, subject_id: str, as_of, known: list | None = None,
           signals: list | None = None) -> tuple[dict, int]:
    """Credit components and active points as they stood at `as_of`. `known`: the subject's violations the caller
    has read already (all of them, newest first), so the points window is taken from them, not read again;
    `signals`: the window's signals, likewise."""
    signals = window_signals(ctx, policy, subject_id, as_of) if signals is None else signals
    # only the points window's violations count (rules.active_points): the index's range reads those, not the history
    since = rules.window_start(policy, as_of)
    if known is None:
        counted = ctx.repo.violations(subject_id, since=since, until=as_of)
    else:  # the store's range, to its millisecond precision
        low, high = _stored(since), _stored(as_of)
        counted = [v for v in known if low <= clock.aware(v.occurred_at) <= high]
    points = rules.active_points(policy, sanctions.active_rows(counted), as_of)
    return credit_rules.credit_components(policy, signals, points), points


def _stored(moment):
    """A moment as the store keeps it (milliseconds)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


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
    record = ctx.repo.subject(subject_id)
    violations = ctx.repo.violations(subject_id)
    signals = window_signals(ctx, policy, subject_id, now)
    components, points = credit(ctx, policy, subject_id, now, violations, signals)
    buyer = credit_rules.buyer_credit(policy, signals)
    live = live_notices.view(ctx, subject_id, policy, now)
    if record is None and not violations and buyer is None and not live["recent"] and \
            components == credit_rules.credit_components(policy, [], 0):
        raise NotFound(f"no reputation record for {subject_id}", {"subject_id": ["unknown"]})
    frozen = bool(record and record.frozen)
    score = credit_rules.credit_score(components)
    shown = {"score": score, "components": components}
    if frozen:  # R-REP-13: a blacklisted subject's score and grade stay as they were when it was blacklisted
        frozen_components, _ = credit(ctx, policy, subject_id, clock.aware(record.frozen_at))
        shown = {"score": credit_rules.credit_score(frozen_components), "components": frozen_components}
    decisions = ctx.repo.decisions(subject_id, DECISIONS_SHOWN)
    grade = latest_grade(ctx, subject_id, decisions, record.frozen_at if frozen else None)
    entry = ctx.authority.entry(subject_id)
    return schemas.ReputationOut().dump({
        "subject_id": subject_id, **shown, "grade": grade, "live_score": score,
        "formula": credit_rules.CREDIT_FORMULA, "buyer_credit": buyer, "points": points, "sanction": record.sanction if record else "none",
        "frozen": frozen, "frozen_at": clock.aware(record.frozen_at) if frozen else None,
        "blacklisted": bool(entry and entry.get("status") == "blacklisted"), "policy_version": policy["version"],
        "violations": violations[:50], "decisions": decisions, "live": live})
