"""MCN–host contracts (R-ONB-30): signed, ended, and never with a blacklisted party."""

from tianping.lib import clock
from tianping.lib.errors import Conflict, NotFound, SubjectBlacklisted, load

from .. import schemas
from . import Context


def add(ctx: Context, mcn_id: str, data: dict) -> dict:
    c = load(schemas.ContractIn(), data)
    mcn, host = ctx.repo.subject_or_404(mcn_id), ctx.repo.subject_or_404(c["host_id"])
    if mcn.subject_type != "mcn" or host.subject_type != "host":
        raise Conflict("contracts join an MCN and a host", {"host_id": ["not a host of an MCN"]})
    for sid in (mcn_id, c["host_id"]):
        if ctx.replica.is_blacklisted(sid):
            raise SubjectBlacklisted(f"{sid} is blacklisted (R-REP-13)", {"subject_id": ["blacklisted"]})
    if ctx.repo.active_contracts(mcn_id=mcn_id, host_id=c["host_id"]):
        raise Conflict("contract already active", {"host_id": ["already contracted"]})
    ctx.repo.insert_contract(mcn_id, c["host_id"], c["reference"])
    return schemas.ContractOut().dump({"mcn_id": mcn_id, "host_id": c["host_id"], "status": "active",
                                       "rule_ids": ["R-ONB-30"]})


def terminate(ctx: Context, mcn_id: str, host_id: str) -> dict:
    if not ctx.repo.terminate_contract(mcn_id, host_id, clock.now()):
        raise NotFound("no active contract between them", {"host_id": ["no active contract"]})
    return schemas.ContractOut().dump({"mcn_id": mcn_id, "host_id": host_id, "status": "terminated",
                                       "rule_ids": ["R-REP-17"]})
