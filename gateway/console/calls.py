"""How a console page reaches the services: by running the API route's own handler (gateway/routes/*.py) with the
API route's own checks — its roles, its path ids, its query declaration and its body schema. One code path, so a
page or form can never do what the API refuses."""

import eventlet
from werkzeug.datastructures import MultiDict

from tianping.lib import errors

from ..api import check_path
from ..auth import require_role
from ..query import check_query


class RouteRequest:
    """What a route handler reads of its request: the query arguments (and, rarely, headers)."""

    def __init__(self, args: dict):
        self.args = MultiDict(args)
        self.headers: dict = {}


def api(service, principal: dict, handler_name: str, body: dict | None = None, args: dict | None = None,
        **params):
    """The answer of the API route `handler_name` (a GatewayService route method) for this principal."""
    handler = getattr(type(service), handler_name)
    spec, fn = handler.route_spec, handler.__wrapped__
    if spec["roles"] is not None:
        require_role(principal, spec["roles"])
    check_path(params)
    present = {name: str(value) for name, value in (args or {}).items() if value not in (None, "")}
    check_query(present, spec["query"])
    data = None
    if spec["body"] is not None:
        data = errors.load(spec["body"](), body or {})
    return fn(service, RouteRequest(present), principal, data, **params)


def api_or_none(service, principal: dict, handler_name: str, **params):
    """The same, with a 404 as None (a subject never onboarded, a subject never blacklisted)."""
    try:
        return api(service, principal, handler_name, **params)
    except errors.NotFound:
        return None


def together(*reads) -> list:
    """The answers of independent reads (None: not asked), asked at once rather than one after another: a page
    waits for its slowest read, not for their sum. Reads only — a command's request key is per call in sequence."""
    asked = [read for read in reads if read is not None]
    answers = iter(eventlet.GreenPool(max(len(asked), 1)).imap(lambda read: read(), asked))
    return [next(answers) if read is not None else None for read in reads]
