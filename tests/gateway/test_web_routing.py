"""The gateway's cheap shadowing check (gateway.web.Shapes) answers exactly as the full one: for every path the
document's routes make — ids, another route's literal segments in a parameter's place, trailing slashes — and every
method, the same 405 (with the same Allow) or none."""

import re

import pytest
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.test import EnvironBuilder

import gateway.service  # noqa: F401 - registers the routes
from gateway import web
from gateway.api import ROUTES

PARAM = re.compile(r"\{[^}]+\}")


def url_map() -> Map:
    rules = [Rule(PARAM.sub(lambda m: f"<{m.group(0)[1:-1]}>", r["path"]), methods=[r["method"].upper()],
                  endpoint=f"{r['method']} {r['path']}") for r in ROUTES]
    return Map([*rules, Rule("/console/static/<name>", methods=["GET"], endpoint="static")])


def paths() -> list[str]:
    literals = {seg for r in ROUTES for seg in r["path"].split("/") if seg and "{" not in seg}
    made = set()
    for r in ROUTES:
        for fill in ("abc-1", "x.y", *literals):
            made.add(PARAM.sub(fill, r["path"], count=1))
            made.add(PARAM.sub(fill, r["path"]))
            made.add(PARAM.sub(fill, r["path"]) + "/")
    return sorted(made)


def test_the_cheap_check_answers_as_the_full_one():
    routes = url_map()
    shapes, compared, refused = web.Shapes(routes), 0, 0
    for path in paths():
        for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):
            environ = EnvironBuilder(path=path, method=method).get_environ()
            adapter = routes.bind_to_environ(environ)
            try:
                _, values = adapter.match()
            except HTTPException:
                continue
            full, cheap = web.shadowed(adapter, environ, values), web.shadowed(adapter, environ, values, shapes)
            assert (full is None) == (cheap is None), (method, path)
            if full is not None:
                assert full.valid_methods == cheap.valid_methods, (method, path)
                refused += 1
            compared += 1
    assert compared > 1000 and refused > 0


@pytest.mark.parametrize("path, shadowable", [("/v1/listings/abc", False), ("/v1/listings/check", True),
                                              ("/v1/listings/abc/", True)])
def test_only_paths_naming_a_literal_segment_go_to_the_full_check(path, shadowable):
    assert web.Shapes(url_map()).may_shadow(path, 1) is shadowable
