"""Bearer-JWT authentication: HS256 with a configured secret (embedded default) or RS256 with a public key."""

import time

import jwt

from tianping.errors import Forbidden, Unauthenticated

ROLES = ("platform_admin", "reviewer", "mediator", "merchant", "mcn", "host", "community_manager", "consumer",
         "lab", "sre", "service")


class Authenticator:
    """HS256 with a shared secret (embedded default), RS256 with a PEM public key, or RS256 keys from a JWKS URL
    (production identity providers; keys are fetched and cached by PyJWT's PyJWKClient)."""

    def __init__(self, secret: str, public_key: str | None = None, jwks_url: str | None = None):
        self.jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=3) if jwks_url else None
        self.key, self.algorithms = (public_key, ["RS256"]) if public_key or jwks_url else (secret, ["HS256"])

    def principal(self, authorization: str | None) -> dict:
        if not authorization or not authorization.startswith("Bearer "):
            raise Unauthenticated("a bearer token is required", {"Authorization": ["missing bearer token"]})
        token = authorization[7:].strip()
        try:
            key = self.jwks.get_signing_key_from_jwt(token).key if self.jwks else self.key
            claims = jwt.decode(token, key, algorithms=self.algorithms,
                                options={"require": ["sub", "role", "exp"]})
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid token: {exc}", {"Authorization": [str(exc)]}) from None
        if claims["role"] not in ROLES:
            raise Unauthenticated("token carries an unknown role", {"Authorization": ["unknown role"]})
        return {"sub": str(claims["sub"]), "role": claims["role"]}


def require_role(principal: dict, roles) -> None:
    if principal["role"] not in roles:
        raise Forbidden(f"role {principal['role']} may not use this route", {"role": [f"one of {sorted(roles)}"]})


def mint(secret: str, sub: str, role: str, ttl_s: int = 3600) -> str:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    now = int(time.time())
    return jwt.encode({"sub": sub, "role": role, "iat": now, "exp": now + ttl_s}, secret, algorithm="HS256")
