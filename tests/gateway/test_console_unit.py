"""The console's pure parts: finding spans cut into runs, the session cookie's attributes by host, CSRF tokens,
and no open redirect after sign-in."""

import eventlet
import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from gateway.console.calls import together
from gateway.console.highlight import runs
from gateway.console.session import csrf_token, secure, set_cookie
from gateway.console.signin import safe_next


def test_runs_cover_the_text_once_with_each_span_marked_and_overlaps_clipped():
    findings = [{"field": "title", "start": 0, "end": 7}, {"field": "title", "start": 4, "end": 10},
                {"field": "description", "start": 0, "end": 3}]
    out = runs("adiddas runner", findings, "title")
    assert "".join(r["text"] for r in out) == "adiddas runner"
    assert [(r["text"], r["finding"]) for r in out] == [("adiddas", 0), (" ru", 1), ("nner", None)]
    assert runs("", findings, "title") == [{"text": "", "finding": None}]
    assert runs("abc", [{"field": "title", "start": 5, "end": 9}], "title") == [{"text": "abc", "finding": None}]


def request_for(host: str) -> Request:
    return Request(EnvironBuilder(path="/console/login", headers={"Host": host}).get_environ())


def test_the_session_cookie_is_secure_outside_localhost_and_always_httponly_and_strict():
    assert not secure(request_for("127.0.0.1:8000")) and not secure(request_for("localhost"))
    assert not secure(request_for("[::1]:8000"))
    assert secure(request_for("console.example.com")) and secure(request_for("10.0.0.7:8000"))
    response = Response()
    set_cookie(response, request_for("console.example.com"), "tianping_console", "t")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/console" in cookie


def test_csrf_tokens_are_bound_to_the_session_and_the_key():
    assert csrf_token(b"k" * 32, "a") != csrf_token(b"k" * 32, "b") != csrf_token(b"j" * 32, "b")


def test_after_sign_in_only_a_console_path():
    assert safe_next("/console/review?kind=listing") == "/console/review?kind=listing"
    for target in ("https://evil.example/", "//evil.example/console", "/v1/blacklist", None, ""):
        assert safe_next(target) == "/console"


def test_a_refusals_fields_flattened_for_the_form_nested_ones_by_path():
    from gateway.console.refusal import flatten

    fields = {"reason": ["and a reason"], "rule_ids": {"0": ["not a rule ID"], "2": ["not a rule ID"]}, "x": "once"}
    assert flatten(fields) == [("reason", "and a reason"), ("rule_ids.0", "not a rule ID"),
                               ("rule_ids.2", "not a rule ID"), ("x", "once")]


def test_a_pages_reads_are_asked_at_once_answered_in_order_and_an_error_reaches_the_page():
    first_asked, second_asked = eventlet.Event(), eventlet.Event()

    def first():  # answers only once the second read has been asked: one after the other would never finish
        first_asked.send()
        with eventlet.Timeout(5):
            second_asked.wait()
        return "first"

    def second():
        second_asked.send()
        with eventlet.Timeout(5):
            first_asked.wait()
        return "second"

    assert together(first, None, second) == ["first", None, "second"]
    assert together(None, None) == [None, None]

    def refused():
        raise PermissionError("not yours")

    with pytest.raises(PermissionError):
        together(lambda: "fine", refused)
