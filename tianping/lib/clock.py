"""One clock for the whole system, replaceable in tests (no test sleeps for a deadline).

`now()` is an aware UTC datetime. `local_now()` is the same instant in the platform's time zone
(TIANPING_TIMEZONE, Asia/Shanghai by default), in which every calendar period of the rules is counted.

With test clocks on (tianping.platform.testclock, never in production) every process adds the platform's offset to it: the
whole system lives that many seconds ahead of the wall clock.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tianping.lib import config as cfg
from tianping.lib.errors import ValidationFailed

_frozen: datetime | None = None
_offset = timedelta(0)


def now() -> datetime:
    return (_frozen if _frozen is not None else datetime.now(UTC)) + _offset


def offset_seconds() -> int:
    return int(_offset.total_seconds())


def set_offset(seconds: int) -> None:
    """Test clocks only (tianping.platform.testclock): live `seconds` ahead of the wall clock."""
    global _offset
    _offset = timedelta(seconds=seconds)


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


def instant(value, field: str) -> datetime | None:
    """A query's time as its caller wrote it (ISO-8601 with a UTC offset): None when absent; a 400 naming `field`
    when it is not a time or has no offset (a time without one would be read in some zone nobody chose)."""
    if value is None or value == "":
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationFailed(f"{field} is a time with its UTC offset", {field: ["not a time with an offset"]})
    return moment
