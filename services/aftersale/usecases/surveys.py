"""The follow-up survey once a request closes (R-AFT-16, R-AFT-21; the results feed the merchant statistics): one
answer per request, from its buyer."""

from tianping.lib import clock
from tianping.lib.errors import Conflict, load
from tianping.lib.trail import step

from .. import rules, schemas, survey_rules
from . import Context, moves, stats
from .requests import view


def answer(ctx: Context, request_id: str, data: dict, actor: dict) -> dict:
    """R-AFT-16 / R-AFT-21: the buyer's satisfaction, resolved or not, once; merchant_stats averages it."""
    s = load(schemas.SurveyIn(), data)
    request = ctx.repo.request_or_404(request_id)
    who = moves.party(actor, request, "buyer")
    moves.require_status(request, *rules.CLOSED_STATUSES)
    invitation = request.survey_invitation or None
    if not survey_rules.survey_open(invitation and {**invitation, "answer_by": clock.aware(invitation["answer_by"])},
                                    clock.now()):
        raise Conflict("no survey of this request is open: the buyer was not invited or its window closed",
                       {"request_id": ["survey closed"], "rule_ids": ["R-AFT-16"]})
    if request.survey:
        raise Conflict("this request's survey was answered already", {"request_id": ["answered"]})
    if not ctx.repo.record_survey(request_id, {**s, "at": clock.now()},
                                  step("survey_answered", who, ["R-AFT-16"])):
        raise Conflict("this request's survey was answered already", {"request_id": ["answered"]})
    stats.check_performance(ctx, request.merchant_id)  # R-REP-03
    return view(ctx, ctx.repo.request_or_404(request_id))
