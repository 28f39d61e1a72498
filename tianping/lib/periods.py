"""Calendar periods of the rules, counted in the platform's time zone (TIANPING_TIMEZONE, Asia/Shanghai by
default): a year is a calendar year, not 365 days; a day is a calendar day there, not 24 hours since UTC midnight.

"Within the last N years" of a reference moment holds for every local day from the same calendar date N years
earlier (29 February falls back to 28 February) up to the reference day, both included.
"""

import functools
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from tianping.lib import clock


def local_date(moment: datetime) -> date:
    return clock.aware(moment).astimezone(clock.platform_zone()).date()


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.platform_zone())


def day_range(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) of the calendar days `first` to `last` (both included) in the platform's time zone."""
    return local_midnight(first), local_midnight(last + timedelta(days=1))


def years_before(day: date, years: int) -> date:
    return day - relativedelta(years=years)


def within_years(event: datetime, reference: datetime, years: int) -> bool:
    """Did `event` happen within the last `years` calendar years of `reference` (boundary days included)?"""
    return years_before(local_date(reference), years) <= local_date(event) <= local_date(reference)


def start_of_years_window(reference: datetime, years: int) -> datetime:
    """The first moment of the window "the last `years` calendar years" ending on `reference`'s local day."""
    return _years_window(local_date(reference), years, clock.platform_zone())


@functools.lru_cache(maxsize=64)
def _years_window(day: date, years: int, zone) -> datetime:
    """Kept per day, years and zone: a reputation read asked it four times, at a tenth of its service's CPU through
    relativedelta (issue 30)."""
    return datetime.combine(years_before(day, years), time.min, tzinfo=zone)


def kept_until(start: datetime, years: int) -> datetime:
    """The end of a retention of at least `years` calendar years from `start`'s local day: the first moment after
    the anniversary day (a record is never purged on the anniversary itself)."""
    return local_midnight(local_date(start) + relativedelta(years=years) + timedelta(days=1))


def full_years(born: date, on: datetime) -> int:
    """Age in full years on `on`'s local day (a birthday counts from its first moment there)."""
    day = local_date(on)
    return relativedelta(day, born).years


def end_of_day_count(start: datetime, days: int) -> datetime:
    """The first moment after "`days` days counted from the day after `start`" (the way a statutory period such as
    the 7-day no-reason return runs): delivered on the 1st, the 8th is the last day, the 9th's midnight the end."""
    return local_midnight(local_date(start) + timedelta(days=days + 1))
