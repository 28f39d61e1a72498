"""How values read on a page: times in the platform's time zone, time left in days and hours, names as words."""

from datetime import datetime

from tianping.lib import clock


def when(value) -> str:
    """An ISO-8601 time (as the services answer) in the platform's time zone, to the minute."""
    if not value:
        return "—"
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.astimezone(clock.platform_zone()).strftime("%Y-%m-%d %H:%M")


def left(seconds) -> str:
    """Seconds left as days, hours and minutes (overdue at 0; closed when None)."""
    if seconds is None:
        return "closed"
    seconds = int(float(seconds))
    if seconds <= 0:
        return "overdue"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [f"{days}d"] * bool(days) + [f"{hours}h"] * bool(hours) + [f"{minutes}m"] * (not days)
    return " ".join(parts) or "<1m"


def label(value) -> str:
    return str(value or "").replace("_", " ")
