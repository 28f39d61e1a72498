"""The liability graph across shared identities (issue 24; R-ONB-05 extended, R-REP-17): subjects are linked by a
shared credit code, legal representative's ID number, ID number, contact phone, bank account or address. When a
subject is blacklisted (cleared out), the subjects linked to it are flagged for review — not sanctioned — and a new
application sharing its identities goes to a reviewer; the lift clears the flags its blacklisting caused. Every
lookup is an equality on the indexed digest, one per identity, so it does not grow with the number of subjects."""

from tianping.lib import clock
from tianping.platform import sanctions

from .. import identity, rules, schemas
from . import Context

FLAG_RULES = ["R-ONB-05", "R-REP-13"]


def record(ctx: Context, subject_id: str, subject_identity: dict) -> None:
    """The subject's identities enter the graph (idempotent: a repeated activation adds nothing)."""
    ctx.repo.insert_links(subject_id, identity.link_keys(subject_identity))


def linked(ctx: Context, keys: list[tuple[str, str]], exclude: str | None = None) -> dict[str, list[str]]:
    """Subject -> the kinds of identity it shares with `keys`: one indexed equality query per key."""
    found: dict[str, set[str]] = {}
    for kind, key in keys:
        for holder in ctx.repo.holders(key):
            if holder["subject_id"] != exclude:
                found.setdefault(holder["subject_id"], set()).add(kind)
    return {subject_id: sorted(kinds) for subject_id, kinds in sorted(found.items())}


def keys_of(ctx: Context, subject_id: str) -> list[tuple[str, str]]:
    return [(link["kind"], link["key"]) for link in ctx.repo.links_of(subject_id)]


def flag_linked(ctx: Context, subject_id: str, cause: str) -> int:
    """A blacklisting: every subject sharing an identity with `subject_id` is flagged for review, once per cause."""
    now = clock.now()
    flags = [{"_id": f"{cause}|{other}", "subject_id": other, "flagged_by": subject_id, "cause": cause,
              "kinds": kinds, "rule_ids": FLAG_RULES, "status": "open", "at": now}
             for other, kinds in linked(ctx, keys_of(ctx, subject_id), exclude=subject_id).items()]
    ctx.repo.insert_flags(flags)
    ctx.audited_many([("onboarding", "liability_flagged", f"subject:{f['subject_id']}",
                       {"subject": f["subject_id"], "rule_ids": FLAG_RULES, "after": "flagged_for_review",
                        "detail": {"flagged_by": subject_id, "cause": cause, "shared": f["kinds"]}}) for f in flags])
    return len(flags)


def clear_flags(ctx: Context, subject_id: str, cause: str) -> int:
    """The blacklisting was lifted: the flags it caused are cleared (kept, marked cleared, with the lift's cause)."""
    return ctx.repo.clear_flags(subject_id, cause)


def application_checks(ctx: Context, subject_id: str, applicant_identity: dict) -> list:
    """A new application sharing an identity with a blacklisted subject goes to a reviewer (R-ONB-05 extended to
    phone, bank account and address; shared ID numbers and credit codes are refused by the blacklist check)."""
    shared = linked(ctx, identity.link_keys(applicant_identity), exclude=subject_id)
    found = sanctions.entries(ctx.replica, list(shared)[:100])
    blacklisted = [s for s in shared if found.get(s, {}).get("status") == "blacklisted"]
    return [rules.CheckResult("R-ONB-05", rules.REVIEW, f"shares {', '.join(shared[s])} with blacklisted subject "
                                                        f"{s}: a reviewer decides") for s in blacklisted]


def view(ctx: Context, subject_id: str) -> dict:
    """The subject's links (who, by which identities), the flags on it and the flags its blacklisting caused."""
    ctx.repo.subject_or_404(subject_id)
    flags = ctx.repo.flags_on(subject_id)
    links = [{"subject_id": other, "shared": kinds} for other, kinds in
             linked(ctx, keys_of(ctx, subject_id), exclude=subject_id).items()]
    return schemas.LinksOut().dump({"subject_id": subject_id, "identities": [k for k, _ in keys_of(ctx, subject_id)],
                                    "links": links, "flags": flags})
