"""The gateway's route machinery: one decorator gives every route authentication, its roles, body
validation with the same marshmallow schema the OpenAPI document is generated from, the single error
shape, and X-Request-Id carried into RPC context (and from there into events and logs)."""

import functools
import hashlib
import json
import logging
import uuid

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, fields
from nameko.web.handlers import http
from werkzeug.wrappers import Response

from tianping import errors
from tianping.logs import CONTEXT_KEY, set_correlation_id
from tianping.rpc import REQUEST_KEY

from .auth import require_role

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 256 * 1024
ROUTES: list[dict] = []


class ErrorBody(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    bad_fields = fields.Dict(required=True, data_key="fields")
    request_id = fields.String(required=True)


class ErrorOut(Schema):
    error = fields.Nested(ErrorBody, required=True)


def json_response(status: int, body, request_id: str, headers: dict | None = None) -> Response:
    response = Response(json.dumps(body, ensure_ascii=False, default=str), status=status,
                        mimetype="application/json")
    response.headers["X-Request-Id"] = request_id
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


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
    (self, request, principal, body_or_None, **path_params) and returns a JSON-ready object."""
    nameko_path = path.replace("{", "<").replace("}", ">")

    def decorate(fn):
        @http(method, nameko_path)
        @functools.wraps(fn)
        def handler(self, request, **params):
            request_id = (request.headers.get("X-Request-Id") or uuid.uuid4().hex)[:64]
            self.request_context.data[CONTEXT_KEY] = request_id  # .context_data is a copy
            set_correlation_id(request_id)
            record_id = None
            try:
                principal = None
                if roles is not None:
                    principal = self.authenticator.principal(request.headers.get("Authorization"))
                    require_role(principal, roles)
                    self.rate_limiter.take(f"{principal['role']}:{principal['sub']}")
                data, raw = None, b""
                if body is not None:
                    if (request.content_length or 0) > MAX_BODY_BYTES:
                        raise errors.PayloadTooLarge(f"body over {MAX_BODY_BYTES} bytes", {"body": ["too large"]})
                    raw = request.get_data(cache=False) or b"{}"
                    if len(raw) > MAX_BODY_BYTES:
                        raise errors.PayloadTooLarge(f"body over {MAX_BODY_BYTES} bytes", {"body": ["too large"]})
                    try:
                        parsed = json.loads(raw)
                    except ValueError:
                        raise errors.ValidationFailed("body is not valid JSON", {"body": ["invalid JSON"]}) from None
                    if not isinstance(parsed, dict):
                        raise errors.ValidationFailed("body must be a JSON object", {"body": ["not an object"]})
                    data = errors.load(body(), parsed)
                key = request.headers.get("Idempotency-Key")
                if method == "POST" and key and principal is not None:
                    if len(key) > 200:
                        raise errors.ValidationFailed("Idempotency-Key too long", {"Idempotency-Key": ["max 200"]})
                    record_id = self.idempotency.record_id(principal, method, request.path, key)
                    # the services key their commands by it too: a retry after a 504 replays, never repeats
                    self.request_context.data[REQUEST_KEY] = record_id
                    first = self.idempotency.claim(record_id, hashlib.sha256(raw).hexdigest())
                    if first is not None:
                        record_id = None  # not ours to complete
                        response = Response(first["body"], status=first["status"], mimetype="application/json")
                        response.headers["X-Request-Id"] = request_id
                        response.headers["Idempotent-Replayed"] = "true"
                        return response
                result = fn(self, request, principal, data, **params)
                response = result if isinstance(result, Response) else json_response(status, result, request_id)
                response.headers["X-Request-Id"] = request_id
            except Exception as exc:  # noqa: BLE001 - every failure leaves in the one error shape
                response = error_response(exc, request_id)
            if record_id is not None:
                self.idempotency.complete(record_id, response.status_code, response.get_data(as_text=True))
            return response

        ROUTES.append({"method": method.lower(), "path": path, "roles": roles, "body": body, "response": response,
                       "summary": summary or (fn.__doc__ or "").strip().split("\n")[0], "tag": tag,
                       "status": status, "query": query or {}})
        return handler

    return decorate


def openapi(title: str, version: str) -> dict:
    spec = APISpec(title=title, version=version, openapi_version="3.0.3", plugins=[MarshmallowPlugin()],
                   info={"description": "Tianping governance API. Every error: {error: {code, message, fields, "
                                        "request_id}}. Authenticate with a bearer JWT."})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    spec.components.schema("Error", schema=ErrorOut)
    error_ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    paths: dict[str, dict] = {}
    for r in ROUTES:
        op = {"summary": r["summary"], "tags": [r["tag"]], "responses": {}}
        params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in _path_params(r["path"])]
        params += [{"name": name, "in": "query", "required": False, "schema": schema}
                   for name, schema in r["query"].items()]
        if r["method"] == "post" and r["roles"] is not None:
            params.append({"name": "Idempotency-Key", "in": "header", "required": False,
                           "schema": {"type": "string", "maxLength": 200},
                           "description": "Retries with the same key return the first response."})
        if params:
            op["parameters"] = params
        if r["body"] is not None:
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": r["body"]}}}
            op["responses"]["400"] = {"description": "validation failed", **error_ref}
            op["responses"]["413"] = {"description": "body too large", **error_ref}
        ok = {"description": "success"}
        if r["response"] is not None:
            ok["content"] = {"application/json": {"schema": r["response"]}}
        op["responses"][str(r["status"])] = ok
        if r["roles"] is not None:
            op["security"] = [{"bearer": []}]
            op["description"] = f"Roles: {', '.join(sorted(r['roles']))}."
            op["responses"]["401"] = {"description": "no or bad token", **error_ref}
            op["responses"]["403"] = {"description": "wrong role or owner", **error_ref}
            op["responses"]["429"] = {"description": "rate limited (see Retry-After)", **error_ref}
            op["responses"].setdefault("400", {"description": "invalid request", **error_ref})
            op["responses"]["404"] = {"description": "not found", **error_ref}
            op["responses"]["409"] = {"description": "conflicts with current state", **error_ref}
            op["responses"]["422"] = {"description": "refused by a rule (e.g. blacklisted)", **error_ref}
        op["responses"]["503"] = {"description": "a service is unavailable", **error_ref}
        op["responses"]["504"] = {"description": "a service did not answer in time", **error_ref}
        paths.setdefault(r["path"], {})[r["method"]] = op
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _path_params(path: str) -> list[str]:
    return [part[1:-1].split(":")[-1] for part in path.split("/") if part.startswith("{")]
