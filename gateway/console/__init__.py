"""The staff console at /console: server-rendered pages (Jinja2, autoescaped) over the same route handlers as the
API — each page and form runs the API route's own handler behind the API route's own role check and schemas, so
the console can never do what the API refuses. Signed in by a session cookie holding the bearer token (pasted, or
from the identity provider's authorization-code flow)."""

from .disputes import DisputePages
from .home import HomePages
from .live import LivePages
from .review import ReviewPages
from .signin import SignInPages
from .subjects import SubjectPages


class ConsoleRoutes(SignInPages, HomePages, ReviewPages, LivePages, DisputePages, SubjectPages):
    """The console's pages, one mixin per area, combined into the GatewayService."""
