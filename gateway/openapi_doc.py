"""The OpenAPI document, generated from the routes and the same marshmallow schemas that validate bodies: every
constraint the gateway applies (query enums and bounds, path id patterns, body constraints) and every refusal status
it can answer is declared here."""

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from .api import ID_PATTERN, ROUTES, ErrorOut
from .openapi_variants import add_variants

PATH_ID = {"type": "string", "pattern": ID_PATTERN.pattern, "maxLength": 128}


def openapi(title: str, version: str) -> dict:
    plugin = MarshmallowPlugin()
    spec = APISpec(title=title, version=version, openapi_version="3.0.3", plugins=[plugin],
                   info={"description": "Tianping governance API. Every error: {error: {code, message, fields, "
                                        "request_id}}. Authenticate with a bearer JWT."})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    spec.components.schema("Error", schema=ErrorOut)
    error_ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    paths: dict[str, dict] = {}
    for r in ROUTES:
        paths.setdefault(r["path"], {})[r["method"]] = _operation(r, error_ref)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    doc = spec.to_dict()
    add_variants(doc, plugin.converter.refs)
    return doc


def _operation(r: dict, error_ref: dict) -> dict:
    """One route's operation: its parameters, body, security, and every status it can answer (`error_ref` the
    content of every refusal)."""
    op = {"summary": r["summary"], "tags": [r["tag"]], "responses": {}}
    params = _parameters(r)
    if params:
        op["parameters"] = params
        op["responses"]["400"] = {"description": "invalid path id or query parameter", **error_ref}
    if _path_params(r["path"]):
        op["responses"]["404"] = {"description": "not found", **error_ref}
    if r["body"] is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": r["body"]}}}
        op["responses"]["400"] = {"description": "validation failed", **error_ref}
        op["responses"]["413"] = {"description": "body too large", **error_ref}
        op["responses"]["415"] = {"description": "body not application/json", **error_ref}
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
        op["responses"]["422"] = {"description": "well-formed but refused: by a rule (a blacklisted or inactive "
                                                 "subject, terms below the platform minimum) or because fields "
                                                 "contradict each other (code inconsistent: paid after delivered, "
                                                 "from after to)", **error_ref}
    if r["query"] or r["body"] is not None:
        op["responses"].setdefault("422", {"description": "well-formed but the fields contradict each other "
                                                          "(code inconsistent: from after to)", **error_ref})
    op["responses"]["503"] = {"description": "a service is unavailable", **error_ref}
    op["responses"]["504"] = {"description": "a service did not answer in time", **error_ref}
    return op


def _parameters(r: dict) -> list[dict]:
    """A route's path ids, query parameters, and the Idempotency-Key header of a secured POST."""
    params = [{"name": name, "in": "path", "required": True, "schema": PATH_ID}
              for name in _path_params(r["path"])]
    params += [{"name": name, "in": "query", "required": bool(schema.get("required")),
                "schema": {k: v for k, v in schema.items() if k != "required"}}
               for name, schema in r["query"].items()]
    if r["method"] == "post" and r["roles"] is not None:
        params.append({"name": "Idempotency-Key", "in": "header", "required": False,
                       "schema": {"type": "string", "maxLength": 200},
                       "description": "Retries with the same key return the first response."})
    return params


def _path_params(path: str) -> list[str]:
    return [part[1:-1].split(":")[-1] for part in path.split("/") if part.startswith("{")]
