"""Mediation: the case queue by state, and a case's page — its timeline, running deadlines with the time left, both
sides' evidence, the proposal and the answers, the order's money ledger — with the proposal, resolution and
advance-compensation forms, each posted through the API's own route."""

from services.dispute import contracts as dsp

from .calls import api, api_or_none
from .forms import form_key, present
from .frame import MEDIATION_ROLES, page, redirect

PAGE_SIZE = 25
PROPOSABLE = dsp.OUTCOMES[:3]


class DisputePages:
    @page("GET", "/console/disputes", roles=MEDIATION_ROLES)
    def console_disputes(self, request, view):
        status = request.args.get("status") or "awaiting_merchant"
        found = api(self, view.principal, "list_disputes",
                    args={"status": status, "cursor": request.args.get("cursor"), "limit": PAGE_SIZE})
        return view.render("disputes.html", status=status, states=dsp.CASE_STATES, items=found["items"],
                           next_cursor=found["next_cursor"])

    @page("GET", "/console/disputes/<case_id>", roles=MEDIATION_ROLES)
    def console_dispute(self, request, view, case_id):
        case = api(self, view.principal, "get_dispute", case_id=case_id)
        money = api_or_none(self, view.principal, "order_money", order_id=case["order_id"])
        sides = {side: [e for e in case.get("evidence") or [] if e.get("side") == side]
                 for side in ("consumer", "merchant")}
        return view.render("dispute.html", case=case, money=money, sides=sides, proposable=PROPOSABLE,
                           outcomes=dsp.OUTCOMES, form_key=form_key())

    @page("POST", "/console/disputes/<case_id>/proposal", roles=MEDIATION_ROLES, redisplay="console_dispute")
    def console_propose(self, request, view, case_id):
        api(self, view.principal, "propose", body=outcome_body(request.form), case_id=case_id)
        return redirect(f"/console/disputes/{case_id}?done=proposed")

    @page("POST", "/console/disputes/<case_id>/resolution", roles=MEDIATION_ROLES, redisplay="console_dispute")
    def console_resolve(self, request, view, case_id):
        api(self, view.principal, "resolve", body=outcome_body(request.form), case_id=case_id)
        return redirect(f"/console/disputes/{case_id}?done=resolved")

    @page("POST", "/console/disputes/<case_id>/advance-compensation", roles=MEDIATION_ROLES,
          redisplay="console_dispute")
    def console_compensate(self, request, view, case_id):
        form = request.form
        body = present(amount=form.get("amount", "").strip(), reason=form.get("reason", "").strip())
        api(self, view.principal, "advance_compensation", body=body, case_id=case_id)
        return redirect(f"/console/disputes/{case_id}?done=compensated")


def outcome_body(form) -> dict:
    """A proposal or resolution: the amount only when one was typed (the route's schema decides the rest)."""
    return present(outcome=form.get("outcome"), amount=form.get("amount", "").strip(),
                   reasoning=form.get("reasoning", "").strip())
