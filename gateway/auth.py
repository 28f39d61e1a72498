"""Bearer-JWT authentication: HS256 with the deployment's own secret (tianping.infra.jwt_secret), or RS256 with an identity
provider's public key or JWKS URL — then with the audience and issuer required and checked."""

import time

import jwt

from tianping.infra.jwt_secret import SecretRefused, check
from tianping.lib.errors import Forbidden, Unauthenticated

VERIFIED_CACHE_SIZE = 10_000  # tokens remembered as verified (cleared when full: bounded memory)
VERIFIED_CACHE_SECONDS = 60   # and for at most this long, never past the token's own expiry
ROLES = ("platform_admin", "reviewer", "mediator", "merchant", "mcn", "host", "community_manager", "consumer",
         "lab", "sre", "service")


class Authenticator:
    """HS256 with a shared secret of at least 32 bytes, RS256 with a PEM public key, or RS256 keys from a JWKS URL
    (production identity providers; keys are fetched and cached by PyJWT's PyJWKClient)."""

    def __init__(self, secret: str | None, public_key: str | None = None, jwks_url: str | None = None,
                 audience: str | None = None, issuer: str | None = None, previous_secret: str | None = None,
                 jwks_file: str | None = None):
        """`previous_secret` (TIANPING_JWT_SECRET_PREVIOUS) still verifies during a rotation window: tokens signed
        with the old secret stay valid until they expire or the window is closed by unsetting it. `jwks_file` is a
        JWKS document on disk (a mounted ConfigMap): RS256 keys chosen by the token's `kid`, so an identity provider
        rotates by publishing the new key beside the old one."""
        self.jwks_set = _jwks_from_file(jwks_file) if jwks_file else None
        if self.jwks_set is not None:
            public_key = public_key or "jwks-file"
        if (public_key or jwks_url) and not (audience and issuer):
            raise SecretRefused("with a public key or a JWKS URL, TIANPING_JWT_AUDIENCE and TIANPING_JWT_ISSUER are "
                                "required: tokens issued for another application must not be accepted")
        if not (public_key or jwks_url):
            if not secret:
                raise SecretRefused("no TIANPING_JWT_SECRET: the launcher provides one (see tianping.infra.jwt_secret)")
            check(secret)
        self.jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=3) if jwks_url else None
        self.key, self.algorithms = (public_key, ["RS256"]) if public_key or jwks_url else (secret, ["HS256"])
        self.keys = [self.key] + ([check(previous_secret)] if previous_secret and self.algorithms == ["HS256"] else [])
        self.audience, self.issuer = audience or None, issuer or None
        self.verified: dict[str, tuple[dict, float]] = {}  # token -> (principal, trusted until, epoch seconds)

    def _keys_for(self, token: str) -> list:
        if self.jwks is not None:
            return [self.jwks.get_signing_key_from_jwt(token).key]
        if self.jwks_set is not None:
            kid = jwt.get_unverified_header(token).get("kid")
            return [k.key for k in self.jwks_set.keys if kid is None or k.key_id == kid]
        return self.keys

    def _decode(self, token: str) -> dict:
        required = ["sub", "role", "exp"] + (["aud"] if self.audience else []) + (["iss"] if self.issuer else [])
        keys = self._keys_for(token)
        if not keys:
            raise jwt.InvalidKeyError("no key of the JWKS file matches the token's kid")
        for n, key in enumerate(keys):  # the current key first; the previous one only during a rotation window
            try:
                return jwt.decode(token, key, algorithms=self.algorithms, audience=self.audience, issuer=self.issuer,
                                  options={"require": required})
            except jwt.InvalidSignatureError:
                if n == len(keys) - 1:
                    raise
        raise jwt.InvalidSignatureError("no key verifies the token")

    def principal(self, authorization: str | None) -> dict:
        """The token's principal. A token verified in the last VERIFIED_CACHE_SECONDS (and not expired since) is not
        verified again: its signature and claims cannot have changed, and a client sends the same token with every
        request (the signature check and claim parsing were a tenth of the gateway's CPU on a read)."""
        if not authorization or not authorization.startswith("Bearer "):
            raise Unauthenticated("a bearer token is required", {"Authorization": ["missing bearer token"]})
        token = authorization[7:].strip()
        known = self.verified.get(token)
        if known is not None and time.time() < known[1]:
            return dict(known[0])
        principal, expires = self._verify(token)
        if len(self.verified) >= VERIFIED_CACHE_SIZE:
            self.verified.clear()
        self.verified[token] = (principal, min(expires, time.time() + VERIFIED_CACHE_SECONDS))
        return dict(principal)

    def _verify(self, token: str) -> tuple[dict, float]:
        try:
            claims = self._decode(token)
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid token: {exc}", {"Authorization": [str(exc)]}) from None
        if claims["role"] not in ROLES:
            raise Unauthenticated("token carries an unknown role", {"Authorization": ["unknown role"]})
        principal = {"sub": str(claims["sub"]), "role": claims["role"]}
        if claims.get("rights_holder") is True:  # a verified rights holder may file IP notices (R-LST-13)
            principal["rights_holder"] = True
        return principal, float(claims["exp"])


def _jwks_from_file(path: str):
    try:
        with open(path) as file:
            return jwt.PyJWKSet.from_json(file.read())
    except (OSError, jwt.PyJWTError) as exc:
        raise SecretRefused(f"TIANPING_JWT_JWKS_FILE {path} is not a readable JWKS document: {exc}") from None


def require_role(principal: dict, roles) -> None:
    if principal["role"] not in roles:
        raise Forbidden(f"role {principal['role']} may not use this route", {"role": [f"one of {sorted(roles)}"]})


def mint(secret: str, sub: str, role: str, ttl_s: int = 3600, audience: str | None = None,
         issuer: str | None = None, extra: dict | None = None) -> str:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    now = int(time.time())
    claims = {"sub": sub, "role": role, "iat": now, "exp": now + ttl_s,
              **({"aud": audience} if audience else {}), **({"iss": issuer} if issuer else {}), **(extra or {})}
    return jwt.encode(claims, secret, algorithm="HS256")
