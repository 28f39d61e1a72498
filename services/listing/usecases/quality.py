"""Review quality (R-LST-02, issue 25): every human verdict on an automatic decision is kept on the listing as a
label, written in the same conditional update as the verdict itself; the figures add up a period's labels per
category — precision from the reviewers' decisions on held listings, recall with the human sample's misses weighted
by the sample's rate (quality_rules)."""

from datetime import timedelta
from decimal import Decimal

from tianping.lib import clock, periods
from tianping.lib.errors import load
from tianping.lib.schemas import PeriodIn

from .. import models, quality_rules, schemas
from . import Context

DEFAULT_DAYS = 30


def review_label(listing: models.Listing, decision: str, data: dict, reviewer: str) -> dict:
    """The label of a reviewer's decision on a listing the automatic review held."""
    outcomes = quality_rules.review_outcomes(list(listing.findings or ()), decision, data["rule_ids"],
                                             data["categories"])
    return quality_rules.label("review", outcomes, clock.now(), reviewer, listing.lexicon_version, Decimal(1))


def sample_label(listing: models.Listing, data: dict, reviewer: str) -> dict:
    """The label of a verdict on a sampled auto-published listing: it stands for 1/rate auto-published ones."""
    rate = Decimal(str((listing.sample_verdict or {}).get("rate") or "1"))
    outcomes = quality_rules.sample_outcomes(data["decision"], data["categories"])
    return quality_rules.label("sample", outcomes, clock.now(), reviewer, listing.lexicon_version,
                               Decimal(1) / rate if rate > 0 else Decimal(1))


def figures(ctx: Context, since: str | None = None, until: str | None = None) -> dict:
    """Precision and recall per category over local calendar days, both included (default: the last 30)."""
    last = clock.local_now().date()
    period = load(PeriodIn(), {"since": since or (last - timedelta(days=DEFAULT_DAYS - 1)).isoformat(),
                               "until": until or last.isoformat()})
    start, end = periods.day_range(period["since"], period["until"])
    body = quality_rules.figures(ctx.repo.quality_labels(start, end))
    return schemas.QualityOut().dump({**body, **period})
