"""Evidence from both sides (R-DSP-13 to R-DSP-15): text plus files referenced by sha256 and size, at most the
policy's number of files per side. The merchant's first submission is its answer to the claim: the evidence period
starts then."""

from tianping.lib import clock
from tianping.lib.errors import Conflict, ValidationFailed, load
from tianping.lib.trail import step

from .. import rules, schemas
from . import Context, moves
from .cases import view


def check_kinds(case, side: str, files: list[dict]) -> None:
    """Records of the kinds the platform accepts (R-DSP-15); a merchant's answer on a live-sold order carries the
    livestream's recording (R-DSP-13)."""
    kinds = [f["kind"] for f in files]
    refused = sorted({k for k in kinds if k not in rules.attachable_kinds()})
    if refused:
        raise ValidationFailed(f"files of kind {', '.join(refused)} are not accepted", {"files": refused,
                                                                                         "rule_ids": ["R-DSP-15"]})
    answering = side == "merchant" and case.status == rules.AWAITING_MERCHANT
    missing = rules.livestream_evidence_missing(case.room_id, answering, kinds)
    if missing:
        raise ValidationFailed(missing, {"files": ["a livestream_recording is required"], "rule_ids": ["R-DSP-13"]})


def submit(ctx: Context, case_id: str, data: dict, actor: dict) -> dict:
    e = load(schemas.EvidenceIn(), data)
    case = ctx.repo.case_or_404(case_id)
    side = moves.party(actor, case)
    if side == "platform":
        raise ValidationFailed("evidence comes from the buyer or the merchant", {"side": ["buyer or merchant"]})
    moves.require_step(case, "submit_evidence")
    already = sum(len(x.files) for x in case.evidence if x.side == side)
    limit = ctx.policy["max_files_per_side"]
    if already + len(e["files"]) > limit:
        raise ValidationFailed(f"at most {limit} files per side", {"files": [f"{limit - already} more allowed"]})
    check_kinds(case, side, e["files"])
    too_big = [f["sha256"] for f in e["files"] if f["bytes"] > ctx.policy["max_file_bytes"]]
    if too_big:
        raise ValidationFailed("a file is over the policy's size limit", {"files": too_big})
    evidence = {"side": side, "actor": actor["id"], "text": e["text"], "files": e["files"], "at": clock.now()}
    rule_ids = ["R-DSP-13", "R-DSP-15"]
    if not ctx.repo.add_evidence(case_id, (rules.AWAITING_MERCHANT, rules.EVIDENCE), evidence,
                                 step(f"evidence_{side}", actor["id"], rule_ids), limit):
        case = ctx.repo.case_or_404(case_id)
        if case.status not in (rules.AWAITING_MERCHANT, rules.EVIDENCE):
            raise Conflict("the case no longer takes evidence", {"status": ["closed to evidence"]})
        stored = (case.evidence_files or {}).get(side, 0)  # a concurrent submission took the allowance
        raise ValidationFailed(f"at most {limit} files per side", {"files": [f"{max(limit - stored, 0)} more allowed"]})
    case = ctx.repo.case_or_404(case_id)
    if side == "merchant" and case.status == rules.AWAITING_MERCHANT:  # the merchant answered the claim
        case = moves.move(ctx, case, to=rules.EVIDENCE, event="merchant_answered", actor=actor["id"],
                          rule_ids=["R-DSP-10"], next_deadline="evidence")
    return view(ctx, case)
