"""`make token ROLE=reviewer SUB=alice`: mint a local HS256 token for curl sessions, with the same secret the local
`make run` uses (TIANPING_JWT_SECRET, else the one generated into the data dir)."""

import argparse

from gateway.auth import ROLES, mint
from tianping.infra import jwt_secret
from tianping.lib import config as cfg

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--sub", required=True)
    parser.add_argument("--ttl", type=int, default=3600)
    args = parser.parse_args()
    settings = cfg.settings()
    secret = jwt_secret.resolve(settings.data_dir, cfg.env("TIANPING_JWT_SECRET"))
    print(mint(secret, args.sub, args.role, args.ttl, cfg.env("TIANPING_JWT_AUDIENCE"), cfg.env("TIANPING_JWT_ISSUER")))
