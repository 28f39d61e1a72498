"""A broker restart must not kill a service: workaround for a race in nameko 2.14's QueueConsumer.

nameko#511/#512 made `ack_message` check that the message's connection is alive before acking, and catch
`amqp.exceptions.ConnectionError`. When the broker goes away between that check and the write, the socket
raises the builtin ConnectionResetError (an OSError), which escapes, ends the container's worker thread with
an error and stops the whole service (seen here: reputation exited with code 1 in a broker-restart test).
The broker has already requeued an unacked message of a lost connection, so a failed ack or requeue on a
dead connection is safe to drop: the redelivery is handled by the command log (tianping.commands).
"""

import logging

from amqp.exceptions import ConnectionError as AmqpConnectionError
from nameko.messaging import QueueConsumer

log = logging.getLogger(__name__)
_DEAD_CONNECTION = (OSError, EOFError, AmqpConnectionError)  # reset, broken pipe, closed channel

_ack, _requeue = QueueConsumer.ack_message, QueueConsumer.requeue_message


def _ack_message(self, message):
    try:
        _ack(self, message)
    except _DEAD_CONNECTION as exc:
        log.warning("ack lost with the broker connection (%s); the broker redelivers the message", exc)


def _requeue_message(self, message):
    try:
        _requeue(self, message)
    except _DEAD_CONNECTION as exc:
        log.warning("requeue lost with the broker connection (%s); the broker redelivers the message", exc)


def install() -> None:
    QueueConsumer.ack_message = _ack_message
    QueueConsumer.requeue_message = _requeue_message
