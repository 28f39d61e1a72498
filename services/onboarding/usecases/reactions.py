"""Onboarding's reaction to the blacklist (R-REP-13): the subject's status, an MCN's hosts suspended pending
re-review, a host's MCN reported for joint liability (R-REP-17). Every step is keyed by the change's seq, so a
re-run does nothing twice; re-entry under the same identity is refused by the subject's own status (R-ONB-05)."""

from .. import contracts, rules
from . import Context, links, subjects


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
        if subject is not None:
            subjects.set_status(ctx, subject, "blacklisted", change["reason"], plan["rule_ids"], cause)
        links.flag_linked(ctx, subject_id, cause, keys)  # subjects sharing its identities: flagged for review
        if plan["suspend_hosts"]:  # R-ONB-30: all of them in one bulk write, one audit insert, one event
            subjects.set_statuses(ctx, [h for h in _contracted_hosts(ctx, subject_id) if h.status == "active"],
                                  "suspended", f"MCN {subject_id} blacklisted; pending re-review",
                                  ["R-REP-13", "R-ONB-30"], f"mcn-{cause}")
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
    if plan["restore_hosts"]:
        subjects.set_statuses(ctx, [host for host in _contracted_hosts(ctx, subject_id)
                                    if host.status == "suspended"
                                    and any((h.cause or "").startswith("mcn-blacklist:") for h in host.history[-1:])],
                              "active", f"MCN {subject_id} lifted", ["R-REP-19"], f"mcn-{cause}")


def _contracted_hosts(ctx: Context, mcn_id: str) -> list:
    """The MCN's contracted hosts registered here: two queries however many there are."""
    return ctx.repo.subjects({contract.host_id for contract in ctx.repo.active_contracts(mcn_id=mcn_id)})
