"""A broker restart must not kill a service: workaround for a race in nameko 2.14's QueueConsumer.

nameko#511/#512 made `ack_message` check that the message's connection is alive before acking, and catch
`amqp.exceptions.ConnectionError`. When the broker goes away between that check and the write, the socket
raises the builtin ConnectionResetError (an OSError), which escapes, ends the container's worker thread with
an error and stops the whole service (seen here: reputation exited with code 1 in a broker-restart test).
The broker has already requeued an unacked message of a lost connection, so a failed ack or requeue on a
dead connection is safe to drop: the redelivery is handled by the command log (tianping.platform.commands).

Dropping it is not enough, though: the failed write leaves py-amqp's connection in a state in which the consumer's
own read loop no longer notices that the connection is gone (seen: reputation consumed nothing for 11 minutes after
a broker restart). So a failed ack on the channel the consumer is live on throws a connection error into the
consumer's greenthread — once per dead channel — and kombu's run loop reconnects and re-consumes, exactly as when
its own read had failed.

The same race ends a service from the other side: an RPC worker that finishes while the broker is away cannot publish
its reply (kombu's OperationalError once its retries give up), and nameko lets that error end the container (seen:
reputation exited with code 1 mid-restart). The reply is dropped instead: the request is unacked on a lost connection,
so the broker redelivers it, and the caller's retry — commands are idempotent by request key — gets its answer.
"""

import logging

import eventlet
from amqp.exceptions import ConnectionError as AmqpConnectionError
from kombu.exceptions import OperationalError
from nameko.messaging import QueueConsumer
from nameko.rpc import Responder

from tianping.infra import producers

log = logging.getLogger(__name__)
_DEAD_CONNECTION = (OSError, EOFError, AmqpConnectionError)  # reset, broken pipe, closed channel

_ack, _requeue = QueueConsumer.ack_message, QueueConsumer.requeue_message
_consume_ready, _connection_error = QueueConsumer.on_consume_ready, QueueConsumer.on_connection_error
_get_consumers = QueueConsumer.get_consumers
_send_response = Responder.send_response


def _send_response_or_drop(self, result, exc_info):
    try:
        return _send_response(self, result, exc_info)
    except (OperationalError, *_DEAD_CONNECTION) as exc:
        log.warning("RPC reply lost with the broker connection (%s); the request is redelivered", exc)
        return result, exc_info


def _ack_message(self, message):
    try:
        _ack(self, message)
    except _DEAD_CONNECTION as exc:
        log.warning("ack lost with the broker connection (%s); the broker redelivers the message", exc)
        _reconnect(self, message)


def _requeue_message(self, message):
    try:
        _requeue(self, message)
    except _DEAD_CONNECTION as exc:
        log.warning("requeue lost with the broker connection (%s); the broker redelivers the message", exc)
        _reconnect(self, message)


def _reconnect(consumer, message) -> None:
    """Make the consumer reconnect if `message` came on the channel it is consuming on now (not a stale one)."""
    live = {getattr(c, "channel", None) for c in list(getattr(consumer, "_consumers", {}).values())}
    thread = getattr(consumer, "_gt", None)
    if message.channel not in live or thread is None or thread.dead or thread is eventlet.getcurrent():
        return
    if getattr(consumer, "_tianping_dead_channel", None) is message.channel:
        return  # already told
    consumer._tianping_dead_channel = message.channel
    consumer._tianping_connected = False
    log.warning("broker connection lost under the consumer: reconnecting")
    thread.kill(ConnectionResetError("the broker connection is gone (an ack on it failed)"))


def _get_consumers_unacked_where_declared(self, consumer_cls, channel):
    """nameko's consumers, each acknowledging its messages, except a provider's that declares `no_ack` (RPC replies:
    tianping.infra.rpc.UnackedReplyListener), which the broker hands over without waiting for an ack."""
    consumers = _get_consumers(self, consumer_cls, channel)
    for provider, consumer in self._consumers.items():
        consumer.no_ack = bool(getattr(provider, "no_ack", False))  # read by consume(), on entering the consumer
    return consumers


def _on_consume_ready(self, connection, channel, consumers, **kwargs):
    self._tianping_connected = True  # read by the readiness probe (tianping.infra.probes)
    _consume_ready(self, connection, channel, consumers, **kwargs)


def _on_connection_error(self, exc, interval):
    self._tianping_connected = False
    _connection_error(self, exc, interval)


class ReplyPublisher(Responder.publisher_cls):
    """An RPC reply without the broker's publish confirm. Waiting for the confirm costs every reply a broker round
    trip and ~0.2 ms of the service's CPU (bare RPC 1.83 -> 1.63 ms, three alternated runs each on a quiet machine,
    bench.routes). A reply is not a record: the command's effect is already stored, the request is acknowledged only
    after the reply is handed over, and a reply lost with a dying connection ends in the caller's timeout and retry,
    which the command log answers from its record (idempotent by request key)."""

    use_confirms = False


def install() -> None:
    Responder.publisher_cls = ReplyPublisher
    Responder.send_response = _send_response_or_drop
    QueueConsumer.ack_message = _ack_message
    QueueConsumer.get_consumers = _get_consumers_unacked_where_declared
    QueueConsumer.requeue_message = _requeue_message
    QueueConsumer.on_consume_ready = _on_consume_ready
    QueueConsumer.on_connection_error = _on_connection_error
    producers.install()  # one kombu Connection template per URI, not one per message


DEFAULT_BOUND = 2  # workers a bounded handler takes when its service's config does not say


class BoundedQueueConsumer(QueueConsumer):
    """nameko 2.14's QueueConsumer for handlers that must not take every worker: its own connection and channel, its
    prefetch the bound read from the service's config (`setting`), not `max_workers`.

    nameko shares one QueueConsumer (one channel) between a service's RPC and event entrypoints, each consumer
    prefetching `max_workers` messages; a backlog on one event queue then holds every worker and the RPCs wait behind
    it. A queue consumed here has at most `bound` messages unacknowledged, so at most that many workers run its
    handler whatever its backlog; the rest of the pool stays with the RPCs and the other handlers. A message is still
    acknowledged only after its handler returns (at least once)."""

    def __init__(self, setting: str):
        super().__init__()
        self.setting = setting

    @property
    def sharing_key(self):
        return type(self), self.setting

    @property
    def prefetch_count(self) -> int:
        return bound(self.container.config, self.setting, self.container.max_workers)


def bound(config: dict, setting: str, max_workers: int) -> int:
    """The workers a bounded handler may take: the setting (default DEFAULT_BOUND), at least 1 and at most all but one
    of the pool's workers."""
    return max(1, min(int(config.get(setting) or DEFAULT_BOUND), max_workers - 1))
