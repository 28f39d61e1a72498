"""A subject: its onboarding status, its points and sanction with the decisions behind them, its blacklist entry
and sanction and — per service — what that service's replica holds of each and since when (the propagation views),
its liability links (who shares its identities, the flags a blacklisting raised); and the blacklist's
propagation as a whole. Platform admins blacklist and lift here, through the API's own routes."""

from functools import partial

from services.reputation import contracts as rep

from .calls import api, api_or_none, together
from .forms import form_key, present, words
from .frame import PROPAGATION_ROLES, page, redirect

SUBJECT_TYPES = tuple(rep.SUBJECT_TYPES)


class SubjectPages:
    @page("GET", "/console/subjects", roles=PROPAGATION_ROLES)
    def console_subjects(self, request, view):
        subject_id = (request.args.get("subject_id") or "").strip()
        if subject_id:
            return redirect(f"/console/subjects/{subject_id}")
        entries = api(self, view.principal, "blacklist_list",
                      args={"cursor": request.args.get("cursor"), "limit": 25})
        return view.render("subjects.html", entries=entries["items"], next_cursor=entries["next_cursor"])

    @page("GET", "/console/subjects/<subject_id>", roles=PROPAGATION_ROLES)
    def console_subject(self, request, view, subject_id):
        subject, reputation, propagation, sanction, links = subject_reads(self, view.principal, subject_id)
        return view.render("subject.html", subject_id=subject_id, subject=subject, reputation=reputation,
                           propagation=propagation, sanction=sanction, links=links, subject_types=SUBJECT_TYPES,
                           form_key=form_key())

    @page("POST", "/console/subjects/<subject_id>/blacklist", roles=PROPAGATION_ROLES, redisplay="console_subject")
    def console_blacklist(self, request, view, subject_id):
        form = request.form
        body = present(subject_id=subject_id, subject_type=form.get("subject_type"),
                       reason=form.get("reason", "").strip(), rule_ids=words(form.get("rule_ids")))
        api(self, view.principal, "blacklist_add", body=body)
        return redirect(f"/console/subjects/{subject_id}?done=blacklisted")

    @page("POST", "/console/subjects/<subject_id>/lift", roles=PROPAGATION_ROLES, redisplay="console_subject")
    def console_lift(self, request, view, subject_id):
        body = present(reason=request.form.get("reason", "").strip())
        api(self, view.principal, "blacklist_lift", body=body, subject_id=subject_id)
        return redirect(f"/console/subjects/{subject_id}?done=lifted")

    @page("GET", "/console/propagation", roles=PROPAGATION_ROLES)
    def console_propagation(self, request, view):
        return view.render("propagation.html", propagation=api(self, view.principal, "blacklist_propagation"))


SUBJECT_READS = ("get_subject", "reputation", "blacklist_subject_propagation", "sanction_propagation", "subject_links")


def subject_reads(service, principal: dict, subject_id: str) -> list:
    """A subject's onboarding record, reputation, blacklist propagation, sanction propagation (what each service's
    replica holds of its sanction, and since when) and liability links (each None when unknown), asked at once: the
    page waits for the slowest of them, not for their sum."""
    return together(*(partial(api_or_none, service, principal, name, subject_id=subject_id)
                      for name in SUBJECT_READS))
