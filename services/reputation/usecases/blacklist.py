"""The platform-wide blacklist: commits through the authority (gap-free sequence, outbox), reads, and
reputation's own reaction to a change (R-REP-13: score and grade frozen)."""

from tianping.infra import roundtrips
from tianping.lib import paging
from tianping.lib.errors import Conflict, found, load

from .. import authority_schemas
from . import Context, reports


def commit(ctx: Context, subject_id, subject_type, action, rule_ids, reason, identity_keys, actor, caused_by,
           decision: dict | None = None) -> dict:
    with roundtrips.doing(roundtrips.AUTHORITY_WORK):
        change = ctx.authority.record(subject_id, subject_type, action, rule_ids, reason, identity_keys, actor,
                                      caused_by, ctx.correlation_id, ctx.request_key, decision)
        if change.get("replayed") and decision:
            _audit_again(ctx, change)
    ctx.relay.notify()  # the writer handed the change to the relay; this only wakes it if it was not
    reports.open_for_change(ctx, change)  # a community subject blacklisted is reported to the authorities (R-REP-14)
    return change


def _audit_again(ctx: Context, change: dict) -> None:
    """A resumed request: its change and decision were committed together, but the process may have died before
    the decision reached the audit log; the keyed append adds it once."""
    decision = ctx.authority.decision_of(change["seq"])
    if decision is not None and ctx.audit is not None:
        ctx.audit.append_many([ctx.authority.audit_draft({**decision, "request_id": ctx.request_id()})])


def add_if_needed(ctx: Context, subject_id, subject_type, rule_ids, reason, identity_keys, actor, caused_by):
    """Blacklist unless already blacklisted; the committed change, or None."""
    entry = ctx.authority.entry(subject_id)
    if entry and entry.get("status") == "blacklisted":
        return None
    try:
        return commit(ctx, subject_id, subject_type, "add", rule_ids, reason, identity_keys, actor, caused_by)
    except Conflict:
        return None  # a concurrent decision blacklisted it first


def add(ctx: Context, data: dict, actor: str) -> dict:
    b = load(authority_schemas.BlacklistAddIn(), data)
    change = commit(ctx, b["subject_id"], b["subject_type"], "add", b["rule_ids"], b["reason"], b["identity_keys"],
                    actor, "manual", decision={"kind": "blacklist", "outcome": "blacklisted",
                                               "policy_version": ctx.policy()["version"]})
    return authority_schemas.ChangeOut().dump(change)


def lift(ctx: Context, subject_id: str, data: dict, actor: str, caused_by: str = "manual") -> dict:
    """Lift a blacklisting (R-REP-19, reason required); the lift propagates like any other change."""
    b = load(authority_schemas.BlacklistLiftIn(), data)
    entry = found(ctx.authority.entry(subject_id), f"blacklist record of {subject_id}", "subject_id")
    change = commit(ctx, subject_id, entry.get("subject_type"), "lift", ["R-REP-19"], b["reason"], [], actor, caused_by,
                    decision={"kind": "lift", "outcome": "lifted", "policy_version": ctx.policy()["version"]})
    return authority_schemas.ChangeOut().dump(change)


def get(ctx: Context, subject_id: str) -> dict:
    entry, history = ctx.authority.entry_and_history(subject_id)  # one read of the log's index on the subject
    entry = found(entry, f"blacklist record of {subject_id}", "subject_id")
    return authority_schemas.BlacklistRecordOut().dump({**entry, "history": history})


def page(ctx: Context, status=None, subject_type=None, cursor=None, limit=50) -> dict:
    rows, next_cursor = ctx.repo.blacklist_page(ctx.authority, status, subject_type, cursor, paging.clamp(limit))
    return authority_schemas.EntryPage().dump({"items": rows, "next_cursor": next_cursor})


def changes_after(ctx: Context, after: int, limit: int) -> list[dict]:
    return authority_schemas.ChangeOut(many=True).dump(ctx.authority.changes_after(int(after), paging.clamp(limit, 500, 1000)))


def freeze(ctx: Context, changes: list[dict]) -> None:
    """R-REP-13: a blacklisted operator's score and grade stop moving at the decision (derived on read)."""
    ctx.repo.freeze(changes)
