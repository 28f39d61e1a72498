"""What each service's replica holds of a subject's sanction, and what it answers for each action (issue 24): the
RPC every service has (through BlacklistEnforcing) and the gateway's sanction-propagation view reads."""

from marshmallow import Schema

from tianping.infra.rpc import rpc
from tianping.lib import clock, fields
from tianping.platform import sanctions


class VerdictOut(Schema):
    allowed = fields.Boolean()
    review = fields.Boolean()
    rule_ids = fields.List(fields.String())


class SanctionStateOut(Schema):
    service = fields.String()
    subject_id = fields.String()
    applied_seq = fields.Integer()          # how far this replica has applied the authority's log
    seq = fields.Integer(allow_none=True)   # the sanction change it holds for the subject
    blacklisted = fields.Boolean()
    recorded_level = fields.String()        # the level last applied here
    level = fields.String()                 # the level in force now (a suspension past its end no longer counts)
    until = fields.DateTime(allow_none=True)
    rule_ids = fields.List(fields.String())
    decision_id = fields.String(allow_none=True)
    policy_version = fields.String(allow_none=True)
    committed_at = fields.DateTime(allow_none=True)
    applied_at = fields.DateTime(allow_none=True)
    lag_seconds = fields.Float(allow_none=True)  # from the authority's commit to this replica's apply
    verdicts = fields.Dict(keys=fields.String(), values=fields.Nested(VerdictOut))


SANCTION_STATE = SanctionStateOut()


def state_view(service: str, replica, subject_id: str) -> dict:
    """One subject's replicated state here and this replica's answer for every action."""
    entry = replica.entry(subject_id) or {"_id": subject_id}
    sanction = entry.get("sanction") or {}
    now = clock.now()
    verdicts = {action: sanctions.verdict(entry, action, now) for action in sanctions.ACTIONS}
    effective = "cleared_out" if entry.get("status") == "blacklisted" else \
        (sanctions.in_force(entry, now) or {}).get("level", "none")
    committed, applied = sanction.get("committed_at"), entry.get("applied_at") if sanction else None
    lag = (clock.aware(applied) - clock.aware(committed)).total_seconds() if committed and applied else None
    return SANCTION_STATE.dump({
        "service": service, "subject_id": subject_id, "applied_seq": replica.applied_seq(),
        "seq": sanction.get("seq"), "blacklisted": entry.get("status") == "blacklisted",
        "recorded_level": sanction.get("level", "none"), "level": effective, "until": sanction.get("until"),
        "rule_ids": sanction.get("rule_ids", []), "decision_id": sanction.get("decision_id"),
        "policy_version": sanction.get("policy_version"), "committed_at": committed, "applied_at": applied,
        "lag_seconds": lag,
        "verdicts": {a: {"allowed": v.allowed, "review": v.review, "rule_ids": list(v.rule_ids)}
                     for a, v in verdicts.items()}})


class SanctionEnforcing:
    """Mixin (part of tianping.platform.blacklist.BlacklistEnforcing): the replica's view of one subject's sanction."""

    @rpc
    def sanction_state(self, subject_id):
        """This service's replicated sanction of a subject (level, until, rule IDs, decision, lag) and its answer for
        every action (allowed, through review, rule IDs)."""
        return state_view(self.name, self.blacklist, subject_id)
