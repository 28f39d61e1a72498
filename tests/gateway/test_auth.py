"""Token verification: HS256 default, RS256 with a public key; bad tokens are Unauthenticated, never 500."""

import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.auth import Authenticator, mint, require_role
from tianping.errors import Forbidden, Unauthenticated


def test_hs256_round_trip_and_role_check():
    auth = Authenticator("s3cret")
    principal = auth.principal("Bearer " + mint("s3cret", "alice", "reviewer"))
    assert principal == {"sub": "alice", "role": "reviewer"}
    require_role(principal, {"reviewer"})
    with pytest.raises(Forbidden):
        require_role(principal, {"platform_admin"})


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer ", "Bearer x.y.z",
                                    "Bearer " + mint("other-secret", "a", "reviewer")])
def test_bad_tokens_are_unauthenticated(header):
    with pytest.raises(Unauthenticated):
        Authenticator("s3cret").principal(header)


def test_expired_and_unknown_role_tokens_are_refused():
    now = int(time.time())
    expired = jwt.encode({"sub": "a", "role": "reviewer", "exp": now - 10}, "s3cret", algorithm="HS256")
    wizard = jwt.encode({"sub": "a", "role": "wizard", "exp": now + 60}, "s3cret", algorithm="HS256")
    for token in (expired, wizard):
        with pytest.raises(Unauthenticated):
            Authenticator("s3cret").principal(f"Bearer {token}")


def test_rs256_public_key_mode_refuses_hs256_tokens():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    auth = Authenticator("s3cret", public_key=public)
    token = jwt.encode({"sub": "svc", "role": "service", "exp": int(time.time()) + 60}, key, algorithm="RS256")
    assert auth.principal(f"Bearer {token}")["role"] == "service"
    with pytest.raises(Unauthenticated):
        auth.principal("Bearer " + mint("s3cret", "a", "platform_admin"))
