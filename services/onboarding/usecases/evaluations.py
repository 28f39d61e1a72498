"""Periodic evaluation of active subjects (R-REP-01) and the re-verification of registration files (R-ONB-03)."""

from datetime import timedelta

from tianping.lib import clock, paging
from tianping.lib.errors import load
from tianping.platform import sweeper

from .. import contracts, rules, schemas
from . import Context, reverification, subjects


def evaluate(ctx: Context, subject_id: str, data: dict, evaluator: str) -> dict:
    """Pass, rectify within a deadline (restricted), clear out on repeat; forged material is a serious violation."""
    e = load(schemas.EvaluationIn(), data)
    subject = ctx.repo.subject_or_404(subject_id)
    verdict = rules.evaluate(e, ctx.policy, subject.failed_evaluations)
    now = clock.now()
    ctx.repo.insert_evaluation(subject_id=subject_id, results=e, outcome=verdict["outcome"],
                               rule_ids=verdict["rule_ids"], evaluator=evaluator, policy_version=ctx.policy["version"])
    changes = {"set__next_evaluation_at": now + timedelta(days=ctx.policy["evaluation"]["interval_days"]),
               "set__evaluation_overdue": False}
    if verdict["outcome"] == "passed":
        changes.update(set__failed_evaluations=0, unset__rectify_by=True)
    elif verdict["outcome"] == "failed":
        changes["inc__failed_evaluations"] = 1
        if verdict.get("rectify_within_days"):
            changes["set__rectify_by"] = now + timedelta(days=verdict["rectify_within_days"])
    ctx.repo.update_subject(subject_id, **changes)
    subjects.schedule_evaluation(ctx, subject_id, changes["set__next_evaluation_at"])
    if verdict["outcome"] == "forged":
        ctx.publish(contracts.VIOLATION_DETECTED, {
            "subject_id": subject_id, "subject_type": subject.subject_type, "rule_id": "PB-22",
            "severity": "serious", "source_service": "onboarding", "identity_keys": subject.identity_keys,
            "evidence": [f"periodic evaluation by {evaluator}: forged material"],
            "dedupe_key": f"forged-evaluation:{subject_id}:{now.isoformat()}"})
    elif verdict["status"] and (subject.status == "active" or verdict["status"] == "cleared_out") \
            and subject.status not in reverification.CLOSED:  # a closed subject is not cleared out (again)
        subjects.set_status(ctx, subject, verdict["status"], f"periodic evaluation failed: {', '.join(verdict['failed'])}",
                            verdict["rule_ids"], f"evaluation:{now.isoformat()}")
    return schemas.EvaluationOut().dump({"subject_id": subject_id, **verdict, "policy_version": ctx.policy["version"]})


def due(ctx: Context, cursor: str | None = None, limit=100) -> dict:
    """Subjects whose evaluation is due, earliest first."""
    docs, next_cursor = ctx.repo.evaluations_due(clock.now(), cursor, paging.clamp(limit, 100, 500))
    return schemas.DuePage().dump({"items": docs, "next_cursor": next_cursor})


def sweep(ctx: Context) -> dict:
    """Timer: fire the evaluation and re-verification deadlines that fell due (the kit's deadline engine)."""
    return sweeper.sweep(ctx, on_deadline)


def on_deadline(ctx: Context, deadline: dict) -> str:
    """An evaluation past due is flagged (R-REP-01); a registration file due for re-verification is flagged and its
    grace period starts, at whose end a file still not re-verified restricts the subject (R-ONB-03); a subject that
    left, or was evaluated or re-verified meanwhile, is not."""
    if deadline["kind"] == "evaluation":
        return "flagged" if ctx.repo.flag_evaluation_overdue(deadline["subject"], clock.now()) else "not_applicable"
    if deadline["kind"] == "reverification":
        return reverification.on_due(ctx, deadline["subject"])
    return reverification.on_lapse(ctx, deadline["subject"])
