"""Rule changes (R-XC-23): the platform publishes a change to onboarding's policy as a public notice; it takes effect
on its day, never before the notice period has run; anyone signed in reads the notices."""

import uuid
from datetime import date

from tianping.lib import clock, periods
from tianping.lib.errors import RuleRefused, load

from .. import models, policy_rules, schemas
from . import Context


def _as_dict(change: models.PolicyChange) -> dict:
    return {"change_id": change.change_id, "changes": dict(change.changes),
            "effective_from": date.fromisoformat(change.effective_from), "published_at": change.published_at,
            "published_by": change.published_by, "reason": change.reason}


def in_force(ctx: Context) -> dict:
    """The policy in force now: the service's base policy with the changes whose effective day has begun."""
    return policy_rules.in_force(ctx.policy, [_as_dict(c) for c in ctx.repo.policy_changes()], clock.now())


def publish(ctx: Context, data: dict, actor: str) -> dict:
    """Publish a change; refused (422, effective_from) when it would take effect before its notice period ends."""
    c = load(schemas.PolicyChangeIn(), data)
    now = clock.now()
    shortfall = policy_rules.notice_shortfall(now, c["effective_from"], in_force(ctx))
    if shortfall:
        raise RuleRefused("a rule change takes effect only after its public notice (R-XC-23)",
                          {"effective_from": [shortfall]})
    change = models.PolicyChange(change_id=f"pc_{uuid.uuid4().hex[:12]}", changes=c["changes"],
                                 effective_from=c["effective_from"].isoformat(), published_at=now,
                                 published_by=actor, reason=c["reason"])
    ctx.repo.insert_policy_change(change)
    ctx.audited(actor, "policy_change_published", f"policy_change:{change.change_id}", rule_ids=["R-XC-23"],
                detail={"changes": c["changes"], "effective_from": change.effective_from})
    return schemas.PolicyChangeOut().dump({**_as_dict(change), "in_force": False, "rule_ids": ["R-XC-23"]})


def notices(ctx: Context) -> dict:
    """Every published change (the public notices), with whether it is in force, and the version in force."""
    now, policy = clock.now(), in_force(ctx)
    items = [{**_as_dict(c), "rule_ids": ["R-XC-23"],
              "in_force": periods.local_midnight(date.fromisoformat(c.effective_from)) <= now}
             for c in ctx.repo.policy_changes()]
    return schemas.PolicyNoticesOut().dump({"policy_version": policy["version"], "items": items})
