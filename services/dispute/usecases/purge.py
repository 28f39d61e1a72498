"""Retention of complaint and dispute handling records (R-XC-01): a case is kept at least 3 calendar years from its
end (`retain_until`, set when it is resolved or taken outside); after that, the periodic purge replaces the buyer's
identifier with a random token and removes the free texts (the claim, evidence texts, proposal reasoning, answers'
comments, the history's reasons), keeping the record — outcome, amounts, states, rule IDs — for the public
statistics. Each minimisation is an audit entry."""

from tianping.lib import clock
from tianping.platform import retention

from .. import models
from . import Context


def scrub(case) -> dict:
    return {"consumer_id": retention.pseudonym(), "claim": retention.REMOVED,
            "evidence": [models.Evidence(side=e.side, actor=e.actor if e.side == "merchant" else "buyer",
                                         text=retention.REMOVED if e.text else "", files=e.files, at=e.at)
                         for e in case.evidence],
            "proposal": {k: v for k, v in (case.proposal or {}).items() if k != "reasoning"},
            "answers": {side: (a if not isinstance(a, dict) else {k: v for k, v in a.items() if k != "comment"})
                        for side, a in (case.answers or {}).items()},
            "trail": retention.scrubbed_trail(case.trail)}


def purge(ctx: Context, limit: int = retention.PURGE_BATCH) -> dict:
    now = clock.now()
    done = retention.purge(ctx.repo.cases_past_retention(now, limit), scrub=scrub, minimise=ctx.repo.minimise_case,
                           audit=ctx.audit, service="dispute", noun="case", rule_id="R-XC-01",
                           subject_of=lambda case: case.merchant_id, now=now)
    return {"minimised": len(done), "case_ids": done}
