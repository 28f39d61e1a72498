"""The gateway's routes, one module per domain, each a mixin of route methods the GatewayService combines. Every
route is declared with gateway.api.route; services are reached only through their contracts and TimedRpc."""

from tianping.lib.errors import Forbidden, ValidationFailed

ADMIN = {"platform_admin"}
OPERATORS = {"platform_admin", "reviewer", "mediator", "sre", "service"}
READERS = OPERATORS | {"lab"}
REVIEWERS = {"platform_admin", "reviewer"}
APPLICANTS = {"merchant", "mcn", "host", "community_manager", "consumer"}


def viewer(principal: dict) -> dict:
    return {"sub": principal["sub"], "role": principal["role"], "purpose": "gateway read"}


def own_or_operator(principal: dict, subject_id: str) -> None:
    """Applicants act only on their own records; operators on any."""
    if principal["role"] not in READERS and principal["sub"] != subject_id:
        raise Forbidden("you may act only on your own records", {"subject_id": ["not yours"]})


def limit(request, default: int = 50) -> int:
    value = request.args.get("limit", str(default))
    if not value.isdigit() or not 1 <= int(value) <= 500:
        raise ValidationFailed("limit must be a whole number from 1 to 500", {"limit": ["1..500"]})
    return int(value)
