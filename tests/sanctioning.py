"""Sanction changes as reputation commits them (its shipped policy's effects), for the replicas of every service."""

from datetime import UTC, datetime

from services.reputation import repository, rules
from tianping.lib import clock
from tianping.platform.sanctions import SANCTION

POLICY = repository.DEFAULT_POLICY
RULES_OF = {"warning": ["R-REP-12", "R-REP-19"], "restricted": ["R-REP-12", "R-REP-19"],
            "suspended": ["R-REP-12", "R-REP-19", "R-REP-18"], "cleared_out": ["R-REP-12", "R-REP-19", "R-REP-18"],
            "none": ["R-REP-19"]}


def sanction_change(seq, subject_id, level, subject_type="merchant", since=None, until="policy", **extra):
    """A change of the authority's log setting `subject_id`'s sanction to `level` (effects from the shipped policy)."""
    since = since or clock.now() or datetime.now(UTC)
    end = rules.sanction_until(POLICY, level, since) if until == "policy" else until
    return {"seq": seq, "subject_id": subject_id, "subject_type": subject_type, "action": SANCTION,
            "rule_ids": RULES_OF[level], "reason": f"test {level}", "identity_keys": [], "committed_at": since,
            "sanction": {"level": level, **rules.sanction_effects(POLICY, level), "since": since, "until": end,
                         "rule_ids": RULES_OF[level], "decision_id": f"sanction:test-{seq}",
                         "policy_version": POLICY["version"], "cause": f"test-{seq}"}, **extra}


def serialised(change: dict) -> dict:
    """As the authority's RPC answers (JSON: instants as ISO text)."""
    def text(value):
        return value.isoformat() if isinstance(value, datetime) else value
    return {**{k: text(v) for k, v in change.items() if k != "sanction"},
            "sanction": {k: text(v) for k, v in change["sanction"].items()}}
