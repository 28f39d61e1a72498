"""Every console page in named steps, like the API's `handle`: begin (request id), sign-in from the session cookie,
the page's roles, the rate limit, path ids, the CSRF token of a POST, then the page — every failure rendered as an
HTML error page with the API's status and code. Responses carry a strict Content-Security-Policy."""

import functools
import hashlib
import time
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from werkzeug.wrappers import Response

from tianping.infra import metrics
from tianping.infra.rpc import REQUEST_KEY
from tianping.lib import errors
from tianping.lib.schemas import RULES

from ..api import begin, check_path, log
from ..web import http
from . import filters
from .refusal import Refusal, redisplay_page
from .session import SESSION_COOKIE, check_csrf, csrf_key, csrf_token

STAFF = frozenset({"platform_admin", "reviewer", "mediator", "sre"})
REVIEW_ROLES = frozenset({"platform_admin", "reviewer"})
MEDIATION_ROLES = frozenset({"platform_admin", "mediator"})
PROPAGATION_ROLES = frozenset({"platform_admin", "sre"})
SECTIONS = (("Review queue", "/console/review", REVIEW_ROLES), ("Live", "/console/live", REVIEW_ROLES),
            ("Disputes", "/console/disputes", MEDIATION_ROLES),
            ("Subjects", "/console/subjects", PROPAGATION_ROLES),
            ("Propagation", "/console/propagation", PROPAGATION_ROLES))
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                        autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                        lstrip_blocks=True)
TEMPLATES.filters.update(when=filters.when, left=filters.left, label=filters.label)
TEMPLATES.globals.update(RULES=RULES)


class View:
    """What a page knows of its viewer: the principal, the CSRF token for its forms, the sections it may open."""

    def __init__(self, principal: dict, csrf: str, request):
        self.principal, self.csrf, self.request = principal, csrf, request
        self.sections = [(name, href) for name, href, roles in SECTIONS if principal["role"] in roles]
        self.refused: Refusal | None = None  # a form the services refused, shown again with its input and error

    def refusal(self, action: str) -> Refusal | None:
        if self.refused is None or self.refused.action != action:
            return None
        self.refused.shown = True
        return self.refused

    def entered(self, action: str, name: str, default: str = "") -> str:
        """What the person typed into this form's field, when the form was refused; else `default`."""
        refused = self.refusal(action)
        return refused.form.get(name, default) if refused is not None else default

    def chose(self, action: str, name: str, value: str, default: bool = False) -> bool:
        """Whether this box, radio or option was chosen in this form when it was refused; else `default`."""
        refused = self.refusal(action)
        return value in refused.form.getlist(name) if refused is not None else default

    def problems(self, action: str, *names: str) -> list[str]:
        refused = self.refusal(action)
        return refused.problems(*names) if refused is not None else []

    def render(self, template: str, http_status: int = 200, **context) -> Response:
        return render(template, http_status, view=self, me=self.principal, csrf=self.csrf, sections=self.sections,
                      done=self.request.args.get("done"), **context)


def render(template: str, http_status: int = 200, **context) -> Response:
    return Response(TEMPLATES.get_template(template).render(**context), status=http_status, mimetype="text/html")


def redirect(location: str) -> Response:
    return Response("", status=303, headers={"Location": location})


def harden(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def page(method: str, path: str, roles=STAFF, redisplay: str | None = None):
    """Declare a console page or form target; the function gets (self, request, view, **path_params). A form names
    the page it sits on (`redisplay`, that page's method): refused by the services, it is shown there again with
    what was entered and the error, not on a bare error page."""

    def decorate(fn):
        @http(method, path)
        @functools.wraps(fn)
        def handler(self, request, **params):
            return serve(self, request, fn, method, path, roles, params, redisplay)

        handler.console_page = fn
        return handler

    return decorate


def serve(service, request, fn, method: str, path: str, roles, params: dict, redisplay=None) -> Response:
    started = time.perf_counter()
    request_id = begin(service, request)
    view = None
    try:
        principal = signed_in(service, request)
        if principal is None:
            response = redirect("/console/login?next=" + quote(request.full_path.rstrip("?"), safe="/?=&"))
        else:
            view = View(principal, csrf_token(key_of(service), request.cookies[SESSION_COOKIE]), request)
            response = run(service, request, fn, view, method, roles, params, redisplay)
    except Exception as exc:  # noqa: BLE001 - every failure leaves as an error page
        response = error_page(exc, view)
    response.headers["X-Request-Id"] = request_id
    metrics.observe_http(path, method, response.status_code, time.perf_counter() - started)
    return harden(response)


def run(service, request, fn, view: View, method: str, roles, params: dict, redisplay=None) -> Response:
    principal = view.principal
    if principal["role"] not in roles:
        raise errors.Forbidden(f"role {principal['role']} may not open this page",
                               {"role": [f"one of {sorted(roles)}"]})
    service.rate_limiter.take(f"{principal['role']}:{principal['sub']}")
    check_path(params)
    if method == "POST":
        check_csrf(key_of(service), request)
        key_command(service, request, principal)
        if redisplay is not None:
            return redisplay_page(service, request, view, fn, getattr(type(service), redisplay).console_page, params)
    return fn(service, request, view, **params)


def key_command(service, request, principal: dict) -> None:
    """A form carries a key made when it was rendered: the services key their command by it, so a form submitted
    twice (a double click, a reload) takes effect once."""
    form_key = request.form.get("form_key", "")[:64]
    if form_key:
        raw = "|".join(("console", principal["sub"], principal["role"], request.path, form_key))
        service.request_context.data[REQUEST_KEY] = hashlib.sha256(raw.encode()).hexdigest()


def signed_in(service, request) -> dict | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        return service.authenticator.principal(f"Bearer {token}")
    except errors.Unauthenticated:
        return None  # expired or from another deployment: sign in again


def key_of(service) -> bytes:
    return csrf_key(service.request_context.container.config)


def error_page(exc: BaseException, view: View | None) -> Response:
    status, code = errors.http_status_and_code(exc)
    if status >= 500 and status not in (503, 504):
        log.exception("console page failed", exc_info=exc)
        message, fields = "internal error", {}
    else:
        message, fields = getattr(exc, "message", str(exc)), getattr(exc, "fields", {})
    context = {"status": status, "code": code, "message": message, "fields": fields}
    if view is None:
        return render("error.html", status, view=None, me=None, csrf="", sections=[], done=None, **context)
    return view.render("error.html", status, **context)
