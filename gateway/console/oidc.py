"""Sign-in through the platform's identity provider: OpenID Connect's authorization-code flow with state, nonce and
PKCE (S256) by Authlib's OAuth 2 client, the endpoints from the issuer's discovery document, the ID token checked by
joserfc and Authlib's ID-token claims against the provider's JWKS (signature, iss, aud, exp, nonce, at_hash). The
access token the provider issued becomes the session: verified on every request exactly as the API verifies a
bearer token, so its role is the console role. Configured by TIANPING_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET."""

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from urllib.parse import urlparse

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from nameko.extensions import DependencyProvider

from tianping.lib.errors import ServiceUnavailable, Unauthenticated

DISCOVERY = "/.well-known/openid-configuration"
METADATA_TTL_S = 3600  # the discovery document and the JWKS are re-read hourly (and the JWKS on an unknown kid)
TIMEOUT_S = 5
LEEWAY_S = 60  # clock difference tolerated on exp and iat
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


class Provider:
    """One identity provider, as this client of it: discovery, the authorization URL, the code exchange and the
    ID token's checks. Thread-safe; its discovery document and keys are cached per process."""

    def __init__(self, issuer: str, client_id: str, client_secret: str | None = None, redirect_uri: str | None = None,
                 scope: str = "openid"):
        host = urlparse(issuer).hostname or ""
        if urlparse(issuer).scheme != "https" and host not in LOCAL_HOSTS:
            raise ValueError(f"TIANPING_OIDC_ISSUER {issuer} must be an https URL (http only on localhost)")
        self.issuer, self.client_id, self.client_secret = issuer.rstrip("/"), client_id, client_secret or None
        self.redirect_uri, self.scope = redirect_uri or None, scope
        self._lock = threading.Lock()
        self._metadata: dict | None = None
        self._keys: KeySet | None = None
        self._loaded_at = 0.0

    def _get(self, url: str) -> dict:
        try:
            answer = requests.get(url, timeout=TIMEOUT_S)
            answer.raise_for_status()
            return answer.json()
        except (requests.RequestException, ValueError) as exc:
            raise ServiceUnavailable(f"the identity provider did not answer {url}: {exc}",
                                     {"identity_provider": [str(exc)]}) from None

    def metadata(self) -> dict:
        with self._lock:
            if self._metadata is None or time.monotonic() - self._loaded_at > METADATA_TTL_S:
                found = self._get(self.issuer + DISCOVERY)
                if found.get("issuer", "").rstrip("/") != self.issuer:  # OpenID Connect Discovery 1.0 §4.3
                    raise ServiceUnavailable("the identity provider's discovery document names another issuer",
                                             {"issuer": [str(found.get("issuer"))]})
                self._metadata, self._keys, self._loaded_at = found, None, time.monotonic()
            return self._metadata

    def keys(self, refresh: bool = False) -> KeySet:
        jwks_uri = self.metadata()["jwks_uri"]
        with self._lock:
            if self._keys is None or refresh:
                self._keys = KeySet.import_key_set(self._get(jwks_uri))
            return self._keys

    def session(self, redirect_uri: str) -> OAuth2Session:
        method = "client_secret_basic" if self.client_secret else "none"
        return OAuth2Session(self.client_id, self.client_secret, token_endpoint_auth_method=method, scope=self.scope,
                             redirect_uri=self.redirect_uri or redirect_uri, code_challenge_method="S256")

    def authorization(self, redirect_uri: str) -> tuple[str, dict]:
        """(the URL to send the browser to, the flow to remember until the callback: state, nonce, code verifier)."""
        flow = {"state": secrets.token_urlsafe(24), "nonce": secrets.token_urlsafe(24),
                "verifier": secrets.token_urlsafe(48), "redirect_uri": self.redirect_uri or redirect_uri}
        with self.session(redirect_uri) as client:
            url, _ = client.create_authorization_url(self.metadata()["authorization_endpoint"], state=flow["state"],
                                                     nonce=flow["nonce"], code_verifier=flow["verifier"])
        return url, flow

    def exchange(self, code: str, flow: dict) -> dict:
        """The token endpoint's answer for this code (each code is good once: a replayed one is refused there)."""
        try:
            with self.session(flow["redirect_uri"]) as client:
                token = client.fetch_token(self.metadata()["token_endpoint"], code=code,
                                           code_verifier=flow["verifier"], timeout=TIMEOUT_S)
        except OAuthError as exc:
            raise Unauthenticated(f"the identity provider refused the code: {exc.error}"
                                  f"{' (' + exc.description + ')' if exc.description else ''}",
                                  {"code": [exc.error or "refused"]}) from None
        except requests.RequestException as exc:
            raise ServiceUnavailable(f"the identity provider's token endpoint did not answer: {exc}",
                                     {"identity_provider": [str(exc)]}) from None
        if not token.get("id_token") or not token.get("access_token"):
            raise Unauthenticated("the identity provider answered without an ID token and an access token",
                                  {"token": ["id_token and access_token required"]})
        return token

    def id_claims(self, token: dict, nonce: str) -> dict:
        """The ID token's claims once its signature (the provider's JWKS), iss, aud, exp, iat, nonce and at_hash
        hold; else Unauthenticated naming what failed."""
        algorithms = self.metadata().get("id_token_signing_alg_values_supported") or ["RS256"]
        registry = JWSRegistry(algorithms=[a for a in algorithms if a != "none"], strict_check_header=False)
        try:
            try:
                decoded = jwt.decode(token["id_token"], self.keys(), registry=registry)
            except InvalidKeyIdError:  # the provider rotated its keys since they were read
                decoded = jwt.decode(token["id_token"], self.keys(refresh=True), registry=registry)
            options = {"iss": {"essential": True, "value": self.metadata()["issuer"]},
                       "aud": {"essential": True, "value": self.client_id}}
            claims = CodeIDToken(decoded.claims, decoded.header, options,
                                 {"nonce": nonce, "client_id": self.client_id, "access_token": token["access_token"]})
            claims.validate(leeway=LEEWAY_S)
        except (JoseError, ValueError) as exc:
            raise Unauthenticated(f"the identity provider's ID token is refused: {describe(exc)}",
                                  {"id_token": [describe(exc)]}) from None
        return dict(claims)


def describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


class Oidc(DependencyProvider):
    """The configured identity provider (TIANPING_OIDC_ISSUER and _CLIENT_ID set), else None: paste a token."""

    def setup(self):
        config = self.container.config
        issuer, client_id = config.get("OIDC_ISSUER") or None, config.get("OIDC_CLIENT_ID") or None
        self.provider = Provider(issuer, client_id, config.get("OIDC_CLIENT_SECRET") or None,
                                 config.get("OIDC_REDIRECT_URI") or None) if issuer and client_id else None

    def get_dependency(self, worker_ctx):
        return self.provider


def seal(key: bytes, flow: dict) -> str:
    """The flow as a cookie value only this deployment can have made: base64url(JSON).HMAC."""
    body = base64.urlsafe_b64encode(json.dumps(flow, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"{body}.{hmac.new(key, body.encode(), hashlib.sha256).hexdigest()}"


def unseal(key: bytes, value: str | None) -> dict | None:
    body, _, mac = (value or "").rpartition(".")
    if not body or not hmac.compare_digest(mac, hmac.new(key, body.encode(), hashlib.sha256).hexdigest()):
        return None
    try:
        flow = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError:
        return None
    return flow if isinstance(flow, dict) and flow.get("expires", 0) > time.time() else None
