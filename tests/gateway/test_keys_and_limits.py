"""Keys and limits that hold with several gateway replicas (issue 29): the per-principal rate limit is shared across
replicas through the gateway's database; an HS256 secret rotates with a window where both verify; RS256 keys come
from a JWKS file by kid; a missing key refuses start-up."""

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.auth import Authenticator, mint
from gateway.guards import SHARED_WINDOW_S, PerKeyLimit, RateLimiter
from tianping.infra.jwt_secret import SecretRefused
from tianping.lib.errors import RateLimited

OLD, NEW = "o" * 32, "n" * 32


def replica_limiter(collection, rate=1.0, burst=2.0) -> RateLimiter:
    """A gateway replica's limiter over the shared collection (what setup() builds with RATE_LIMIT_SHARED=1)."""
    limiter = RateLimiter()
    limiter.rate, limiter.burst, limiter.local, limiter.shared = rate, burst, PerKeyLimit(rate, burst), collection
    collection.create_index("expires_at", expireAfterSeconds=0)
    return limiter


def test_the_rate_limit_holds_across_gateway_replicas(service_db):
    collection = service_db("gateway")["rate_windows"]
    replicas = [replica_limiter(collection), replica_limiter(collection), replica_limiter(collection)]
    now = 1_000 * SHARED_WINDOW_S + 0.5
    allowed = 2 + 1 * SHARED_WINDOW_S  # burst + rate x window
    for n in range(allowed):  # spread over three replicas: each alone stays far under the limit
        replicas[n % 3].take_shared("sre:greedy", now)
    with pytest.raises(RateLimited) as refused:
        replicas[0].take_shared("sre:greedy", now)
    assert int(refused.value.fields["retry_after_s"][0]) == SHARED_WINDOW_S
    replicas[1].take_shared("sre:patient", now)  # another principal is unaffected
    replicas[2].take_shared("sre:greedy", now + SHARED_WINDOW_S)  # the next window starts afresh


def test_a_store_that_does_not_answer_fails_open_to_the_local_limit(service_db):
    limiter = replica_limiter(service_db("gateway")["rate_windows"])

    class Down:
        def find_one_and_update(self, *args, **kwargs):
            from pymongo.errors import ServerSelectionTimeoutError
            raise ServerSelectionTimeoutError("down")

    limiter.shared = Down()
    limiter.take("sre:x")  # no exception: the local bucket still limits


def test_hs256_rotation_window_old_and_new_secrets_both_verify():
    old_token, new_token = mint(OLD, "u", "sre"), mint(NEW, "u", "sre")
    during = Authenticator(NEW, previous_secret=OLD)
    assert during.principal(f"Bearer {old_token}")["sub"] == "u"
    assert during.principal(f"Bearer {new_token}")["sub"] == "u"
    after = Authenticator(NEW)
    from tianping.lib.errors import Unauthenticated
    with pytest.raises(Unauthenticated):
        after.principal(f"Bearer {old_token}")
    with pytest.raises(SecretRefused):
        Authenticator(NEW, previous_secret="short")


def test_a_missing_key_refuses_start_up_with_a_clear_error():
    with pytest.raises(SecretRefused, match="TIANPING_JWT_SECRET"):
        Authenticator(None)


def test_rs256_keys_from_a_jwks_file_by_kid_old_and_new_during_rotation(tmp_path):
    old, new = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
    keys = []
    for kid, key in (("old", old), ("new", new)):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
        keys.append({**jwk, "kid": kid, "use": "sig", "alg": "RS256"})
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": keys}))
    auth = Authenticator(None, jwks_file=str(path), audience="tianping", issuer="https://idp.example")
    claims = {"sub": "svc", "role": "service", "exp": int(time.time()) + 60, "aud": "tianping",
              "iss": "https://idp.example"}
    for kid, key in (("old", old), ("new", new)):
        token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})
        assert auth.principal(f"Bearer {token}")["sub"] == "svc"
    forged = jwt.encode(claims, old, algorithm="RS256", headers={"kid": "new"})
    from tianping.lib.errors import Unauthenticated
    with pytest.raises(Unauthenticated):
        auth.principal(f"Bearer {forged}")
    with pytest.raises(SecretRefused):
        Authenticator(None, jwks_file=str(tmp_path / "missing.json"), audience="a", issuer="b")
