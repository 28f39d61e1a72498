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
IDENTITY_KINDS = ("credit_code", "legal_representative", "id_number")  # the link kinds of rules.identity_keys


def record(ctx: Context, subject_id: str, subject_identity: dict, into=None) -> None:
    """The subject's identities enter the graph (idempotent: a repeated activation adds nothing); `into`: a Together
    the caller commits."""
    ctx.repo.insert_links(subject_id, identity.link_keys(subject_identity), into=into)


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


def mark_blacklisted(ctx: Context, subject, keys: list[tuple[str, str]]) -> None:
    """A blacklisting applied here: the subject's identities (its links, and its identity keys for a subject stored
    without links) become what a new application's checks read (blacklisted_holder, application_checks). Before
    its status moves, so a re-run after a crash finishes both."""
    if subject is not None:
        keys = sorted(set(keys) | set(identity.link_keys_of_identity_keys(subject.identity_keys)))
        ctx.repo.mark_blacklisted_links(subject.subject_id, keys)


def held_by_blacklisted(ctx: Context, applicant_identity: dict) -> dict[str, list[str]]:
    """The applicant's identity keys held by subjects blacklisted here, key -> holders: one read."""
    return ctx.repo.blacklisted_link_holders([key for _, key in identity.link_keys(applicant_identity)])


def blacklisted_holder(ctx: Context, applicant_identity: dict, held: dict) -> str | None:
    """The subject blacklisted here registered with one of the applicant's identity numbers (R-ONB-05), if any: the
    candidates `held` names, confirmed by their status (no read without a candidate)."""
    candidates = {h for kind, key in identity.link_keys(applicant_identity) if kind in IDENTITY_KINDS
                  for h in held.get(key, ())}
    return ctx.repo.first_blacklisted(sorted(candidates)[:200]) if candidates else None


def flag_linked(ctx: Context, subject_id: str, cause: str, keys: list[tuple[str, str]] | None = None) -> int:
    """A blacklisting: every subject sharing an identity with `subject_id` is flagged for review, once per cause."""
    now, keys = clock.now(), keys_of(ctx, subject_id) if keys is None else keys
    flags = [{"_id": f"{cause}|{other}", "subject_id": other, "flagged_by": subject_id, "cause": cause,
              "kinds": kinds, "rule_ids": FLAG_RULES, "status": "open", "at": now}
             for other, kinds in linked(ctx, keys, exclude=subject_id).items()]
    ctx.repo.insert_flags(flags)
    ctx.audited_many([("onboarding", "liability_flagged", f"subject:{f['subject_id']}",
                       {"subject": f["subject_id"], "rule_ids": FLAG_RULES, "after": "flagged_for_review",
                        "detail": {"flagged_by": subject_id, "cause": cause, "shared": f["kinds"]}}) for f in flags])
    return len(flags)


def clear_flags(ctx: Context, subject_id: str, cause: str, subject=None) -> int:
    """The blacklisting was lifted: the flags it caused are cleared (kept, marked cleared, with the lift's cause), and
    its identities leave the blacklisted ones."""
    keys = set(keys_of(ctx, subject_id)) | set(identity.link_keys_of_identity_keys(subject and subject.identity_keys))
    ctx.repo.unmark_blacklisted_links(subject_id, sorted(keys))
    return ctx.repo.clear_flags(subject_id, cause)


def application_checks(ctx: Context, subject_id: str, applicant_identity: dict, held: dict | None = None) -> list:
    """A new application sharing an identity with a blacklisted subject goes to a reviewer (R-ONB-05 extended to
    phone, bank account and address; shared ID numbers and credit codes are refused by the blacklist check). One read
    of the blacklisted identities (kept by flag_linked and clear_flags) finds the candidates, whatever the number of
    subjects sharing an identity (`held`, when the caller read it); the replica confirms them (none: no read)."""
    keys = identity.link_keys(applicant_identity)
    held = held_by_blacklisted(ctx, applicant_identity) if held is None else held
    candidates: dict[str, set[str]] = {}
    for kind, key in keys:
        for holder in held.get(key, ()):
            if holder != subject_id:
                candidates.setdefault(holder, set()).add(kind)
    if not candidates:
        return []
    shared = {s: sorted(kinds) for s, kinds in sorted(candidates.items())}
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
