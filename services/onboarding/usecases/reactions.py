"""Onboarding's reaction to the blacklist (R-REP-13): the subject's status, an MCN's hosts suspended pending
re-review, a host's MCN reported for joint liability (R-REP-17). Every step is keyed by the change's seq, so a
re-run does nothing twice; re-entry under the same identity is refused by the subject's own status (R-ONB-05)."""

from .. import contracts, rules
from . import Context, links, status_moves, subjects


def react_to_run(ctx: Context, changes: list[dict]) -> None:
    """A run of changes: one lookup finds which subjects are registered here; only those react."""
    known = ctx.repo.registered({c["subject_id"] for c in changes})
    for change in changes:
        if change["subject_id"] in known:
            react(ctx, change)


def react(ctx: Context, change: dict) -> None:
    seq, subject_id = change["seq"], change["subject_id"]
    subject = ctx.repo.subject(subject_id)
    plan = rules.blacklist_reaction(change["subject_type"], change["action"])
    cause = f"blacklist:{seq}"
    if change["action"] == "add":
        keys = links.keys_of(ctx, subject_id)
        links.mark_blacklisted(ctx, subject, keys)
        for _ in range(3 if subject is not None else 0):  # a blacklisting always lands: read again if it moved meanwhile
            if subjects.set_status(ctx, subject, "blacklisted", change["reason"], plan["rule_ids"], cause) \
                    or subjects.moved_already(subject, "blacklisted", cause):
                break
            subject = ctx.repo.subject(subject_id)
        links.flag_linked(ctx, subject_id, cause, keys)  # subjects sharing its identities: flagged for review
        if plan["suspend_hosts"]:  # R-ONB-30: a handful of statements per batch of hosts (usecases/status_moves.py)
            status_moves.move_many(ctx, _contracted_hosts(ctx, subject_id), "active", "suspended",
                                   f"MCN {subject_id} blacklisted; pending re-review", ["R-REP-13", "R-ONB-30"],
                                   f"mcn-{cause}")
        if plan["joint_liability"]:
            for contract in ctx.repo.active_contracts(host_id=subject_id):
                ctx.publish(contracts.VIOLATION_DETECTED, {
                    "subject_id": contract.mcn_id, "subject_type": "mcn", "rule_id": "R-REP-17",
                    "severity": "general", "source_service": "onboarding",
                    "evidence": [f"host {subject_id} blacklisted at seq {seq}"],
                    "dedupe_key": f"joint-liability:{seq}:{contract.mcn_id}"})
        return
    links.clear_flags(ctx, subject_id, cause, subject)
    if subject is not None and subject.status == "blacklisted":
        restored = next((h.previous for h in reversed(subject.history) if h.status == "blacklisted"), "active")
        subjects.set_status(ctx, subject, restored or "active", change["reason"], plan["rule_ids"], cause)
    if plan["restore_hosts"]:  # those its blacklisting suspended and nothing moved since
        status_moves.move_many(ctx, _contracted_hosts(ctx, subject_id), "suspended", "active",
                               f"MCN {subject_id} lifted", ["R-REP-19"], f"mcn-{cause}",
                               only=lambda head: status_moves.last_cause(head).startswith("mcn-blacklist:"))


def _contracted_hosts(ctx: Context, mcn_id: str) -> list[str]:
    """The MCN's contracted hosts (registered here or not: a move reads only those that are): one indexed read."""
    return ctx.repo.contracted_hosts(mcn_id)
