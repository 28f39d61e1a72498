"""The gateway's HS256 signing secret: never a constant in the code, never in a manifest or a log.

TIANPING_JWT_SECRET when set (at least 32 bytes, or start-up is refused); otherwise a random 32-byte secret that the
first `make run` (or `make token`) writes into the data dir, readable by its owner only (mode 0600), and that every
later run and `make token` read again. Deployments that verify tokens of an identity provider (a public key or a
JWKS URL) need no secret at all, but must name the audience and issuer they accept.
"""

import os
import secrets
from pathlib import Path

MIN_BYTES = 32
FILE_NAME = "jwt-secret"


class SecretRefused(ValueError):
    pass


def check(secret: str) -> str:
    if len(secret.encode()) < MIN_BYTES:
        raise SecretRefused(f"TIANPING_JWT_SECRET is {len(secret.encode())} bytes; at least {MIN_BYTES} are required "
                            f"(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(32))')")
    return secret


def resolve(data_dir: Path, configured: str | None) -> str:
    """The configured secret (checked), else the data dir's own, created on first use."""
    if configured:
        return check(configured)
    path = Path(data_dir) / FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process wrote it first: read theirs
            return check(path.read_text().strip())
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(MIN_BYTES))
    return check(path.read_text().strip())
