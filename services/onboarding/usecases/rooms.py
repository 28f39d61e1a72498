"""Who operates a subject's live rooms (R-ONB-36): the MCN of a contracted host, else the subject itself."""

from tianping.lib.errors import Conflict

from .. import rules, schemas
from . import Context


def operator(ctx: Context, subject_id: str) -> dict:
    """The operator to set on the live rooms `subject_id` broadcasts in; 409 for a subject that runs no live room."""
    subject = ctx.repo.subject_or_404(subject_id)
    contracts = ctx.repo.active_contracts(host_id=subject_id) if subject.subject_type == "host" else []
    found = rules.room_operator(subject.subject_type, subject_id, contracts[0].mcn_id if contracts else None)
    if found is None:
        raise Conflict(f"a {subject.subject_type} runs no live room", {"subject_id": ["runs no live room"]})
    return schemas.RoomOperatorOut().dump({"subject_id": subject_id, **found, "rule_ids": ["R-ONB-36"]})
