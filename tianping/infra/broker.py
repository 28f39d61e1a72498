"""RabbitMQ readiness and topology.

`ensure_broker` answers whether the broker at AMQP_URI is up, starting a local rabbitmq-server when the
URI points at this machine and one is installed. `declare_topology` declares the event exchanges and the
durable SERVICE_POOL queues of every event handler, exactly as nameko would, before any service starts, so
an event published before its consumer first runs waits in its queue instead of being dropped.
"""

import inspect
import shutil
import subprocess
import time
from urllib.parse import urlparse

import pika
from nameko.events import SERVICE_POOL, EventHandler
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

from tianping.infra import deadletters
from tianping.lib import config as cfg

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", ""}


class BrokerUnavailable(RuntimeError):
    pass


def _params(amqp_uri: str, timeout: float) -> pika.URLParameters:
    params = pika.URLParameters(amqp_uri)
    params.socket_timeout = timeout
    params.blocked_connection_timeout = timeout
    params.stack_timeout = timeout
    params.connection_attempts = 1
    return params


def check(amqp_uri: str, timeout: float = 3.0) -> None:
    """Raise BrokerUnavailable with a one-line reason unless the broker accepts a connection."""
    try:
        conn = pika.BlockingConnection(_params(amqp_uri, timeout))
    except pika.exceptions.ProbableAuthenticationError as exc:
        raise BrokerUnavailable(f"RabbitMQ at {redact(amqp_uri)} refused the credentials") from exc
    except pika.exceptions.ProbableAccessDeniedError as exc:
        raise BrokerUnavailable(f"RabbitMQ at {redact(amqp_uri)} denied access to the virtual host") from exc
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        raise BrokerUnavailable(f"RabbitMQ does not answer at {redact(amqp_uri)} ({type(exc).__name__})") from exc
    conn.close()


def redact(amqp_uri: str) -> str:
    parsed = urlparse(amqp_uri)
    if parsed.password:
        return amqp_uri.replace(f":{parsed.password}@", ":***@")
    return amqp_uri


def ensure_broker(amqp_uri: str, start_timeout: float = 60.0, log=print) -> None:
    try:
        check(amqp_uri)
        return
    except BrokerUnavailable as first:
        parsed = urlparse(amqp_uri)
        server = shutil.which("rabbitmq-server")
        # Starting a local server helps only where one would listen: this machine, the default port.
        local_default = (parsed.hostname or "") in LOCAL_HOSTS and (parsed.port or 5672) == 5672
        if not local_default or not server or "refused" in str(first) or "denied" in str(first):
            hint = ("install RabbitMQ 3 (e.g. `apt-get install rabbitmq-server`) or set AMQP_URI to a reachable broker"
                    if not server else "set AMQP_URI to a reachable broker with valid credentials")
            raise BrokerUnavailable(f"{first}; {hint}") from None
    log("RabbitMQ is not running; starting it with `rabbitmq-server -detached` ...")
    subprocess.run([server, "-detached"], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + start_timeout
    while time.monotonic() < deadline:
        try:
            check(amqp_uri)
            return
        except BrokerUnavailable:
            time.sleep(1)
    raise BrokerUnavailable(f"started rabbitmq-server but it did not answer at {redact(amqp_uri)} "
                            f"within {start_timeout:.0f}s")


def event_queues(service_cls) -> list[tuple[str, str, str]]:
    """(exchange, queue, routing key) for each SERVICE_POOL event handler of a service class."""
    found = []
    for method_name, method in inspect.getmembers(service_cls, inspect.isfunction):
        for entrypoint in getattr(method, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, EventHandler) and entrypoint.handler_type is SERVICE_POOL:
                src, etype = entrypoint.source_service, entrypoint.event_type
                found.append((f"{src}.events", f"evt-{src}-{etype}--{service_cls.name}.{method_name}", etype))
    return found


def topology_queues(service_class) -> list[str]:
    """The durable queues the topology Job declares for one service: the dead-letter queue and its event queues."""
    return [deadletters.QUEUE_NAME] + [queue for _, queue, _ in event_queues(service_class)]


def missing_queues(amqp_uri: str, names: list[str]) -> list[str]:
    """Which of `names` the broker does not hold (a passive declare each; a missing queue closes its channel)."""
    conn = pika.BlockingConnection(_params(amqp_uri, 10))
    missing = []
    try:
        for name in names:
            channel = conn.channel()
            try:
                channel.queue_declare(name, passive=True)
                channel.close()
            except pika.exceptions.ChannelClosedByBroker:
                missing.append(name)
        return missing
    finally:
        conn.close()


def declare_topology(amqp_uri: str, service_classes, queue_type: str | None = None) -> list[str]:
    """Declare exchanges and durable queues (nameko's own arguments, and the queue type the services will declare
    them with: TIANPING_QUEUE_TYPE unless `queue_type` says). Returns the queue names."""
    conn = pika.BlockingConnection(_params(amqp_uri, 10))
    try:
        channel = conn.channel()
        names = [deadletters.QUEUE_NAME]  # where handlers park the messages they cannot process
        channel.exchange_declare(deadletters.EXCHANGE_NAME, exchange_type="fanout", durable=True)
        arguments = cfg.durable_queue_arguments(queue_type)
        channel.queue_declare(deadletters.QUEUE_NAME, durable=True, arguments=arguments)
        channel.queue_bind(deadletters.QUEUE_NAME, deadletters.EXCHANGE_NAME)
        for cls in service_classes:
            for exchange, queue, routing_key in event_queues(cls):
                channel.exchange_declare(exchange, exchange_type="topic", durable=True, auto_delete=False)
                channel.queue_declare(queue, durable=True, auto_delete=False, exclusive=False, arguments=arguments)
                channel.queue_bind(queue, exchange, routing_key=routing_key)
                names.append(queue)
        return names
    finally:
        conn.close()
