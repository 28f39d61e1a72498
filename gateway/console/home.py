"""The home page (what waits for this person), the rule catalogue and the console's own assets."""

import mimetypes
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from werkzeug.wrappers import Response

from tianping.lib import clock, errors

from ..web import http
from .calls import api, together
from .frame import MEDIATION_ROLES, REVIEW_ROLES, error_page, harden, page

STATIC = Path(__file__).with_name("static")
PEEK = 50  # a home page counts one page of each queue, never the whole queue ("50+")
NEAR = timedelta(hours=24)


class HomePages:
    @http("GET", "/console/static/<name>")
    def console_static(self, request, name):
        path = (STATIC / name).resolve()
        if path.parent != STATIC.resolve() or not path.is_file():
            return harden(error_page(errors.NotFound("no such asset", {"name": ["unknown"]}), None))
        response = Response(path.read_bytes(), mimetype=mimetypes.guess_type(path.name)[0] or "text/plain")
        response.headers["Cache-Control"] = "max-age=300"
        return harden(response)

    @page("GET", "/console")
    def console_home(self, request, view):
        role = view.principal["role"]
        queues, cases = together(
            partial(waiting_reviews, self, view.principal) if role in REVIEW_ROLES else None,
            partial(cases_near_deadline, self, view.principal) if role in MEDIATION_ROLES else None)
        return view.render("home.html", queues=queues, cases=cases, peek=PEEK)

    @page("GET", "/console/rules")
    def console_rules(self, request, view):
        return view.render("rules.html")


def waiting_reviews(service, principal: dict) -> list[dict]:
    """Each review queue's size and how long its oldest has waited (counts from the services, not pages)."""
    return [{"kind": q["kind"], "count": q["waiting"], "oldest": q["oldest_waiting_since"]}
            for q in api(service, principal, "review_summary")["queues"]]


def cases_near_deadline(service, principal: dict) -> list[dict]:
    """The open cases whose running deadline falls within NEAR, soonest first (the PEEK soonest): asked by deadline,
    so a case opened late but due soon is never hidden behind older ones."""
    now = clock.now()
    due = api(service, principal, "list_disputes", args={"due_before": (now + NEAR).isoformat(), "limit": PEEK})
    return [{**case, "seconds_left": max(0, int((datetime.fromisoformat(case["due_at"]) - now).total_seconds()))}
            for case in due["items"]]
