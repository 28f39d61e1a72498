"""RPC with a timeout on every call.

nameko's in-service RpcProxy waits forever; TimedRpc sends the same request (context data and
correlation id included) and gives up after the timeout with UpstreamTimeout. A call to a service with
no running consumer fails at once with ServiceUnavailable.
"""

import eventlet
from nameko.exceptions import UnknownService
from nameko.extensions import DependencyProvider
from nameko.rpc import ReplyListener, ServiceProxy

from . import config as cfg
from .errors import ServiceUnavailable, UpstreamTimeout


class TimedCaller:
    def __init__(self, worker_ctx, reply_listener, timeout: float):
        self._worker_ctx = worker_ctx
        self._reply_listener = reply_listener
        self.timeout = timeout

    def call(self, service: str, method: str, *args, timeout: float | None = None, **kwargs):
        return self.call_async(service, method, *args, **kwargs)(timeout)

    def call_async(self, service: str, method: str, *args, **kwargs):
        """Send now; returns `wait(timeout=None)` that yields the result or raises."""
        proxy = ServiceProxy(self._worker_ctx, service, self._reply_listener)
        try:
            reply = getattr(proxy, method).call_async(*args, **kwargs)
        except UnknownService as exc:
            raise ServiceUnavailable(f"service {service!r} is not running") from exc

        def wait(timeout: float | None = None):
            limit = self.timeout if timeout is None else timeout
            try:
                with eventlet.Timeout(limit):
                    return reply.result()
            except eventlet.Timeout as exc:
                raise UpstreamTimeout(f"{service}.{method} did not answer within {limit:g}s") from exc

        return wait


class TimedRpc(DependencyProvider):
    rpc_reply_listener = ReplyListener()

    def __init__(self, timeout: float | None = None):
        self.timeout = timeout

    def setup(self):
        if self.timeout is None:
            self.timeout = cfg.rpc_timeout(self.container.config)

    def get_dependency(self, worker_ctx):
        return TimedCaller(worker_ctx, self.rpc_reply_listener, self.timeout)
