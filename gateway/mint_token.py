"""`make token ROLE=reviewer SUB=alice`: mint a local HS256 token for curl sessions."""

import argparse
import os

from gateway.auth import ROLES, mint

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--sub", required=True)
    parser.add_argument("--ttl", type=int, default=3600)
    args = parser.parse_args()
    print(mint(os.environ.get("TIANPING_JWT_SECRET", "dev-secret-change-me"), args.sub, args.role, args.ttl))
