"""The review queue (applications and listings, oldest first, filtered) and each item's page: an application's
checks per rule, a listing's text with each finding's span marked and its rule linked to the catalogue, and the
decision forms — each posted through the API's own decision route."""

from services.listing import contracts as lst
from services.onboarding import contracts as onb

from .calls import api
from .forms import form_key, lines, present, rule_ids
from .frame import REVIEW_ROLES, page, redirect
from .highlight import fields_of

DOCUMENT_KINDS = tuple(onb.DecisionIn().fields["documents_requested"].inner.validate.choices)
APPLICANT_TYPES = tuple(onb.SUBJECT_TYPES)
PAGE_SIZE = 25


class ReviewPages:
    @page("GET", "/console/review", roles=REVIEW_ROLES)
    def console_review(self, request, view):
        args = request.args
        kind = args.get("kind", "application")
        query = {"kind": kind, "type": args.get("type") if kind == "application" else None,
                 "cursor": args.get("cursor"), "limit": PAGE_SIZE}
        found = api(self, view.principal, "review_queue", args=query)
        return view.render("review.html", kind=kind, type=query["type"], items=found["items"],
                           next_cursor=found["next_cursor"], applicant_types=APPLICANT_TYPES)

    @page("GET", "/console/applications/<application_id>", roles=REVIEW_ROLES)
    def console_application(self, request, view, application_id):
        application = api(self, view.principal, "get_application", application_id=application_id)
        return view.render("application.html", application=application, document_kinds=DOCUMENT_KINDS,
                           form_key=form_key())

    @page("POST", "/console/applications/<application_id>/decision", roles=REVIEW_ROLES,
          redisplay="console_application")
    def console_decide_application(self, request, view, application_id):
        form = request.form
        body = present(decision=form.get("decision"), reasons=lines(form.get("reasons")),
                       rule_ids=rule_ids(form), documents_requested=form.getlist("documents_requested"))
        body["forged"] = form.get("forged") == "yes"
        api(self, view.principal, "decide_application", body=body, application_id=application_id)
        return redirect(f"/console/applications/{application_id}?done=decided")

    @page("GET", "/console/listings/<listing_id>", roles=REVIEW_ROLES)
    def console_listing(self, request, view, listing_id):
        listing = api(self, view.principal, "get_listing", listing_id=listing_id)
        return view.render("listing.html", listing=listing, fields=fields_of(listing), form_key=form_key(),
                           decisions=DECISIONS)

    @page("POST", "/console/listings/<listing_id>/decision", roles=REVIEW_ROLES, redisplay="console_listing")
    def console_decide_listing(self, request, view, listing_id):
        form = request.form
        body = present(decision=form.get("decision"), rule_ids=rule_ids(form), reason=form.get("reason", "").strip())
        api(self, view.principal, "decide_listing", body=body, listing_id=listing_id)
        return redirect(f"/console/listings/{listing_id}?done=decided")


DECISIONS = tuple(lst.DecisionIn().fields["decision"].validate.choices)
