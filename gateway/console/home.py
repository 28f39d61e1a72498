"""Sign-in and out, the home page (what waits for this person), the rule catalogue and the console's own assets."""

import mimetypes
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from werkzeug.wrappers import Response

from services.dispute import contracts as dsp
from tianping.lib import clock, errors

from ..web import http
from .calls import api
from .frame import (
    MEDIATION_ROLES,
    REVIEW_ROLES,
    STAFF,
    error_page,
    harden,
    key_of,
    page,
    redirect,
    render,
)
from .session import LOGIN_CSRF_COOKIE, SESSION_COOKIE, check_csrf, clear_cookie, set_cookie

STATIC = Path(__file__).with_name("static")
PEEK = 50  # a home page counts one page of each queue, never the whole queue ("50+")
NEAR = timedelta(hours=24)


def safe_next(target: str | None) -> str:
    """Only a console path: never an open redirect to another site."""
    if target and target.startswith("/console") and not target.startswith("//"):
        return target
    return "/console"


class HomePages:
    @http("GET", "/console/login")
    def console_login_form(self, request):
        nonce = secrets.token_urlsafe(24)
        response = render("login.html", view=None, me=None, csrf=nonce, sections=[], done=None, error=None,
                          next=safe_next(request.args.get("next")))
        set_cookie(response, request, LOGIN_CSRF_COOKIE, nonce, max_age=3600)
        return harden(response)

    @http("POST", "/console/login")
    def console_login(self, request):
        """The bearer token pasted once (locally: `make token`) becomes the session cookie, if the API accepts it."""
        try:
            check_csrf(key_of(self), request)
            token = request.form.get("token", "").strip()
            principal = self.authenticator.principal(f"Bearer {token}")
            if principal["role"] not in STAFF:
                raise errors.Forbidden(f"the console is for staff; role {principal['role']} uses the API",
                                       {"role": [f"one of {sorted(STAFF)}"]})
        except Exception as exc:  # noqa: BLE001 - a refused sign-in is a page, not a 500
            return harden(error_page(exc, None))
        response = redirect(safe_next(request.form.get("next")))
        set_cookie(response, request, SESSION_COOKIE, token)
        clear_cookie(response, request, LOGIN_CSRF_COOKIE)
        return harden(response)

    @page("POST", "/console/logout")
    def console_logout(self, request, view):
        response = redirect("/console/login")
        clear_cookie(response, request, SESSION_COOKIE)
        return response

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
        queues = waiting_reviews(self, view.principal) if role in REVIEW_ROLES else None
        cases = cases_near_deadline(self, view.principal) if role in MEDIATION_ROLES else None
        return view.render("home.html", queues=queues, cases=cases, peek=PEEK)

    @page("GET", "/console/rules")
    def console_rules(self, request, view):
        return view.render("rules.html")


def waiting_reviews(service, principal: dict) -> list[dict]:
    """Each review queue's first page: its size up to PEEK ("50+" beyond) and how long the oldest has waited."""
    out = []
    for kind in ("application", "listing"):
        page_ = api(service, principal, "review_queue", args={"kind": kind, "limit": PEEK})
        items = page_["items"]
        out.append({"kind": kind, "count": f"{len(items)}{'+' if page_['next_cursor'] else ''}",
                    "oldest": items[0]["waiting_since"] if items else None})
    return out


def cases_near_deadline(service, principal: dict) -> list[dict]:
    """Open cases (one page per open state, oldest first) whose running deadline falls within NEAR, soonest first."""
    horizon = clock.now() + NEAR
    near = []
    for status in dsp.OPEN_STATUSES:
        for case in api(service, principal, "list_disputes", args={"status": status, "limit": PEEK})["items"]:
            due = case.get("due_at") and datetime.fromisoformat(case["due_at"])
            if due and due <= horizon:
                near.append({**case, "seconds_left": max(0, int((due - clock.now()).total_seconds()))})
    return sorted(near, key=lambda c: c["due_at"])
