"""The gateway's route machinery: one decorator gives every route authentication, its roles, body
validation with the same marshmallow schema the OpenAPI document is generated from, the single error
shape, and X-Request-Id carried into RPC context (and from there into events and logs)."""

import functools
import hashlib
import json
import logging
import math
import re
import time
import uuid
from datetime import datetime

from marshmallow import Schema
from werkzeug.wrappers import Response

from tianping.infra import metrics
from tianping.infra.rpc import REQUEST_KEY
from tianping.lib import errors, fields
from tianping.lib.logs import CONTEXT_KEY, set_correlation_id
from tianping.lib.schemas import ID

from .auth import require_role
from .query import check_query
from .web import http

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 256 * 1024
MAX_DEPTH = 32     # JSON nesting levels a body may have
MAX_ARRAY = 1000   # items any one JSON array may hold (schemas bound their own lists tighter)
ID_PATTERN = re.compile(ID.regex.pattern)
ROUTES: list[dict] = []


class ErrorBody(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    bad_fields = fields.Dict(required=True, data_key="fields")
    request_id = fields.String(required=True)


class ErrorOut(Schema):
    error = fields.Nested(ErrorBody, required=True)


def json_response(status: int, body, request_id: str, headers: dict | None = None) -> Response:
    response = Response(json.dumps(body, ensure_ascii=False, default=plain), status=status,
                        mimetype="application/json")
    response.headers["X-Request-Id"] = request_id
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def plain(value):
    """What json cannot write itself: a datetime as ISO-8601 with its offset, anything else as its text."""
    return fields.iso(value) if isinstance(value, datetime) else str(value)


def error_response(exc: BaseException, request_id: str) -> Response:
    status, code = errors.http_status_and_code(exc)
    headers = {}
    if isinstance(exc, errors.RateLimited):
        headers["Retry-After"] = exc.fields.get("retry_after_s", ["1"])[0]
    if status >= 500 and status not in (503, 504):
        log.exception("unhandled error", exc_info=exc)
        message, bad_fields = "internal error", {}
    else:
        message, bad_fields = getattr(exc, "message", str(exc)), getattr(exc, "fields", {})
    return json_response(status, {"error": {"code": code, "message": message, "fields": bad_fields,
                                            "request_id": request_id}}, request_id, headers)


def route(method: str, path: str, *, roles=None, body=None, response=None, summary="", tag="system",
          status=200, query=None):
    """Declare a route. `roles=None` is public; `body` is the request schema class; the handler receives
    (self, request, principal, body_or_None, **path_params) and returns a JSON-ready object or a Response."""

    def decorate(fn):
        spec = {"method": method.lower(), "path": path, "roles": roles, "body": body, "response": response,
                "summary": summary or (fn.__doc__ or "").strip().split("\n")[0], "tag": tag, "status": status,
                "query": query or {}}

        @http(method, path.replace("{", "<").replace("}", ">"))
        @functools.wraps(fn)
        def handler(self, request, **params):
            return handle(self, request, spec, fn, params)

        ROUTES.append(spec)
        handler.route_spec = spec  # the console runs the same handler behind the same checks (gateway/console/calls.py)
        return handler

    return decorate


def handle(service, request, spec: dict, fn, params: dict) -> Response:
    """Every request, in named steps: begin, authenticate, limit, parse, claim the idempotency key, run, respond.
    Every failure leaves in the one error shape; a claimed key is completed with whatever was answered."""
    started = time.perf_counter()
    request_id = begin(service, request)
    record_id = None
    try:
        principal = authenticate(service, request, spec["roles"])
        check_path(params)
        check_query(request.args, spec["query"])
        data, raw = parse(request, spec["body"])
        record_id, replay = claim_idempotency(service, request, spec["method"], principal, raw, request_id)
        if replay is not None:
            metrics.observe_http(spec["path"], spec["method"].upper(), replay.status_code,
                                 time.perf_counter() - started)
            return replay
        response = respond(fn(service, request, principal, data, **params), spec["status"], request_id)
    except Exception as exc:  # noqa: BLE001 - every failure leaves in the one error shape
        response = error_response(exc, request_id)
    if record_id is not None:
        complete_after_sending(service, response, record_id)
    metrics.observe_http(spec["path"], spec["method"].upper(), response.status_code, time.perf_counter() - started)
    return response


def begin(service, request) -> str:
    """The request id (the client's X-Request-Id or a new one) becomes the correlation id of RPC, events, logs."""
    request_id = (request.headers.get("X-Request-Id") or uuid.uuid4().hex)[:64]
    service.request_context.data[CONTEXT_KEY] = request_id  # .context_data is a copy
    set_correlation_id(request_id)
    return request_id


def authenticate(service, request, roles) -> dict | None:
    """The bearer token's principal, its role allowed here and its rate not exceeded (public routes: None)."""
    if roles is None:
        return None
    principal = service.authenticator.principal(request.headers.get("Authorization"))
    require_role(principal, roles)
    service.rate_limiter.take(f"{principal['role']}:{principal['sub']}")
    return principal


def parse(request, body_schema) -> tuple[dict | None, bytes]:
    """The JSON body loaded through the route's schema (bounded in size), and its raw bytes."""
    if body_schema is None:
        return None, b""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise errors.PayloadTooLarge(f"body over {MAX_BODY_BYTES} bytes", {"body": ["too large"]})
    if request.mimetype != "application/json":
        raise errors.UnsupportedMediaType("send the body as application/json",
                                          {"Content-Type": [f"{request.mimetype or 'none'} is not application/json"]})
    raw = request.get_data(cache=False) or b"{}"
    if len(raw) > MAX_BODY_BYTES:
        raise errors.PayloadTooLarge(f"body over {MAX_BODY_BYTES} bytes", {"body": ["too large"]})
    try:
        parsed = json.loads(raw, parse_float=fields.JsonNumber.parse, parse_constant=fields.JsonNumber.parse)
    except RecursionError:  # nesting deeper than the parser's stack: refused, never a 500
        raise errors.ValidationFailed(f"body nested deeper than {MAX_DEPTH} levels", {"body": ["too deep"]}) from None
    except ValueError:
        raise errors.ValidationFailed("body is not valid JSON", {"body": ["invalid JSON"]}) from None
    if not isinstance(parsed, dict):
        raise errors.ValidationFailed("body must be a JSON object", {"body": ["not an object"]})
    check_shape(parsed)
    return errors.load(body_schema(), parsed), raw


def check_shape(parsed) -> None:
    """Bounded nesting and array sizes before any schema or handler sees the body (iterative: no recursion)."""
    stack = [(value, 2, name) for name, value in parsed.items()]
    while stack:
        value, depth, name = stack.pop()
        if depth > MAX_DEPTH:
            raise errors.ValidationFailed(f"body nested deeper than {MAX_DEPTH} levels", {"body": ["too deep"]})
        if isinstance(value, float) and not math.isfinite(value):  # NaN, Infinity: not JSON numbers
            raise errors.ValidationFailed("NaN and Infinity are not numbers", {name: ["a finite number"]})
        if isinstance(value, list):
            if len(value) > MAX_ARRAY:
                raise errors.ValidationFailed(f"an array holds more than {MAX_ARRAY} items", {"body": ["array too long"]})
            stack += [(item, depth + 1, name) for item in value]
        elif isinstance(value, dict):
            stack += [(item, depth + 1, name) for item in value.values()]


def check_path(params: dict) -> None:
    """Ids in the path are printable and bounded, like ids in bodies."""
    bad = {name: ["must be 1-128 letters, digits or . _ : @ -"] for name, value in params.items()
           if not ID_PATTERN.match(value)}
    if bad:
        raise errors.ValidationFailed("invalid id in the path", bad)


def claim_idempotency(service, request, method: str, principal, raw: bytes, request_id: str):
    """(record id this request must complete, or None; the first response to replay, or None)."""
    key = request.headers.get("Idempotency-Key")
    if method != "post" or not key or principal is None:
        return None, None
    if len(key) > 200:
        raise errors.ValidationFailed("Idempotency-Key too long", {"Idempotency-Key": ["max 200"]})
    record_id = service.idempotency.record_id(principal, method.upper(), request.path, key)
    # the services key their commands by it too: a retry after a 504 replays, never repeats
    service.request_context.data[REQUEST_KEY] = record_id
    first = service.idempotency.claim(record_id, hashlib.sha256(raw).hexdigest())
    if first is None:
        return record_id, None
    replay = Response(first["body"], status=first["status"], mimetype="application/json")
    replay.headers["X-Request-Id"] = request_id
    replay.headers["Idempotent-Replayed"] = "true"
    return None, replay  # not ours to complete


def complete_after_sending(service, response: Response, record_id: str) -> None:
    """The key's first response is stored once it is on the wire (WSGI `close`): a write answers one store statement
    sooner (issue 30: the completion was the last statement on every write's path). A retry that comes before it is
    stored finds the claim running and waits for it (the ledger polls); a gateway gone before it is stored leaves
    the claim to its lease, and the retry's command is answered from the service's own command log under the same
    key (the request key the services get is this record's id)."""
    status, body = response.status_code, response.get_data(as_text=True)

    def complete() -> None:
        try:
            service.idempotency.complete(record_id, status, body)
        except Exception:  # noqa: BLE001 - the response is sent; the claim's lease frees the key
            log.exception("could not store the response to idempotency record %s", record_id)

    response.call_on_close(complete)


def respond(result, status: int, request_id: str) -> Response:
    response = result if isinstance(result, Response) else json_response(status, result, request_id)
    response.headers["X-Request-Id"] = request_id
    return response
