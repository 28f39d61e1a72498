"""Bearer-JWT authentication: HS256 with the deployment's own secret (tianping.infra.jwt_secret), or RS256 with an identity
provider's public key or JWKS URL — then with the audience and issuer required and checked."""

import time

import jwt

from tianping.infra.jwt_secret import SecretRefused, check
from tianping.lib.errors import Forbidden, Unauthenticated

ROLES = ("platform_admin", "reviewer", "mediator", "merchant", "mcn", "host", "community_manager", "consumer",
         "lab", "sre", "service")


class Authenticator:
    """HS256 with a shared secret of at least 32 bytes, RS256 with a PEM public key, or RS256 keys from a JWKS URL
    (production identity providers; keys are fetched and cached by PyJWT's PyJWKClient)."""

    def __init__(self, secret: str | None, public_key: str | None = None, jwks_url: str | None = None,
                 audience: str | None = None, issuer: str | None = None):
        if (public_key or jwks_url) and not (audience and issuer):
            raise SecretRefused("with a public key or a JWKS URL, TIANPING_JWT_AUDIENCE and TIANPING_JWT_ISSUER are "
                                "required: tokens issued for another application must not be accepted")
        if not (public_key or jwks_url):
            if not secret:
                raise SecretRefused("no TIANPING_JWT_SECRET: the launcher provides one (see tianping.infra.jwt_secret)")
            check(secret)
        self.jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=3) if jwks_url else None
        self.key, self.algorithms = (public_key, ["RS256"]) if public_key or jwks_url else (secret, ["HS256"])
        self.audience, self.issuer = audience or None, issuer or None

    def principal(self, authorization: str | None) -> dict:
        if not authorization or not authorization.startswith("Bearer "):
            raise Unauthenticated("a bearer token is required", {"Authorization": ["missing bearer token"]})
        token = authorization[7:].strip()
        try:
            key = self.jwks.get_signing_key_from_jwt(token).key if self.jwks else self.key
            required = ["sub", "role", "exp"] + (["aud"] if self.audience else []) + (["iss"] if self.issuer else [])
            claims = jwt.decode(token, key, algorithms=self.algorithms, audience=self.audience, issuer=self.issuer,
                                options={"require": required})
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid token: {exc}", {"Authorization": [str(exc)]}) from None
        if claims["role"] not in ROLES:
            raise Unauthenticated("token carries an unknown role", {"Authorization": ["unknown role"]})
        return {"sub": str(claims["sub"]), "role": claims["role"]}


def require_role(principal: dict, roles) -> None:
    if principal["role"] not in roles:
        raise Forbidden(f"role {principal['role']} may not use this route", {"role": [f"one of {sorted(roles)}"]})


def mint(secret: str, sub: str, role: str, ttl_s: int = 3600, audience: str | None = None,
         issuer: str | None = None) -> str:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    now = int(time.time())
    claims = {"sub": sub, "role": role, "iat": now, "exp": now + ttl_s,
              **({"aud": audience} if audience else {}), **({"iss": issuer} if issuer else {})}
    return jwt.encode(claims, secret, algorithm="HS256")
