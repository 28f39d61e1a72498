"""Pure rules of the oversight around automatic review: the human sample of auto-published listings, what a
periodic re-check under a new lexicon does to a live listing (R-LST-24), and the IP notice's restoration period
(R-LST-13, E-Commerce Law art. 43). No I/O."""

import hashlib
from datetime import datetime
from decimal import Decimal

from tianping.lib import periods
from tianping.lib.enforcement import enforces

from .findings import Finding

SPACE = Decimal(2) ** 64
RECHECK_RULES = ("R-LST-24", "R-LST-12")
IP_RULES = ("R-LST-13", "R-LST-11")


def draw(listing_id: str, salt: str) -> Decimal:
    """A listing's draw in [0, 1): the first 8 bytes of sha256(salt:listing id) — reproducible by anyone holding the
    policy's salt, so an auditor can recompute which listings were sampled."""
    digest = hashlib.sha256(f"{salt}:{listing_id}".encode()).digest()
    return Decimal(int.from_bytes(digest[:8], "big")) / SPACE


def sampled(listing_id: str, rate: Decimal, salt: str) -> bool:
    """Is this auto-published listing among the policy's share sent to human quality review?"""
    return draw(listing_id, salt) < rate


def new_findings(findings: list[Finding], stored: list[dict]) -> list[Finding]:
    """Findings the listing did not already carry when it was published: a reviewer who approved a listing with a
    finding has decided that finding; a re-check acts only on what the new lexicon adds."""
    known = {(f.get("kind"), f.get("field"), f.get("text")) for f in stored or []}
    return [f for f in findings if (f.kind, f.field, f.text) not in known]


@enforces("R-LST-24", neutral="unchanged", partly="the re-check runs when a new lexicon version is published, not "
                                                 "on a fixed interval; an ad's own expiry date is not modelled")
def recheck_outcome(findings: list[Finding]) -> str:
    """unchanged when nothing new is found; in_review when every new finding needs a human; otherwise withdrawn."""
    if not findings:
        return "unchanged"
    return "in_review" if all(f.review for f in findings) else "withdrawn"


def restoration_due(forwarded_at: datetime, days: int) -> datetime:
    """Art. 43: held listings are restored when the rights holder has not, within `days` days of receiving the
    forwarded counter-notice, told the platform of a complaint or lawsuit. Calendar days in the platform's time
    zone counted from the day after forwarding: forwarded on the 1st with 15 days, the 16th is the last day and the
    measures end at the 17th's first moment."""
    return periods.end_of_day_count(forwarded_at, days)


# A listing in one of these statuses is live (shown, or on its way to being shown) and comes down on an IP notice.
HOLDABLE = ("published", "in_review", "changes_requested", "ip_hold")


@enforces("R-LST-13", neutral=False, partly="the notice time and each action time are recorded by the use case, not "
                                            "by this check")
def taken_down_on_notice(status: str) -> bool:
    """R-LST-13: a live listing named in a rights holder's notice is taken down at once (held, hidden from buyers)."""
    return status in HOLDABLE


@enforces("R-DSP-11", neutral=False, partly="a report takes the listing out of publication at once, until a reviewer "
                                            "decides; no deadline yet holds the reviewer's decision on a report")
def held_on_report(status: str) -> bool:
    """R-DSP-11: a published listing that a user reports goes back to a person until the report is decided."""
    return status == "published"
