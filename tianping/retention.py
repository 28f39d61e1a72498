"""Retention classes: how long a record is kept after the event that starts its window, in calendar years counted in
the platform's time zone (tianping.periods.kept_until: the whole anniversary day included). Every record that closes
carries its class and its earliest purge date; nothing is purged before it.

- registration (R-XC-03): registration archives, 2 years after deregistration;
- transaction (R-XC-02): transaction data (orders, after-sale requests), 3 years after completion;
- complaint (R-XC-01): complaint and dispute handling records, 3 years after resolution.
"""

from datetime import datetime

from . import periods

CLASSES = {"registration": (2, "R-XC-03"), "transaction": (3, "R-XC-02"), "complaint": (3, "R-XC-01")}


def stamp(retention_class: str, window_starts: datetime) -> dict:
    """The fields a closing record carries: its class and the first moment it may be purged."""
    years, _ = CLASSES[retention_class]
    return {"retention_class": retention_class, "retain_until": periods.kept_until(window_starts, years)}
