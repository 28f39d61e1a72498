"""RPC with a timeout on every call, and a request key that survives redelivery.

nameko's in-service RpcProxy waits forever; TimedRpc sends the same request (context data and
correlation id included) and gives up after the timeout with UpstreamTimeout. A call to a service with
no running consumer fails at once with ServiceUnavailable.

Every RPC entrypoint of the system is the kit's `rpc`: it gives the worker a request key — the one the
caller sent, else the AMQP correlation id of the request message, which a redelivered message keeps — so a
command (tianping.platform.commands) can tell a redelivery from a new request. TimedRpc derives a key per outgoing
call from its worker's key, so a command re-run after a crash makes the same downstream calls with the
same keys.
"""

import itertools

import eventlet
from nameko import rpc as nameko_rpc
from nameko.amqp.publish import Publisher
from nameko.exceptions import UnknownService
from nameko.extensions import DependencyProvider
from nameko.rpc import MethodProxy, ReplyListener, ServiceProxy

from tianping.infra import amqp
from tianping.lib import config as cfg
from tianping.lib.errors import ServiceUnavailable, UpstreamTimeout

amqp.install()  # every component imports this module: a broker restart must not stop any of them

REQUEST_KEY = "request_key"  # context data key (travels as the `nameko.request_key` header)


class DurableRpcConsumer(nameko_rpc.RpcConsumer):
    """The service's `rpc-<service>` request queue, declared with the durable queue type (TIANPING_QUEUE_TYPE): a
    quorum queue on a RabbitMQ cluster survives the restart or drain of the node that led it, so one node's drain does
    not empty the API. nameko 2.14 declares the queue itself with `durable=True` and no arguments; only the arguments
    are added here. Reply queues stay classic (per caller, with x-expires: quorum queues cannot expire or be
    exclusive) — a reply in flight on a restarted node is lost and its caller times out and retries with its key."""

    def setup(self):
        if self.queue is None:
            super().setup()
            self.queue.queue_arguments = cfg.durable_queue_arguments()


class Rpc(nameko_rpc.Rpc):
    rpc_consumer = DurableRpcConsumer()

    def unpack_message_headers(self, message):
        context = super().unpack_message_headers(message)
        if not context.get(REQUEST_KEY):
            context[REQUEST_KEY] = message.properties.get("correlation_id")
        return context


rpc = Rpc.decorator


class _UnroutedPublisher(Publisher):
    """nameko's publisher without `mandatory`: a message the broker cannot route is dropped rather than returned
    (without confirms a return would surface as an error on whichever later publish shares the channel)."""

    def publish(self, payload, **kwargs):
        super().publish(payload, **{**kwargs, "mandatory": False})


class _QueryProxy(MethodProxy):
    publisher_cls = _UnroutedPublisher


class TimedCaller:
    def __init__(self, worker_ctx, reply_listener, timeout: float, routed: set | None = None):
        self._worker_ctx = worker_ctx
        self._reply_listener = reply_listener
        self.timeout = timeout
        self._calls = itertools.count(1)
        self._routed = set() if routed is None else routed  # services the broker confirmed routing to (TimedRpc's)

    def call(self, service: str, method: str, *args, timeout: float | None = None, **kwargs):
        return self.call_async(service, method, *args, **kwargs)(timeout)

    def query_async(self, service: str, method: str, *args, **kwargs):
        """call_async for a query (an operation that changes nothing), sent without waiting for the broker's publish
        confirm once the broker has confirmed routing to `service` from this container. The confirm is what tells a
        service that is not running (no `rpc-<service>` queue: ServiceUnavailable at once); that queue is durable, so
        once it routed it keeps routing, running consumer or not. Waiting for the confirm was a fifth of the gateway's
        CPU on a read (issue 30). A query lost in a broker failure times out (504) like an unanswered one; commands
        keep their confirm (and their redelivery-safe keys)."""
        if service not in self._routed:
            wait = self.call_async(service, method, *args, **kwargs)
            self._routed.add(service)
            return wait
        return self._send(service, method, _QueryProxy(self._worker_ctx, service, method, self._reply_listener,
                                                       use_confirms=False), args, kwargs)

    def call_async(self, service: str, method: str, *args, **kwargs):
        """Send now; returns `wait(timeout=None)` that yields the result or raises."""
        proxy = getattr(ServiceProxy(self._worker_ctx, service, self._reply_listener), method)
        return self._send(service, method, proxy, args, kwargs)

    def _send(self, service: str, method: str, proxy, args, kwargs):
        data = self._worker_ctx.data
        parent = data.get(REQUEST_KEY)
        # the n-th call of this worker: deterministic when a command is re-run, distinct within one run
        if parent:
            data[REQUEST_KEY] = f"{parent}/{next(self._calls)}:{service}.{method}"
        try:
            reply = proxy.call_async(*args, **kwargs)
        except UnknownService as exc:
            raise ServiceUnavailable(f"service {service!r} is not running") from exc
        finally:
            if parent:
                data[REQUEST_KEY] = parent
        return self._waiter(service, method, reply)

    def _waiter(self, service: str, method: str, reply):
        def wait(timeout: float | None = None):
            limit = self.timeout if timeout is None else timeout
            try:
                with eventlet.Timeout(limit):
                    return reply.result()
            except eventlet.Timeout as exc:
                raise UpstreamTimeout(f"{service}.{method} did not answer within {limit:g}s") from exc

        return wait


class UnackedReplyListener(ReplyListener):
    """nameko's reply listener, consuming its caller's reply queue without acknowledgements. An ack per reply was a
    tenth of the gateway's CPU on a read (issue 30's profile: basic_ack frames) and a broker round of work per RPC.
    Nothing is lost that an ack would keep: the queue is this caller's own, and a reply that reaches a caller that
    died is useless whether acked or not (its caller's retry, keyed, gets the answer again)."""

    no_ack = True  # tianping.infra.amqp consumes such a provider's queue with no_ack

    def handle_message(self, body, message):
        client_event = self._reply_events.pop(message.properties.get("correlation_id"), None)
        if client_event is not None:
            client_event.send(body)


class TimedRpc(DependencyProvider):
    rpc_reply_listener = UnackedReplyListener()

    def __init__(self, timeout: float | None = None):
        self.timeout = timeout

    def setup(self):
        if self.timeout is None:
            self.timeout = cfg.rpc_timeout(self.container.config)
        self.routed: set[str] = set()  # per container: a new one (a test's, a restarted one) confirms afresh

    def get_dependency(self, worker_ctx):
        return TimedCaller(worker_ctx, self.rpc_reply_listener, self.timeout, self.routed)
