"""The console's sign-in through an identity provider (OpenID Connect authorization-code flow with PKCE), end to end
against a provider served in this process (tests/gateway/fake_idp.py): /console/login sends the browser to its
authorization endpoint with state, nonce and an S256 challenge, the provider sends it back with a code, and
/console/callback exchanges the code, checks the ID token and makes the provider's access token the session —
verified as the API verifies a bearer token. Every refusal (wrong state, a replayed code, a bad signature, another
audience, an expired ID token, another nonce, a non-staff role) is a 4xx page and leaves no session."""

from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from gateway.auth import Authenticator
from gateway.console.frame import signed_in
from gateway.console.oidc import Provider
from gateway.console.session import SESSION_COOKIE
from gateway.console.signin import OIDC_COOKIE, SignInPages

from .fake_idp import API_AUDIENCE, CLIENT_ID, CLIENT_SECRET, FakeIdp

HOST = "127.0.0.1:8000"
CALLBACK = f"http://{HOST}/console/callback"


class Container:
    config = {"CONSOLE_SECRET": "console-secret-of-these-tests-32-bytes!"}


class Context:
    container = Container()


class Gateway(SignInPages):
    """The gateway's sign-in pages with what they use of the service: its authenticator (the provider's JWKS, as a
    deployment with an identity provider configures it), the provider and the CSRF key's config."""

    def __init__(self, idp: FakeIdp):
        self.oidc = Provider(idp.issuer, CLIENT_ID, CLIENT_SECRET)
        self.authenticator = Authenticator(None, jwks_url=f"{idp.issuer}/jwks", audience=API_AUDIENCE,
                                           issuer=idp.issuer)
        self.request_context = Context()


@pytest.fixture(scope="module")
def idp():
    with FakeIdp() as provider:
        provider.redirect_uris.add(CALLBACK)
        yield provider


@pytest.fixture
def gateway(idp):
    idp.tamper, idp.user = {}, {"sub": "alice", "role": "reviewer"}
    return Gateway(idp)


def request(url: str, cookies: dict | None = None) -> Request:
    parsed = urlparse(url)
    cookie = "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
    return Request(EnvironBuilder(path=parsed.path, query_string=parsed.query,
                                  headers={"Host": HOST, **({"Cookie": cookie} if cookie else {})}).get_environ())


def set_cookies(response) -> dict:
    """name -> (value, attributes) of every Set-Cookie."""
    jar = {}
    for header in response.headers.getlist("Set-Cookie"):
        parsed = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            jar[name] = (morsel.value, morsel)
    return jar


def begin(gateway, target="/console/review?kind=listing"):
    """/console/login, then the provider's authorization endpoint: (the callback URL, the flow cookie)."""
    answer = gateway.console_login_form(request(f"http://{HOST}/console/login?next={target}"))
    assert answer.status_code == 303
    location = answer.headers["Location"]
    flow = set_cookies(answer)[OIDC_COOKIE]
    assert flow[1]["samesite"] == "Lax" and flow[1]["httponly"] and flow[1]["path"] == "/console"
    back = requests.get(location, allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    return back.headers["Location"], {OIDC_COOKIE: flow[0]}, parse_qs(urlparse(location).query)


def no_session(answer) -> bool:
    session = set_cookies(answer).get(SESSION_COOKIE)
    return session is None or session[0] == ""


def test_a_reviewer_signs_in_through_the_identity_provider(gateway, idp):
    callback, cookies, asked = begin(gateway)
    assert asked["response_type"] == ["code"] and asked["client_id"] == [CLIENT_ID]
    assert asked["redirect_uri"] == [CALLBACK] and "openid" in asked["scope"][0].split()
    assert asked["code_challenge_method"] == ["S256"] and len(asked["code_challenge"][0]) == 43
    assert asked["state"][0] and asked["nonce"][0] and asked["state"] != asked["nonce"]
    answer = gateway.console_callback(request(callback, cookies))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    page = answer.get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and "/console/review?kind=listing" in page and "alice" in page
    jar = set_cookies(answer)
    session, attributes = jar[SESSION_COOKIE]
    assert attributes["httponly"] and attributes["samesite"] == "Strict" and attributes["path"] == "/console"
    assert not attributes["secure"]  # localhost; elsewhere Secure (tests/gateway/test_console_unit.py)
    assert jar[OIDC_COOKIE][0] == ""  # the flow is over
    # The session is the provider's access token, verified on every page as the API verifies a bearer token.
    assert signed_in(gateway, request(f"http://{HOST}/console", {SESSION_COOKIE: session})) == \
        {"sub": "alice", "role": "reviewer"}
    exchange = idp.exchanges[-1]
    assert exchange["grant_type"] == "authorization_code" and exchange["code_verifier"]
    assert exchange["redirect_uri"] == CALLBACK
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")


def refused(answer, status: int, words: str) -> None:
    page = answer.get_data(as_text=True)
    assert answer.status_code == status, page
    assert words in page, page
    assert no_session(answer)


def test_a_wrong_state_is_refused(gateway):
    callback, cookies, _ = begin(gateway)
    forged = callback.replace("state=", "state=forged")
    refused(gateway.console_callback(request(forged, cookies)), 401, "state")


def test_a_callback_without_the_flow_cookie_is_refused(gateway):
    callback, _, _ = begin(gateway)
    refused(gateway.console_callback(request(callback)), 401, "no sign-in is in progress")
    refused(gateway.console_callback(request(callback, {OIDC_COOKIE: "tampered.0000"})), 401, "no sign-in")


def test_a_replayed_code_is_refused(gateway):
    callback, cookies, _ = begin(gateway)
    assert gateway.console_callback(request(callback, cookies)).status_code == 200
    refused(gateway.console_callback(request(callback, cookies)), 401, "invalid_grant")


@pytest.mark.parametrize("tamper, words", [
    ({"impostor": True}, "BadSignatureError"),
    ({"aud": "another-application"}, "Invalid claim: &#39;aud"),
    ({"exp_in": -600}, "ExpiredTokenError"),
    ({"nonce": "someone-elses-nonce"}, "Invalid claim: &#39;nonce"),
], ids=["bad signature", "wrong audience", "expired", "wrong nonce"])
def test_an_id_token_that_fails_a_check_is_refused(gateway, idp, tamper, words):
    callback, cookies, _ = begin(gateway)
    idp.tamper = tamper
    refused(gateway.console_callback(request(callback, cookies)), 401, words)


def test_a_role_that_is_not_staff_is_refused(gateway, idp):
    idp.user = {"sub": "bob", "role": "consumer"}
    callback, cookies, _ = begin(gateway)
    refused(gateway.console_callback(request(callback, cookies)), 403, "the console is for staff")


def test_the_provider_refusing_the_sign_in_is_a_page(gateway):
    callback, cookies, _ = begin(gateway)
    denied = callback.split("?")[0] + "?error=access_denied&state=x"
    refused(gateway.console_callback(request(denied, cookies)), 401, "access_denied")


def test_without_a_provider_the_login_page_takes_a_pasted_token(gateway):
    gateway.oidc = None
    answer = gateway.console_login_form(request(f"http://{HOST}/console/login"))
    assert answer.status_code == 200 and 'name="token"' in answer.get_data(as_text=True)
    refused(gateway.console_callback(request(CALLBACK + "?code=x&state=y")), 404, "no identity provider")


def test_an_issuer_over_plain_http_is_refused_outside_localhost():
    with pytest.raises(ValueError, match="https"):
        Provider("http://idp.example.com", CLIENT_ID)
    assert Provider("https://idp.example.com/", CLIENT_ID).issuer == "https://idp.example.com"
