"""Sign-in and out. With an identity provider configured (TIANPING_OIDC_ISSUER, _CLIENT_ID): /console/login sends
the browser to its authorization endpoint, /console/callback takes the code back (gateway/console/oidc.py). Without
one (locally): the bearer token from `make token`, pasted once. Either way the session cookie holds a bearer token
the API accepts, and only staff roles sign in."""

import secrets
import time

from werkzeug.wrappers import Response

from tianping.lib import errors

from ..web import http
from .frame import STAFF, error_page, harden, key_of, page, redirect, render
from .oidc import seal, unseal
from .session import LOGIN_CSRF_COOKIE, SESSION_COOKIE, check_csrf, clear_cookie, set_cookie

OIDC_COOKIE = "tianping_console_oidc"  # the flow in progress: state, nonce, code verifier (sealed, 10 minutes)
FLOW_TTL_S = 600


def safe_next(target: str | None) -> str:
    """Only a console path: never an open redirect to another site."""
    if target and target.startswith("/console") and not target.startswith("//"):
        return target
    return "/console"


def staff(principal: dict) -> dict:
    if principal["role"] not in STAFF:
        raise errors.Forbidden(f"the console is for staff; role {principal['role']} uses the API",
                               {"role": [f"one of {sorted(STAFF)}"]})
    return principal


def refused(exc: Exception, request, *clear: str) -> Response:
    response = error_page(exc, None)
    for name in clear:
        clear_cookie(response, request, name)
    return harden(response)


class SignInPages:
    @http("GET", "/console/login")
    def console_login_form(self, request):
        target = safe_next(request.args.get("next"))
        if self.oidc is not None and request.args.get("done") != "signed_out":
            return self.console_authorize(request, target)
        nonce = secrets.token_urlsafe(24)
        response = render("login.html", view=None, me=None, csrf=nonce, sections=[], done=request.args.get("done"),
                          error=None, next=target, oidc=self.oidc is not None)
        set_cookie(response, request, LOGIN_CSRF_COOKIE, nonce, max_age=3600)
        return harden(response)

    def console_authorize(self, request, target: str) -> Response:
        """To the identity provider, remembering the flow in a sealed cookie. SameSite=Lax: the provider's
        redirect back is a cross-site navigation, on which a Strict cookie would not be sent."""
        try:
            url, flow = self.oidc.authorization(request.host_url.rstrip("/") + "/console/callback")
        except Exception as exc:  # noqa: BLE001 - an unreachable provider is a page, not a 500
            return refused(exc, request)
        response = redirect(url)
        set_cookie(response, request, OIDC_COOKIE, seal(key_of(self), {**flow, "next": target,
                                                                        "expires": time.time() + FLOW_TTL_S}),
                   max_age=FLOW_TTL_S, samesite="Lax")
        return harden(response)

    @http("GET", "/console/callback")
    def console_callback(self, request):
        """The provider's answer: the state checked against the flow's, the code exchanged (with the PKCE
        verifier), the ID token checked, the access token verified as the API verifies it, then the session."""
        try:
            principal, token, target = self.console_signed_by_provider(request)
        except Exception as exc:  # noqa: BLE001 - every refusal is a page with its status and no session
            return refused(exc, request, OIDC_COOKIE, SESSION_COOKIE)
        # A page, not a redirect: after the provider's cross-site redirect, a redirect chain would not carry the
        # SameSite=Strict session cookie to the next page; a same-site refresh does.
        response = render("signed_in.html", view=None, me=None, csrf="", sections=[], done=None, next=target,
                          who=principal)
        set_cookie(response, request, SESSION_COOKIE, token)
        clear_cookie(response, request, OIDC_COOKIE)
        return harden(response)

    def console_signed_by_provider(self, request) -> tuple[dict, str, str]:
        if self.oidc is None:
            raise errors.NotFound("no identity provider is configured: paste a token", {"path": ["unknown"]})
        flow = unseal(key_of(self), request.cookies.get(OIDC_COOKIE))
        if flow is None:
            raise errors.Unauthenticated("no sign-in is in progress in this browser (or it took over 10 minutes): "
                                         "sign in again", {"state": ["no sign-in in progress"]})
        if request.args.get("error"):
            raise errors.Unauthenticated(f"the identity provider refused the sign-in: {request.args['error']}",
                                         {"error": [request.args.get("error_description") or request.args["error"]]})
        if not secrets.compare_digest(request.args.get("state", ""), flow["state"]):
            raise errors.Unauthenticated("the answer's state is not this browser's sign-in: sign in again",
                                         {"state": ["does not match"]})
        token = self.oidc.exchange(request.args.get("code", ""), flow)
        claims = self.oidc.id_claims(token, flow["nonce"])
        principal = staff(self.authenticator.principal(f"Bearer {token['access_token']}"))
        if principal["sub"] != str(claims["sub"]):
            raise errors.Unauthenticated("the access token and the ID token name different people",
                                         {"sub": ["differs between the tokens"]})
        return principal, token["access_token"], safe_next(flow.get("next"))

    @http("POST", "/console/login")
    def console_login(self, request):
        """The bearer token pasted once (locally: `make token`) becomes the session cookie, if the API accepts it."""
        try:
            check_csrf(key_of(self), request)
            token = request.form.get("token", "").strip()
            staff(self.authenticator.principal(f"Bearer {token}"))
        except Exception as exc:  # noqa: BLE001 - a refused sign-in is a page, not a 500
            return harden(error_page(exc, None))
        response = redirect(safe_next(request.form.get("next")))
        set_cookie(response, request, SESSION_COOKIE, token)
        clear_cookie(response, request, LOGIN_CSRF_COOKIE)
        return harden(response)

    @page("POST", "/console/logout")
    def console_logout(self, request, view):
        response = redirect("/console/login?done=signed_out")
        clear_cookie(response, request, SESSION_COOKIE)
        return response
