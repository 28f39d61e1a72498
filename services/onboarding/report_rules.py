"""Onboarding's periodic publication (pure, no I/O): how the platform managed its merchants in each closed calendar
period — applications decided, and the restrictions, suspensions, clear-outs and blacklistings it imposed (R-XC-31).
Periods are blocks of the policy's months from 1 January in the platform's time zone."""

from datetime import date, datetime

from tianping.lib import periods
from tianping.lib.enforcement import enforces

MEASURES = ("restricted", "suspended", "cleared_out", "blacklisted")
BACKLOG = 8  # at most this many missed periods are published at once


def _shift(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(day: date, months: int) -> tuple[date, date]:
    """[first day, first day of the next period) of the period holding `day`."""
    first = date(day.year, (day.month - 1) // months * months + 1, 1)
    return first, _shift(first, months)


@enforces("R-XC-31", neutral=[], partly="onboarding publishes its merchant-management measures each period; dispute "
                                        "handling is published by the dispute service (GET /v1/disputes/stats)")
def periods_to_publish(published_until: date | None, now: datetime, months: int) -> list[tuple[date, date]]:
    """The closed periods not yet published, oldest first: those ending after `published_until` (None: nothing
    published yet, only the last closed period), up to the current period's first day in the platform's time zone."""
    current_start, _ = period_of(periods.local_date(now), months)
    due, end = [], current_start
    while len(due) < BACKLOG and (published_until is None and not due or published_until is not None
                                  and end > published_until):
        start = _shift(end, -months)
        due.append((start, end))
        end = start
    return list(reversed(due))


def tally(statuses: list[str], measures: list[str]) -> dict:
    """The report's figures: applications decided by outcome, and measures imposed by kind."""
    return {"applications": {s: statuses.count(s) for s in sorted(set(statuses))},
            "measures": {m: measures.count(m) for m in MEASURES if m in measures}}
