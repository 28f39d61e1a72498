"""Retention classes: how long a record is kept after the event that starts its window, in calendar years counted in
the platform's time zone (tianping.lib.periods.kept_until: the whole anniversary day included). Every record that closes
carries its class and its earliest purge date; nothing is purged before it.

- registration (R-XC-03): registration archives, 2 years after deregistration;
- transaction (R-XC-02): transaction data (orders, after-sale requests), 3 years after completion;
- complaint (R-XC-01): complaint and dispute handling records, 3 years after resolution;
- livestream (R-XC-01): a live session's segments (comments, transcripts, captions, product cards) and the decisions
  on them, 3 years from when they were received (at least as long as the recorded video);
- sanction (R-XC-06): violations and the sanctions they led to, 3 years after the violation (the source sets no
  period; this is the platform's).
"""

import uuid
from datetime import datetime

from tianping.lib import clock, periods
from tianping.lib import config as cfg
from tianping.lib.enforcement import enforces, rewrite
from tianping.lib.trail import Step

CLASSES = {"registration": (2, "R-XC-03"), "transaction": (3, "R-XC-02"), "complaint": (3, "R-XC-01"),
           "livestream": (3, "R-XC-01"),
           # R-XC-06 keeps sanction and blacklisting records without a period: platform policy, 3 years like the rest
           "sanction": (3, "R-XC-06")}


def stamp(retention_class: str, window_starts: datetime) -> dict:
    """The fields a closing record carries: its class and the first moment it may be purged."""
    return {"retention_class": retention_class, "retain_until": window(retention_class, window_starts)["ends"]}


def _no_window(result: dict, rule_ids: frozenset) -> dict:
    return {**result, "ends": result["starts"]} if set(result["rule_ids"]) & rule_ids else result


NO_WINDOW = rewrite(_no_window, "no retention: purgeable when the window starts")


@enforces("R-XC-01", "R-XC-02", "R-XC-03", neutral=NO_WINDOW)
@enforces("R-XC-06", neutral=NO_WINDOW, partly="supplier verification records of MCNs and hosts (R-ONB-34) are kept "
                                               "by them, not here; the period is the platform's")
def window(retention_class: str, window_starts: datetime) -> dict:
    """A class's retention window: from `starts` to `ends` (the first moment after the anniversary day), under its rule."""
    years, rule_id = CLASSES[retention_class]
    return {"starts": window_starts, "ends": periods.kept_until(window_starts, years), "rule_ids": [rule_id]}


PURGE_BATCH = 500
REMOVED = "(removed: retention window ended)"  # what a free text reads once minimised (required fields stay valid)


def purge_seconds() -> float:
    """How often each service's purge job looks for records past their window (TIANPING_PURGE_SECONDS)."""
    return float(cfg.env("TIANPING_PURGE_SECONDS", "3600"))


def pseudonym() -> str:
    """What replaces a person's identifier once the window ends: a random token, linkable to nothing (the record's
    statistics keep counting it; nobody can find the person behind it)."""
    return f"anon:{uuid.uuid4().hex[:16]}"


def scrubbed_trail(trail) -> list[Step]:
    """A record's history with its free texts removed (who acted, what, when, which rules and states stay)."""
    return [Step(**{**step.to_mongo().to_dict(), "reasons": [], "documents": []}) for step in trail]


def purge(records, *, scrub, minimise, audit, service: str, noun: str, rule_id: str, subject_of, now) -> list[str]:
    """The purge loop of a service: each record past its window minimised (`minimise(record, now, scrub(record))`,
    conditional: once, never inside the window) and audited under a key. Returns the ids minimised."""
    done = []
    for record in records:
        if not minimise(record, now, scrub(record)):
            continue  # done before, or not past its window any more
        done.append(record.pk)
        if audit is not None:
            audit.append(service, f"{noun}_personal_data_minimised", f"{noun}:{record.pk}", subject=subject_of(record),
                         rule_ids=[rule_id], before=record.status, after=record.status, key=f"minimised:{record.pk}",
                         detail={"retain_until": clock.aware(record.retain_until).isoformat()})
    return done
