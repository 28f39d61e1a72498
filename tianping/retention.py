"""Retention classes: how long a record is kept after the event that starts its window, in calendar years counted in
the platform's time zone (tianping.periods.kept_until: the whole anniversary day included). Every record that closes
carries its class and its earliest purge date; nothing is purged before it.

- registration (R-XC-03): registration archives, 2 years after deregistration;
- transaction (R-XC-02): transaction data (orders, after-sale requests), 3 years after completion;
- complaint (R-XC-01): complaint and dispute handling records, 3 years after resolution;
- sanction (R-XC-06): violations and the sanctions they led to, 3 years after the violation (the source sets no
  period; this is the platform's).
"""

import uuid
from datetime import datetime

from . import config as cfg
from . import periods

CLASSES = {"registration": (2, "R-XC-03"), "transaction": (3, "R-XC-02"), "complaint": (3, "R-XC-01"),
           # R-XC-06 keeps sanction and blacklisting records without a period: platform policy, 3 years like the rest
           "sanction": (3, "R-XC-06")}


def stamp(retention_class: str, window_starts: datetime) -> dict:
    """The fields a closing record carries: its class and the first moment it may be purged."""
    years, _ = CLASSES[retention_class]
    return {"retention_class": retention_class, "retain_until": periods.kept_until(window_starts, years)}


PURGE_BATCH = 500
REMOVED = "(removed: retention window ended)"  # what a free text reads once minimised (required fields stay valid)


def purge_seconds() -> float:
    """How often each service's purge job looks for records past their window (TIANPING_PURGE_SECONDS)."""
    return float(cfg.env("TIANPING_PURGE_SECONDS", "3600"))


def pseudonym() -> str:
    """What replaces a person's identifier once the window ends: a random token, linkable to nothing (the record's
    statistics keep counting it; nobody can find the person behind it)."""
    return f"anon:{uuid.uuid4().hex[:16]}"


def scrub_steps(trail: list) -> list:
    """A record's history with its free texts removed (who acted, what, when, which rules and states stay)."""
    return [{**step, "reasons": [], "documents": []} for step in trail]
