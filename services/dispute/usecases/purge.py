"""Retention of complaint and dispute handling records (R-XC-01): a case is kept at least 3 calendar years from its
end (`retain_until`, set when it is resolved or taken outside); after that, the periodic purge replaces the buyer's
identifier with a random token and removes the free texts (the claim, evidence texts, proposal reasoning, answers'
comments, the history's reasons), keeping the record — outcome, amounts, states, rule IDs — for the public
statistics. Each minimisation is an audit entry."""

from tianping import clock, retention
from tianping.trail import Step

from .. import models
from . import Context


def purge(ctx: Context, limit: int = retention.PURGE_BATCH) -> dict:
    now, done = clock.now(), []
    for case in ctx.repo.cases_past_retention(now, limit):
        scrubbed = {"consumer_id": retention.pseudonym(), "claim": retention.REMOVED,
                    "evidence": [models.Evidence(side=e.side, actor=e.actor if e.side == "merchant" else "buyer",
                                                 text=retention.REMOVED if e.text else "", files=e.files, at=e.at) for e in case.evidence],
                    "proposal": {k: v for k, v in (case.proposal or {}).items() if k != "reasoning"},
                    "answers": {side: (a if not isinstance(a, dict) else {k: v for k, v in a.items() if k != "comment"})
                                for side, a in (case.answers or {}).items()},
                    "trail": [Step(**s) for s in retention.scrub_steps([s.to_mongo().to_dict() for s in case.trail])]}
        if not ctx.repo.minimise_case(case, now, scrubbed):
            continue
        done.append(case.case_id)
        if ctx.audit is not None:
            ctx.audit.append("dispute", "case_personal_data_minimised", f"case:{case.case_id}",
                             subject=case.merchant_id, rule_ids=["R-XC-01"], before=case.status, after=case.status,
                             key=f"minimised:{case.case_id}",
                             detail={"retain_until": clock.aware(case.retain_until).isoformat()})
    return {"minimised": len(done), "case_ids": done}
