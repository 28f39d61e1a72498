"""The published complaint and dispute procedure (R-DSP-09): served to anyone, in the version of the policy in force
(every case records the version it runs under, its policy_version); and the transaction record a case is handled on
(R-DSP-14), for its mediator and its parties."""

from tianping.lib.errors import NotFound
from tianping.lib.schemas import jsonable

from .. import procedure, schemas
from . import Context, moves


def current(ctx: Context) -> dict:
    return schemas.ProcedureOut().dump(procedure.published(ctx.policy))


def transaction_record(ctx: Context, case_id: str, viewer: dict) -> dict:
    case = ctx.repo.case_or_404(case_id)
    moves.party(viewer, case)
    plain = jsonable(case.to_mongo().to_dict() | {"case_id": case.case_id})
    record = procedure.transaction_record(plain, ctx.orders(case.order_id))
    if record is None:
        raise NotFound(f"no transaction record is kept for case {case_id}", {"case_id": ["no record"]})
    return schemas.TransactionRecordOut().dump(jsonable(record))
