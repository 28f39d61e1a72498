"""Bearer tokens for the tests, signed with this run's own random secret (handed to every system the tests start)."""

import secrets

from gateway.auth import mint

SECRET = secrets.token_urlsafe(32)


def bearer(role: str, sub: str = "tester", **claims) -> dict:
    return {"Authorization": f"Bearer {mint(SECRET, sub, role, extra=claims or None)}"}
