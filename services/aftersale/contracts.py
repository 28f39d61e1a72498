"""Aftersale's contract with the rest of the system: its RPC inputs and outputs and the events it publishes (none yet:
its own issue adds them). Other services and the gateway import this module, nothing else of aftersale."""

from .schemas import RequestIn, RequestOut  # noqa: F401 - RPC inputs and outputs

SERVICE = "aftersale"
EVENTS = ()
