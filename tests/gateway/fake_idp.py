"""An OpenID Connect identity provider served in the test's own process: its own RSA keys, discovery, authorize,
token and JWKS endpoints — the authorization-code flow with PKCE (S256) as a real provider checks it (registered
redirect URI, client secret, each code good once, the verifier against the challenge). It signs in whoever the
test names (`user`) without a login form — or, with `login_form`, whoever is typed into its own sign-in page — and
misbehaves on request (`tamper`): an ID token signed with another key, for another audience, expired, or with
another nonce."""

import base64
import hashlib
import secrets
import threading
import time
from html import escape
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID, CLIENT_SECRET = "tianping-console", "console-secret-for-tests"
API_AUDIENCE = "tianping-api"


class FakeIdp:
    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "idp-1", "use": "sig", "alg": "RS256"})
        self.impostor = RSAKey.generate_key(2048, parameters={"kid": "idp-1", "use": "sig", "alg": "RS256"})
        self.user = {"sub": "alice", "role": "reviewer"}
        self.login_form = False  # True: /authorize shows a sign-in form (a browser test types the user into it)
        self.signed_in: list[dict] = []  # every user the provider signed in, as it saw them
        self.tamper: dict = {}
        self.redirect_uris: set[str] = set()
        self.codes: dict[str, dict] = {}
        self.exchanges: list[dict] = []  # every token request, as the provider saw it
        self.server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()

    def wsgi(self, environ, start_response):
        request = Request(environ)
        handler = {"/.well-known/openid-configuration": self.discovery, "/authorize": self.authorize,
                   "/token": self.token, "/jwks": self.jwks}.get(request.path)
        response = handler(request) if handler else Response("not found", status=404)
        return response(environ, start_response)

    def discovery(self, request) -> Response:
        return json_response({"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                              "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
                              "response_types_supported": ["code"], "subject_types_supported": ["public"],
                              "id_token_signing_alg_values_supported": ["RS256"],
                              "code_challenge_methods_supported": ["S256"],
                              "token_endpoint_auth_methods_supported": ["client_secret_basic"]})

    def jwks(self, request) -> Response:
        return json_response(KeySet([self.key]).as_dict(private=False))

    def authorize(self, request) -> Response:
        args = request.form if request.method == "POST" else request.args
        redirect_uri = args.get("redirect_uri", "")
        if args.get("client_id") != CLIENT_ID or (self.redirect_uris and redirect_uri not in self.redirect_uris):
            return Response("unknown client or redirect URI", status=400)
        if args.get("response_type") != "code" or args.get("code_challenge_method") != "S256" \
                or not args.get("code_challenge") or "openid" not in args.get("scope", "").split():
            return Response("an OpenID authorization-code request with PKCE S256 is required", status=400)
        if self.login_form and request.method != "POST":
            return self.sign_in_page(args)
        user = {"sub": args["sub"], "role": args["role"]} if request.method == "POST" else dict(self.user)
        self.signed_in.append(user)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"nonce": args.get("nonce"), "challenge": args["code_challenge"],
                            "redirect_uri": redirect_uri, "user": user}
        return Response("", status=302, headers={
            "Location": f"{redirect_uri}?{urlencode({'code': code, 'state': args.get('state', '')})}"})

    @staticmethod
    def sign_in_page(args) -> Response:
        """The provider's own sign-in form (`login_form`): the person types who they are and which role the
        platform gives them; the authorization request rides along in hidden fields."""
        hidden = "".join(f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
                         for name, value in args.items(multi=True) if name not in ("sub", "role"))
        return Response(f"""<!doctype html><html><head><title>Fake IdP sign-in</title></head><body>
<h1 id="idp">Sign in to the platform</h1><form method="post" action="/authorize">{hidden}
<label>User <input name="sub" autocomplete="off"></label> <label>Role <input name="role" autocomplete="off"></label>
<button type="submit">Sign in</button></form></body></html>""", mimetype="text/html")

    def token(self, request) -> Response:
        form = request.form
        self.exchanges.append(dict(form))
        auth = request.authorization
        if auth is None or (auth.username, auth.password) != (CLIENT_ID, CLIENT_SECRET):
            return json_response({"error": "invalid_client"}, 401)
        grant = self.codes.pop(form.get("code", ""), None)  # good once: a replayed code is unknown
        if form.get("grant_type") != "authorization_code" or grant is None:
            return json_response({"error": "invalid_grant", "error_description": "unknown or used code"}, 400)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
        if challenge.decode().rstrip("=") != grant["challenge"] or form.get("redirect_uri") != grant["redirect_uri"]:
            return json_response({"error": "invalid_grant", "error_description": "PKCE or redirect URI"}, 400)
        return json_response({"token_type": "Bearer", "expires_in": 3600, **self.tokens(grant)})

    def tokens(self, grant: dict) -> dict:
        now, user, tamper = int(time.time()), grant["user"], self.tamper
        access = self.sign({"iss": self.issuer, "sub": user["sub"], "aud": API_AUDIENCE, "role": user["role"],
                            "iat": now, "exp": now + 3600}, self.key)
        identity = {"iss": self.issuer, "sub": user["sub"], "aud": tamper.get("aud", CLIENT_ID), "iat": now,
                    "exp": now + tamper.get("exp_in", 600), "nonce": tamper.get("nonce", grant["nonce"])}
        key = self.impostor if tamper.get("impostor") else self.key
        return {"access_token": access, "id_token": self.sign(identity, key)}

    def mint(self, sub: str, role: str, **claims) -> str:
        """An access token as this provider issues it (for the API's side of the tests)."""
        now = int(time.time())
        return self.sign({"iss": self.issuer, "sub": sub, "aud": API_AUDIENCE, "role": role, "iat": now,
                          "exp": now + 3600, **claims}, self.key)

    @staticmethod
    def sign(claims: dict, key: RSAKey) -> str:
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


def json_response(body: dict, status: int = 200) -> Response:
    import json

    return Response(json.dumps(body), status=status, mimetype="application/json",
                    headers={"Cache-Control": "no-store"})
