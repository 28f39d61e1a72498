from gateway.auth import mint


def bearer(role: str, sub: str = "tester") -> dict:
    return {"Authorization": f"Bearer {mint('dev-secret-change-me', sub, role)}"}
