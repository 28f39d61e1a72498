"""Onboarding's rules for a subject's standing: the periodic evaluation and what a blacklisting does (pure, no I/O;
re-exported by rules.py)."""

from datetime import datetime, timedelta

from tianping.lib import periods
from tianping.lib.enforcement import enforces, rewrite

# What an evaluation would decide if nothing enforced it: a pass, whatever the results.
PASSED_UNCHECKED = {"outcome": "passed", "status": None, "failed": [], "rule_ids": []}


@enforces("R-REP-01", neutral=PASSED_UNCHECKED)
def evaluate(results: dict, policy: dict, previous_failures: int) -> dict:
    """Periodic evaluation (R-REP-01, 003 §6.1.2): the four dimensions against the pass mark.
    Forged material is a serious violation (R-REP-13 via PB-22); repeated failure clears the subject out."""
    mark = policy["evaluation"]["pass_mark"]
    if results.get("forged_material"):
        return {"outcome": "forged", "status": "blacklisted", "rule_ids": ["R-REP-01", "R-REP-13", "PB-22"]}
    failed = sorted(k for k in ("goods_quality", "service_quality", "management_quality", "livestream_quality")
                    if results[k] < mark)
    if not failed:
        return {"outcome": "passed", "status": None, "failed": [], "rule_ids": ["R-REP-01"]}
    if previous_failures + 1 >= policy["evaluation"]["failures_to_clear_out"]:
        return {"outcome": "failed", "status": "cleared_out", "failed": failed, "rule_ids": ["R-REP-01", "R-REP-13"]}
    return {"outcome": "failed", "status": "restricted", "failed": failed, "rule_ids": ["R-REP-01", "R-REP-19"],
            "rectify_within_days": policy["evaluation"]["rectification_days"]}


def _no_joint_liability(plan: dict, _rule_ids) -> dict:
    return {**plan, "joint_liability": False} if "joint_liability" in plan else plan


@enforces("R-REP-17", neutral=rewrite(_no_joint_liability, "a blacklisted host's MCN is not held to account"),
          partly="the MCN is held jointly liable (a violation against it) when its host is blacklisted; its duty to "
                 "stop a host's violation and end the contract in serious cases is not checked")
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


@enforces("R-ONB-03", neutral=None)
def reverification_due_at(activated_at: datetime, policy: dict) -> datetime | None:
    """R-ONB-03: when a registration file must be re-verified (the policy's period after activation or the last
    re-verification); None: never."""
    return activated_at + timedelta(days=policy["reverification_days"])


def reverification_lapse_at(due_at: datetime, policy: dict) -> datetime:
    """The end of the grace period: the file may be re-verified through the policy's last day (platform time zone)."""
    return periods.end_of_day_count(due_at, policy["reverification_grace_days"])


LAPSE_CAUSE = "reverification_lapse"


@enforces("R-ONB-03", neutral={"status": None, "rule_ids": []})
def reverification_lapsed(status: str) -> dict:
    """R-ONB-03: an active subject whose file was not re-verified by the end of the grace period is restricted (no new
    listings, R-REP-19) until a reviewer re-verifies it."""
    if status == "active":
        return {"status": "restricted", "rule_ids": ["R-ONB-03", "R-REP-19"]}
    return {"status": None, "rule_ids": []}


@enforces("R-ONB-36", neutral=None)
def room_operator(subject_type: str, subject_id: str, contracted_mcn: str | None) -> dict | None:
    """R-ONB-36: who must be set as the operator of the live rooms this subject broadcasts in: a host contracted to an
    MCN has the MCN; a host who joined directly is its own operator; a merchant or MCN broadcasting as itself is.
    None: this kind of subject runs no live room."""
    if subject_type == "host":
        if contracted_mcn:
            return {"operator_id": contracted_mcn, "basis": "host contracted to an MCN"}
        return {"operator_id": subject_id, "basis": "host joined directly as a natural person"}
    if subject_type in ("merchant", "mcn"):
        return {"operator_id": subject_id, "basis": f"{subject_type} broadcasting as itself"}
    return None
