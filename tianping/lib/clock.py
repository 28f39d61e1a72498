"""One clock for the whole system, replaceable in tests (no test sleeps for a deadline).

`now()` is an aware UTC datetime. `local_now()` is the same instant in the platform's time zone
(TIANPING_TIMEZONE, Asia/Shanghai by default), in which every calendar period of the rules is counted.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tianping.lib import config as cfg

_frozen: datetime | None = None


def now() -> datetime:
    return _frozen if _frozen is not None else datetime.now(UTC)


def platform_zone() -> ZoneInfo:
    return ZoneInfo(cfg.env("TIANPING_TIMEZONE", "Asia/Shanghai"))


def local_now() -> datetime:
    return now().astimezone(platform_zone())


def set_now(moment: datetime | None) -> None:
    """Tests only: freeze the clock at `moment` (aware), or None to follow real time again."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("the clock takes aware datetimes")
    _frozen = moment


def aware(moment: datetime | None) -> datetime | None:
    """Stored datetimes come back naive from some drivers; they are UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
