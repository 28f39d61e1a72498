"""Hostile input over every route of the running system (issue 31): wrong types, extra decimals, exponent money,
future times, whitespace texts, units in numbers, encoded paths and wrong methods are each refused with a 4xx in the
one error shape — the bad field named — and never a 5xx or an HTML page."""

import urllib.error
import urllib.request

import pytest

import gateway.service  # noqa: F401 - importing the service declares its routes
from gateway.api import ROUTES
from tests.integration.http import call
from tests.tokens import bearer
from tianping.lib import fields
from tianping.lib.quantities import Grams

FUTURE = "2099-01-01T00:00:00+00:00"
# What an attacker (or a careless client) sends in place of each kind of field.
HOSTILE = {
    fields.Money: ["1.005", "1e2", "NaN", "-1", True, "1,00", " 1.00", {"raw": "1e2"}, {"raw": "1.005"}],
    Grams: ["约10克", "10,00", "ten", True],
    fields.Integer: ["5", 5.5, True, {"raw": "1e2"}],
    fields.Float: ["0.5", True, {"raw": "NaN"}],
    fields.Boolean: ["yes", "false", 1, 0],
    fields.PastDateTime: [FUTURE, "2026-01-01T00:00:00", 1700000000],
    fields.DateTime: ["2026-01-01T00:00:00", 1700000000, "yesterday"],
    fields.String: [5, True, ["x"]],
    fields.List: ["x", 5, {"a": 1}],
    fields.Nested: ["x", 5, []],
}
BLANK = ["\u3000", " \t ", "\u200b\u200b", "\t\u3000\n"]


def hostile_values(field) -> list:
    for kind, values in HOSTILE.items():
        if isinstance(field, kind):
            extra = BLANK if isinstance(field, fields.String) and field.needs_content else []
            return values + extra
    return []


def allowed_role(route) -> str:
    roles = route["roles"]
    return "platform_admin" if not roles or "platform_admin" in roles else sorted(roles)[0]


def concrete(path: str) -> str:
    return "/".join("x1" if part.startswith("{") else part for part in path.split("/"))


CASES = [(route, name, value) for route in ROUTES if route["body"] is not None
         for name, field in route["body"]().load_fields.items() for value in hostile_values(field)]


def send(system, route, name, value):
    path, role = concrete(route["path"]), allowed_role(route)
    if isinstance(value, dict) and "raw" in value:  # a JSON number json.dumps cannot write as such
        return call(system, route["method"].upper(), path, role=role,
                    raw=f'{{"{name}": {value["raw"]}}}'.encode())
    return call(system, route["method"].upper(), path, {name: value}, role=role)


def assert_one_shape(status, body, headers):
    assert 400 <= status < 500, (status, body)
    assert headers.get("Content-Type", "").startswith("application/json")
    error = body["error"]
    assert set(error) == {"code", "message", "fields", "request_id"} and error["request_id"], body


def test_every_body_field_of_every_route_refuses_hostile_values_naming_the_field(system):
    assert len({(r["method"], r["path"]) for r, _, _ in CASES}) == len([r for r in ROUTES if r["body"]])
    wrong = []
    for route, name, value in CASES:
        status, body, headers = send(system, route, name, value)
        try:
            assert_one_shape(status, body, headers)
            assert status != 400 or name in body["error"]["fields"], body
        except AssertionError as exc:
            wrong.append(f"{route['method']} {route['path']} {name}={value!r}: {exc}")
    assert not wrong, "\n".join(wrong[:30])


def raw_request(system, method: str, path: str):
    request = urllib.request.Request(system.gateway_url + path, method=method, headers=bearer("platform_admin"))
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as err:
        return err.code, err.read(), err.headers


@pytest.mark.parametrize("path", ["/nowhere", "/v1/listings/a%2Fb/x", "/v1/blacklist/a%2Fpropagation",
                                  "/v1/orders/", "/v1/%2e%2e/openapi.json", "/v1/disputes/x1/unknown"])
def test_an_unknown_or_encoded_path_is_a_json_404(system, path):
    status, body, headers = call(system, "GET", path)
    assert status == 404 and body["error"]["code"] == "not_found", body
    assert_one_shape(status, body, headers)


def test_every_path_answers_a_wrong_method_with_a_json_405_and_allow(system):
    declared: dict[str, set] = {}
    for route in ROUTES:
        declared.setdefault(route["path"], set()).add(route["method"].upper())
    for path, methods in declared.items():
        for method in sorted({"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"} - methods):
            status, raw, headers = raw_request(system, method, concrete(path))
            assert status == 405, (method, path, status, raw[:200])
            assert set(headers["Allow"].split(", ")) == methods, (method, path, headers["Allow"])
            assert headers["Content-Type"].startswith("application/json") and b'"method_not_allowed"' in raw
