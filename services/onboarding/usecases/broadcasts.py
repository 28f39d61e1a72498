"""Live broadcasts: the person on air must be the registered host (R-ONB-35), and at least 16 (PB-21)."""

from tianping.lib import clock
from tianping.lib.errors import Conflict, RuleRefused, load
from tianping.platform import sanctions

from .. import broadcast_rules, contracts, rules, schemas
from . import Context


def check(ctx: Context, host_id: str, data: dict) -> dict:
    """A mismatch is PB-20 (serious), reported against the host's MCN where it has one. The registered host whose
    own sanction, or whose MCN's, refuses going live is refused (issue 24: an MCN's suspension stops its hosts going
    live under it; R-REP-17, R-LST-35), from this service's replica."""
    b = load(schemas.BroadcastCheckIn(), data)
    host = ctx.repo.subject_or_404(host_id)
    if host.subject_type != "host":
        raise Conflict(f"{host_id} is not a host", {"host_id": ["not a host"]})
    contract = next(iter(ctx.repo.active_contracts(host_id=host_id)), None)
    match = rules.on_air_is_registered_host((host.identity or {}).get("id_number"), b["broadcaster_id_number"])
    refuse_a_minor(ctx, host, contract, b, match)
    if match:
        sanctions.enforce(ctx.replica, [host_id, contract and contract.mcn_id], "go_live", "host_id")
        return schemas.BroadcastCheckOut().dump({"host_id": host_id, "match": True, "rule_ids": ["R-ONB-35"]})
    offender, offender_type = (contract.mcn_id, "mcn") if contract else (host_id, "host")
    ctx.publish(contracts.VIOLATION_DETECTED, {
        "subject_id": offender, "subject_type": offender_type, "rule_id": "PB-20", "severity": "serious",
        "source_service": "onboarding", "evidence": [f"room {b['room_id']}: broadcaster is not host {host_id}"],
        "dedupe_key": f"host-mismatch:{host_id}:{b['room_id']}:{b['broadcaster_id_number'][-4:]}"})
    return schemas.BroadcastCheckOut().dump({"host_id": host_id, "match": False, "reported": offender,
                                             "rule_ids": ["R-ONB-35", "PB-20", "R-REP-13"]})


def refuse_a_minor(ctx: Context, host, contract, b: dict, match: bool) -> None:
    """PB-21: a person under 16 on air is refused, and the MCN that let it happen (or the host without one) reported
    for reputation to record (serious)."""
    min_age = ctx.policy["host_min_age"]
    age = broadcast_rules.minor_on_air(b["broadcaster_id_number"], (host.identity or {}).get("birth_date"), match,
                                       clock.now(), min_age)
    if age is None:
        return
    offender, offender_type = (contract.mcn_id, "mcn") if contract else (host.subject_id, "host")
    ctx.publish(contracts.VIOLATION_DETECTED, {
        "subject_id": offender, "subject_type": offender_type, "rule_id": "PB-21", "severity": "serious",
        "source_service": "onboarding", "evidence": [f"room {b['room_id']}: a person aged {age} on air for host "
                                                     f"{host.subject_id}"],
        "dedupe_key": f"minor-on-air:{host.subject_id}:{b['room_id']}:{b['broadcaster_id_number'][-4:]}"})
    raise RuleRefused(f"no one under {min_age} may be on air (PB-21): the person on air is {age}",
                      {"broadcaster_id_number": [f"under {min_age}"], "rule_ids": ["PB-21", "R-ONB-37"],
                       "reported": [offender]})
