"""The gateway's HTTP server: nameko's, with every answer it gives itself — an unknown path, a wrong method — in the
one JSON error shape (never werkzeug's HTML page). A 405 says in `Allow` which methods the path has."""

import inspect
import json
import re
import uuid

from nameko.exceptions import IncorrectSignature
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Request, Response

# Methods the server adds to a route by itself; the OpenAPI document (and so Allow) names only the declared ones.
IMPLICIT = {"HEAD", "OPTIONS"}


def error(status: int, code: str, message: str, fields: dict, environ, headers: dict | None = None) -> Response:
    request_id = (Request(environ, shallow=True).headers.get("X-Request-Id") or uuid.uuid4().hex)[:64]
    body = {"error": {"code": code, "message": message, "fields": fields, "request_id": request_id}}
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")
    response.headers["X-Request-Id"] = request_id
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def most_specific(adapter, path: str, valid) -> tuple[int, list[str]]:
    """(path parameters of the most specific route matching `path`, its methods): a literal segment beats a path
    parameter — the document's /v1/listings/check is POST only, though /v1/listings/{listing_id} would take GET."""
    matched = {}
    for method in set(valid or ()) - IMPLICIT:
        try:
            matched[method] = len(adapter.match(path, method=method)[1])
        except HTTPException:
            continue
    fewest = min(matched.values(), default=0)
    return fewest, sorted(m for m, params in matched.items() if params == fewest)


def allowed_methods(adapter, path: str, valid) -> list[str]:
    return most_specific(adapter, path, valid)[1]


class Shapes:
    """The url map's rules as segments, for a cheap first answer to "could a rule with fewer path parameters match
    this path?" — the question `shadowed` asks on every request with path parameters. Matching the path against every
    method (what `most_specific` does) took a tenth of a millisecond per read; almost no path can be shadowed (only
    those naming a literal segment of another route), and only those go on to the full check."""

    PARAM = re.compile(r"<[A-Za-z_][A-Za-z0-9_]*>")

    def __init__(self, url_map):
        self.methods = frozenset(m for rule in url_map.iter_rules() for m in (rule.methods or ()))
        self.by_length: dict[int, list[tuple[int, tuple[tuple[int, str], ...]]]] = {}
        self.irregular: list[int] = []  # parameter counts of rules whose segments are not plain (converters, ...)
        for rule in url_map.iter_rules():
            segments = rule.rule.split("/")
            params = [self.PARAM.fullmatch(seg) is not None for seg in segments]
            if any("<" in seg or ">" in seg for seg, param in zip(segments, params, strict=True) if not param):
                self.irregular.append(sum(params))
                continue
            literals = tuple((i, seg) for i, (seg, param) in enumerate(zip(segments, params, strict=True)) if not param)
            self.by_length.setdefault(len(segments), []).append((sum(params), literals))

    def may_shadow(self, path: str, params: int) -> bool:
        """False only when no rule with fewer than `params` parameters can match `path` (True: check fully)."""
        if any(n < params for n in self.irregular) or path.endswith("/") or "//" in path:
            return True
        segments = path.split("/")
        return any(n < params and all(segments[i] == seg for i, seg in literals)
                   for n, literals in self.by_length.get(len(segments), ()))


def shadowed(adapter, environ, values: dict, shapes: Shapes | None = None) -> HTTPException | None:
    """A 405 when `path` names a literal route without this method but a parameter route matched it (GET
    /v1/listings/check is not the listing "check"): the document's paths, not werkzeug's fallback, decide."""
    method = environ.get("REQUEST_METHOD", "")
    if not values or method in IMPLICIT:
        return None
    if shapes is not None and not shapes.may_shadow(environ.get("PATH_INFO", ""), len(values)):
        return None
    methods = shapes.methods if shapes is not None else {m for rule in adapter.map.iter_rules()
                                                          for m in (rule.methods or ())}
    fewest, allowed = most_specific(adapter, environ.get("PATH_INFO", ""), methods)
    return MethodNotAllowed(valid_methods=allowed) if fewest < len(values) else None


def refusal(exc: HTTPException, environ, adapter=None) -> Response:
    """The JSON answer for what routing refused."""
    method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
    if isinstance(exc, MethodNotAllowed):
        allowed = allowed_methods(adapter, path, exc.valid_methods) if adapter else sorted(
            set(exc.valid_methods or ()) - IMPLICIT)
        return error(405, "method_not_allowed", f"{method} is not a method of {path}; use {', '.join(allowed)}",
                     {"method": [f"one of {', '.join(allowed)}"]}, environ, {"Allow": ", ".join(allowed)})
    if isinstance(exc, NotFound | RequestRedirect):
        return error(404, "not_found", f"no such path: {path}", {"path": ["unknown"]}, environ)
    return error(exc.code or 400, "bad_request", exc.description or "bad request", {}, environ)


class JsonWsgiApp(WsgiApp):
    def __init__(self, server):
        super().__init__(server)
        self.shapes = Shapes(self.url_map)

    def __call__(self, environ, start_response):
        # An encoded slash is part of an id, never a separator: no id holds one, so no route matches it.
        if "%2f" in environ.get("RAW_PATH_INFO", "").lower():
            return refusal(NotFound(), environ)(environ, start_response)
        request = Request(environ, shallow=True)
        adapter = self.url_map.bind_to_environ(environ)
        try:
            provider, values = adapter.match()
        except HTTPException as exc:
            return refusal(exc, environ, adapter)(environ, start_response)
        wrong_method = shadowed(adapter, environ, values, self.shapes)
        if wrong_method is not None:
            return refusal(wrong_method, environ, adapter)(environ, start_response)
        request.path_values = values
        try:
            answer = provider.handle_request(request)
        except HTTPException as exc:
            answer = refusal(exc, environ)
        return answer(environ, start_response)


class JsonWebServer(WebServer):
    def get_wsgi_app(self):
        return JsonWsgiApp(self)


class JsonHttp(HttpRequestHandler):
    server = JsonWebServer()

    def check_signature(self, args, kwargs):
        """nameko's check (the arguments bind to the entrypoint), against a signature built once rather than by
        inspect.getcallargs on every request."""
        signature = self.__dict__.get("_signature")
        if signature is None:
            fn = getattr(self.container.service_cls, self.method_name)
            signature = self.__dict__["_signature"] = inspect.signature(fn, follow_wrapped=False)
        try:
            signature.bind(None, *args, **kwargs)
        except TypeError as exc:
            raise IncorrectSignature(str(exc)) from None


http = JsonHttp.decorator
