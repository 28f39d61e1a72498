"""A merchant's after-sale figures over a window (R-AFT-15), and the violation recorded when its missed deadlines
pass the policy threshold."""

from datetime import timedelta

from tianping.lib import clock, periods
from tianping.lib.errors import ValidationFailed

from .. import contracts, rules, schemas, survey_rules
from . import Context

WINDOW_DAYS = {"30d": 30, "90d": 90}


def merchant_stats(ctx: Context, merchant_id: str, window: str = "30d") -> dict:
    if window not in WINDOW_DAYS:
        raise ValidationFailed("window is 30d or 90d", {"window": list(contracts.WINDOWS)})
    until = clock.now()
    since = until - timedelta(days=WINDOW_DAYS[window])
    figures = rules.merchant_stats(ctx.repo.requests_opened_between(merchant_id, since, until),
                                   ctx.repo.orders_paid_between(merchant_id, since, until),
                                   ctx.repo.breaches_between(merchant_id, since, until))
    return schemas.StatsOut().dump({"merchant_id": merchant_id, "window": window, "since": since, "until": until,
                                    "breach_threshold": ctx.policy["breach_violation"]["threshold"],
                                    "rule_ids": ["R-AFT-15", "R-AFT-16"], **figures})


def check_breaches(ctx: Context, merchant_id: str) -> bool:
    """After a breach: past the threshold within the policy window, report a violation to reputation — at most one
    per merchant per calendar month in the platform's time zone (its dedupe key)."""
    policy = ctx.policy["breach_violation"]
    now = clock.now()
    count = ctx.repo.breaches_between(merchant_id, now - timedelta(days=policy["window_days"]), now + timedelta(0, 1))
    if not rules.breach_violation_due(count, ctx.policy):
        return False
    month = periods.local_date(now).strftime("%Y-%m")
    ctx.publish(contracts.VIOLATION_DETECTED, {
        "subject_id": merchant_id, "subject_type": "merchant", "rule_id": policy["rule_id"], "severity": "general",
        "source_service": "aftersale",
        "evidence": [f"{count} missed after-sale deadlines in {policy['window_days']} days "
                     f"(threshold {policy['threshold']}, policy {ctx.policy['version']})"],
        "dedupe_key": f"aftersale-breaches:{merchant_id}:{month}"})
    return True


def check_performance(ctx: Context, merchant_id: str) -> bool:
    """After a survey answer: a merchant whose buyers' answers fall short of the platform's standard over its window
    is reported to reputation, to be dealt with under the points policy (R-REP-03) — once per calendar month."""
    standard = ctx.policy["performance_standard"]
    now = clock.now()
    answered = [r["survey"] for r in ctx.repo.requests_opened_between(
        merchant_id, now - timedelta(days=standard["window_days"]), now) if r.get("survey")]
    figures = survey_rules.satisfaction(answered)
    shortfalls = survey_rules.performance_shortfalls(figures, standard) if figures["surveys"] else []
    if not shortfalls:
        return False
    month = periods.local_date(now).strftime("%Y-%m")
    ctx.publish(contracts.VIOLATION_DETECTED, {
        "subject_id": merchant_id, "subject_type": "merchant", "rule_id": standard["rule_id"], "severity": "general",
        "source_service": "aftersale",
        "evidence": [f"{figures['surveys']} surveys in {standard['window_days']} days: {'; '.join(shortfalls)} "
                     f"(policy {ctx.policy['version']})"],
        "dedupe_key": f"aftersale-performance:{merchant_id}:{month}"})
    return True
