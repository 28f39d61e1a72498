"""The console's session: an HttpOnly, SameSite=Strict cookie (Secure outside localhost) holding the bearer token,
verified on every request exactly as the API verifies an Authorization header; CSRF tokens as an HMAC of the
session (signed in) or a double-submitted random cookie (the login form)."""

import hashlib
import hmac
import secrets

from werkzeug.wrappers import Response

from tianping.lib.errors import Forbidden

SESSION_COOKIE = "tianping_console"
LOGIN_CSRF_COOKIE = "tianping_console_login"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
_PROCESS_KEY = secrets.token_bytes(32)


def csrf_key(config) -> bytes:
    """The key CSRF tokens are signed with: TIANPING_CONSOLE_SECRET, else derived from the JWT secret (the same in
    every gateway replica), else this process's own random key (then a form must go back to the same replica)."""
    secret = config.get("CONSOLE_SECRET") or config.get("JWT_SECRET")
    if not secret:
        return _PROCESS_KEY
    return hmac.new(str(secret).encode(), b"tianping console csrf", hashlib.sha256).digest()


def csrf_token(key: bytes, session_token: str) -> str:
    return hmac.new(key, session_token.encode(), hashlib.sha256).hexdigest()


def check_csrf(key: bytes, request) -> None:
    """A POST carries the session's CSRF token (signed in) or the login cookie's twin (the login form)."""
    sent = request.form.get("csrf_token", "")
    token = request.cookies.get(SESSION_COOKIE)
    expected = csrf_token(key, token) if token else request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise Forbidden("this form's CSRF token is missing or wrong: reload the page and submit again",
                        {"csrf_token": ["missing or wrong"]})


def secure(request) -> bool:
    host = (request.host or "").rsplit(":", 1)[0] if not (request.host or "").startswith("[") else \
        request.host.split("]")[0] + "]"
    return host not in LOCAL_HOSTS


def set_cookie(response: Response, request, name: str, value: str, max_age: int | None = None,
               samesite: str = "Strict") -> None:
    response.set_cookie(name, value, max_age=max_age, path="/console", httponly=True, samesite=samesite,
                        secure=secure(request))


def clear_cookie(response: Response, request, name: str) -> None:
    response.delete_cookie(name, path="/console", httponly=True, samesite="Strict", secure=secure(request))
