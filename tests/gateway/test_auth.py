"""Token verification and the signing secret (issue 15): HS256 with a secret of at least 32 bytes, generated per
deployment when none is configured; RS256 with a public key only with audience and issuer; bad tokens are
Unauthenticated, never 500."""

import os
import stat
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.auth import Authenticator, mint, require_role
from tianping.infra import jwt_secret
from tianping.lib.errors import Forbidden, Unauthenticated

SECRET = "s" * 32
OTHER = "o" * 32


def test_hs256_round_trip_and_role_check():
    auth = Authenticator(SECRET)
    principal = auth.principal("Bearer " + mint(SECRET, "alice", "reviewer"))
    assert principal == {"sub": "alice", "role": "reviewer"}
    require_role(principal, {"reviewer"})
    with pytest.raises(Forbidden):
        require_role(principal, {"platform_admin"})


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer ", "Bearer x.y.z",
                                    "Bearer " + mint(OTHER, "a", "reviewer")])
def test_bad_tokens_are_unauthenticated(header):
    with pytest.raises(Unauthenticated):
        Authenticator(SECRET).principal(header)


def test_expired_and_unknown_role_tokens_are_refused():
    now = int(time.time())
    expired = jwt.encode({"sub": "a", "role": "reviewer", "exp": now - 10}, SECRET, algorithm="HS256")
    wizard = jwt.encode({"sub": "a", "role": "wizard", "exp": now + 60}, SECRET, algorithm="HS256")
    for token in (expired, wizard):
        with pytest.raises(Unauthenticated):
            Authenticator(SECRET).principal(f"Bearer {token}")


def _rsa():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key, key.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def test_rs256_checks_audience_and_issuer_and_refuses_hs256_tokens():
    key, public = _rsa()
    auth = Authenticator(None, public_key=public, audience="tianping", issuer="https://idp.example")
    claims = {"sub": "svc", "role": "service", "exp": int(time.time()) + 60}
    good = jwt.encode({**claims, "aud": "tianping", "iss": "https://idp.example"}, key, algorithm="RS256")
    assert auth.principal(f"Bearer {good}")["role"] == "service"
    for bad in ({**claims, "aud": "another-app", "iss": "https://idp.example"},  # issued for someone else
                {**claims, "aud": "tianping", "iss": "https://evil.example"},
                claims):                                                     # no audience, no issuer
        with pytest.raises(Unauthenticated):
            auth.principal("Bearer " + jwt.encode(bad, key, algorithm="RS256"))
    with pytest.raises(Unauthenticated):
        auth.principal("Bearer " + mint(SECRET, "a", "platform_admin"))


def test_a_public_key_or_jwks_without_audience_and_issuer_is_refused_at_start_up():
    _, public = _rsa()
    with pytest.raises(jwt_secret.SecretRefused):
        Authenticator(None, public_key=public)
    with pytest.raises(jwt_secret.SecretRefused):
        Authenticator(None, jwks_url="https://idp.example/jwks", audience="tianping")


@pytest.mark.parametrize("secret", [None, "", "dev-secret-change-me", "x" * 31])
def test_a_missing_or_short_secret_is_refused_at_start_up(secret):
    with pytest.raises(jwt_secret.SecretRefused):
        Authenticator(secret)
    if secret:
        with pytest.raises(jwt_secret.SecretRefused):
            jwt_secret.resolve("/nonexistent", secret)


def test_with_no_secret_configured_one_is_generated_into_the_data_dir_once_owner_only(tmp_path):
    first = jwt_secret.resolve(tmp_path, None)
    path = tmp_path / jwt_secret.FILE_NAME
    assert len(first.encode()) >= 32 and path.read_text() == first
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert jwt_secret.resolve(tmp_path, None) == first                   # every later run and `make token` agree
    assert jwt_secret.resolve(tmp_path / "other", None) != first         # each deployment its own
    assert jwt_secret.resolve(tmp_path, "c" * 40) == "c" * 40            # a configured secret wins


def test_only_a_rights_holder_claim_or_a_platform_admin_files_ip_notices_R_LST_13():
    from gateway.routes.listing import rights_holder

    auth = Authenticator(SECRET)
    holder = auth.principal("Bearer " + mint(SECRET, "nike-legal", "consumer", extra={"rights_holder": True}))
    assert holder == {"sub": "nike-legal", "role": "consumer", "rights_holder": True}
    assert rights_holder(holder) == "nike-legal"
    assert rights_holder(auth.principal("Bearer " + mint(SECRET, "admin-1", "platform_admin"))) == "admin-1"
    for claim in (None, "true", 1):  # only the JSON value true counts
        plain = auth.principal("Bearer " + mint(SECRET, "m1", "merchant",
                                                extra=None if claim is None else {"rights_holder": claim}))
        assert "rights_holder" not in plain
        with pytest.raises(Forbidden):
            rights_holder(plain)


def test_a_verified_token_is_remembered_briefly_and_never_past_its_expiry(monkeypatch):
    """Issue 30: a token verified once is not verified again for VERIFIED_CACHE_SECONDS, nor past its own `exp`."""
    import gateway.auth as auth_module

    auth, decoded = Authenticator(SECRET), []
    decode = auth._decode
    monkeypatch.setattr(auth, "_decode", lambda token: decoded.append(token) or decode(token))
    token = mint(SECRET, "alice", "reviewer", ttl_s=30)
    first = auth.principal(f"Bearer {token}")
    first["role"] = "platform_admin"  # a caller changing its copy changes nothing remembered
    assert auth.principal(f"Bearer {token}") == {"sub": "alice", "role": "reviewer"} and len(decoded) == 1
    now = time.time()
    monkeypatch.setattr(auth_module.time, "time", lambda: now + 31)  # past exp (30 s), inside the cache's 60 s
    auth.principal(f"Bearer {token}")  # verified again: the real clock says still valid, ours says expired
    assert len(decoded) == 2
    with pytest.raises(Unauthenticated):  # a bad token is never remembered as good
        auth.principal("Bearer " + mint(OTHER, "alice", "reviewer"))
