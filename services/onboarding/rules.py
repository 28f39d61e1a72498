"""Onboarding rules (pure). Rule IDs cite ../shared/RULES.md."""

SUBJECT_TYPES = ("merchant", "mcn", "host", "community_manager", "community_user")
STATUSES = ("active", "restricted", "suspended", "cleared_out", "blacklisted", "deregistered")
ACTIONS = ("sell", "publish_listing", "livestream", "run_community", "apply")

# What each status still permits (R-REP-13 clear-out, R-REP-18 stop serving, R-REP-15 suspend publishing).
ALLOWED = {
    "active": set(ACTIONS),
    "restricted": {"sell", "livestream", "run_community", "apply"},  # no new listings
    "suspended": {"apply"},
    "cleared_out": set(),
    "blacklisted": set(),
    "deregistered": {"apply"},
}


def identity_keys(identity: dict) -> list[str]:
    """Normalised identity keys used to refuse re-entry under a new account (R-ONB-05)."""
    keys = []
    for field, prefix in (("id_number", "id"), ("credit_code", "uscc"), ("legal_representative_id", "legalrep")):
        value = (identity or {}).get(field)
        if value:
            keys.append(f"{prefix}:{str(value).strip().upper()}")
    return keys


def is_allowed(status: str, action: str, blacklisted: bool) -> tuple[bool, list[str]]:
    """Whether a subject in `status` may take `action`; the rule IDs that decide it."""
    if blacklisted:
        return False, ["R-ONB-05", "R-REP-13"]
    if action in ALLOWED.get(status, set()):
        return True, []
    return False, ["R-REP-19"] if status in ("restricted", "suspended", "cleared_out") else ["R-ONB-02"]


def blacklist_reaction(subject_type: str, action: str) -> dict:
    """What onboarding does when a subject of this type is blacklisted or lifted (issue 4 cascades).

    - MCN blacklisted: its contracted hosts are suspended pending re-review (R-REP-13, R-ONB-30).
    - host blacklisted: its MCN gets a joint-liability violation (R-REP-17).
    - lift: suspensions made because of this subject are reversed.
    """
    if action == "add":
        return {"status": "blacklisted", "suspend_hosts": subject_type == "mcn",
                "joint_liability": subject_type == "host", "rule_ids": ["R-REP-13", "R-ONB-05"]}
    return {"status": None, "restore_hosts": subject_type == "mcn", "rule_ids": ["R-REP-19"]}
